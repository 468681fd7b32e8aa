import { Command, CommandRunner, Option } from 'nest-commander';
import {
  ApiKey,
  ApiKeysService,
  LastAdminKeyError,
  RATE_LIMIT_TIERS,
  RateLimitTier,
  toDateTime,
} from '../../modules/api-keys';
import { WorkspacesService } from '../../modules/workspaces';
import { printResult } from '../output';

interface CreateKeyOptions {
  workspace: string;
  name: string;
  scopes: string[];
  tier: RateLimitTier;
  expiresAt?: Date;
  json?: boolean;
}

const keyJson = (k: ApiKey) => ({
  id: k.id,
  workspace_id: k.workspaceId,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  rate_limit_tier: k.rateLimitTier,
  expires_at: k.expiresAt,
  revoked_at: k.revokedAt,
  last_used_at: k.lastUsedAt,
  created_at: k.createdAt,
});

@Command({
  name: 'keys:create',
  description: 'Create an API key; the secret is printed once, on the last line',
})
export class CreateKeyCommand extends CommandRunner {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly keys: ApiKeysService,
  ) {
    super();
  }

  async run(_: string[], options: CreateKeyOptions): Promise<void> {
    const workspace = await this.workspaces.findByIdOrName(options.workspace);
    const { key, secret } = await this.keys.create({
      workspaceId: workspace.id,
      name: options.name,
      scopes: options.scopes,
      rateLimitTier: options.tier,
      expiresAt: options.expiresAt ?? null,
    });
    printResult(options.json, { ...keyJson(key), key: secret }, [
      `Created key "${key.name}" (${key.scopes.join(', ')}) in workspace "${workspace.name}"`,
      `id: ${key.id}`,
      'The secret is shown only this once:',
      secret,
    ]);
  }

  @Option({
    flags: '--workspace <id-or-name>',
    description: 'workspace id or name',
    required: true,
  })
  parseWorkspace(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'key name', required: true })
  parseName(value: string): string {
    if (!value.trim() || value.length > 120) throw new Error('--name must be 1 to 120 characters');
    return value.trim();
  }

  @Option({
    flags: '--scopes <list>',
    description: 'comma-separated scopes or bundles (read, write, admin)',
    required: true,
  })
  parseScopes(value: string): string[] {
    return value.split(',').filter((s) => s.trim() !== '');
  }

  @Option({ flags: '--tier <tier>', description: 'standard|unmetered', defaultValue: 'standard' })
  parseTier(value: string): RateLimitTier {
    if (!(RATE_LIMIT_TIERS as readonly string[]).includes(value))
      throw new Error('--tier must be standard or unmetered');
    return value as RateLimitTier;
  }

  @Option({ flags: '--expires-at <iso>', description: 'expiry time, ISO 8601 date-time' })
  parseExpiresAt(value: string): Date {
    const date = toDateTime(value); // the API's reading of expires_at: a Date only if strict
    if (!(date instanceof Date)) {
      throw new Error(
        `--expires-at must be an ISO 8601 date-time on a real calendar day, e.g. 2027-01-01T00:00:00Z (got "${value}")`,
      );
    }
    return date;
  }

  @Option({ flags: '--json', description: 'print one JSON line' })
  parseJson(): boolean {
    return true;
  }
}

@Command({ name: 'keys:list', description: "List a workspace's API keys (never their secrets)" })
export class ListKeysCommand extends CommandRunner {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly keys: ApiKeysService,
  ) {
    super();
  }

  async run(_: string[], options: { workspace: string; json?: boolean }): Promise<void> {
    const workspace = await this.workspaces.findByIdOrName(options.workspace);
    const keys = await this.keys.list(workspace.id);
    printResult(
      options.json,
      keys.map(keyJson),
      keys.length
        ? keys.map(
            (k) =>
              `${k.id}  ${k.prefix}…  ${k.revokedAt ? 'revoked' : 'active '}  ${k.name}  [${k.scopes.join(',')}]`,
          )
        : ['No keys.'],
    );
  }

  @Option({
    flags: '--workspace <id-or-name>',
    description: 'workspace id or name',
    required: true,
  })
  parseWorkspace(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print one JSON line' })
  parseJson(): boolean {
    return true;
  }
}

@Command({ name: 'keys:revoke', arguments: '<key-id>', description: 'Revoke an API key' })
export class RevokeKeyCommand extends CommandRunner {
  constructor(private readonly keys: ApiKeysService) {
    super();
  }

  async run([keyId]: string[], options: { force?: boolean; json?: boolean }): Promise<void> {
    const key = await this.keys.revoke(keyId, { force: options.force }).catch((error: unknown) => {
      if (!(error instanceof LastAdminKeyError)) throw error;
      throw new Error(
        `refused by the last-admin rule: key ${keyId} is its workspace's last active key with ` +
          'api_keys:write, and a workspace always keeps one; create another first ' +
          '(keys:create --scopes admin) or pass --force to revoke it anyway',
      );
    });
    printResult(options.json, keyJson(key), [`Revoked key "${key.name}" (${key.id})`]);
  }

  @Option({
    flags: '--force',
    description: "revoke even the workspace's last active admin key (the API never does)",
  })
  parseForce(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print one JSON line' })
  parseJson(): boolean {
    return true;
  }
}
