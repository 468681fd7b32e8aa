/** The one list of permissions an API key can hold. */
export const SCOPES = [
  'prospects:read',
  'contacts:read',
  'contacts:write',
  'lists:read',
  'lists:write',
  'api_keys:read',
  'api_keys:write',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Shorthands accepted wherever scopes are given. */
export const SCOPE_BUNDLES: Record<string, readonly Scope[]> = {
  read: ['prospects:read', 'contacts:read', 'lists:read'],
  write: ['contacts:write', 'lists:write'],
  admin: ['api_keys:read', 'api_keys:write'],
};

export const SCOPES_AND_BUNDLES: readonly string[] = [...SCOPES, ...Object.keys(SCOPE_BUNDLES)];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Scopes and bundles → the sorted, distinct scopes they stand for; unknown names are returned apart. */
export function expandScopes(names: readonly string[]): { scopes: Scope[]; unknown: string[] } {
  const scopes = new Set<Scope>();
  const unknown: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (isScope(name)) scopes.add(name);
    else if (Object.hasOwn(SCOPE_BUNDLES, name)) SCOPE_BUNDLES[name].forEach((s) => scopes.add(s));
    else unknown.push(raw);
  }
  return { scopes: SCOPES.filter((s) => scopes.has(s)), unknown };
}
