/** The public entry of common/logging: what other parts of the app may use. */
export { appLogger } from './app-logger';
export { currentRequestId, useRequestContext } from './request-context';
export { useRequestLog } from './request-log';
export { RootLogger, createRootLogger, logsDebug } from './root-logger';
export { redactSecrets } from './redact';
export { SlowQueryLogger } from './slow-query.logger';
