import { Principal } from './principal';

/**
 * What the guard needs to know a caller: the api-keys module provides it, so that `common/`
 * never imports a feature module.
 */
export abstract class KeyAuthenticator {
  /** Resolves an `Authorization` header to its caller, or throws `invalid_key`. */
  abstract authenticate(header: string | undefined): Promise<Principal>;
}
