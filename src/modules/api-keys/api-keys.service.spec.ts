import { ApiError } from '../../common/errors/api-error';
import { Transactions } from '../../database/transactions';
import { WorkspacesService } from '../workspaces';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { hashSecret } from './key-secret';
import { LastUsedRecorder } from './last-used.recorder';

const secret = (n: number) => `wbk_${String(n).repeat(40)}`;

/** A repository that knows secrets 1 and 2 and records the hashes each read asked for. */
function fakeRepository() {
  const asked: string[][] = [];
  const known = [1, 2].map((n) => ({
    hash: hashSecret(secret(n)),
    id: `key-${n}`,
    name: `Key ${n}`,
    prefix: secret(n).slice(0, 12),
    scopes: ['prospects:read'],
    rate_limit_tier: 'standard',
    expires_at: null,
    workspace_id: `ws-${n}`,
    workspace_name: `Workspace ${n}`,
    plan: 'free',
  }));
  const findActiveByHashes = (hashes: string[]) => {
    asked.push(hashes);
    return Promise.resolve(known.filter((row) => hashes.includes(row.hash)));
  };
  const service = new ApiKeysService(
    { findActiveByHashes } as unknown as ApiKeysRepository,
    { record: jest.fn() } as unknown as LastUsedRecorder,
    {} as Transactions,
    {} as WorkspacesService,
  );
  return { service, asked };
}

describe('ApiKeysService.authenticate', () => {
  it('looks up the keys of requests that arrive together in one query', async () => {
    const { service, asked } = fakeRepository();
    const results = await Promise.allSettled(
      [1, 2, 1, 3].map((n) => service.authenticate(`Bearer ${secret(n)}`)),
    );
    expect(asked).toHaveLength(1);
    expect(asked[0]).toHaveLength(3); // each distinct key asked once
    const workspaces = results.map((r) => (r.status === 'fulfilled' ? r.value.workspace.id : r));
    expect(workspaces.slice(0, 3)).toEqual(['ws-1', 'ws-2', 'ws-1']);
    expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(ApiError);
  });

  it('reads the database again for each later request', async () => {
    const { service, asked } = fakeRepository();
    await service.authenticate(`Bearer ${secret(1)}`);
    await service.authenticate(`Bearer ${secret(1)}`);
    expect(asked).toHaveLength(2);
  });
});
