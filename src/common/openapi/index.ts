/** The public entry of common/openapi: what other parts of the app may use. */
export { buildOpenApiDocument } from './openapi-document';
