/** The public entry of common/auth: what other parts of the app may use. */
export { Admission } from './admission';
export { ApiKeyGuard } from './api-key.guard';
export { AuthorizeBody, Public, RequireScopes } from './auth.decorators';
export { CurrentPrincipal, Principal, assertScopes, principalOf } from './principal';
export { LeanRoute, useLeanRoute } from './lean-route';
export { SCOPES, SCOPES_AND_BUNDLES, Scope, expandScopes } from './scopes';
export { KeyAuthenticator } from './key-authenticator';
