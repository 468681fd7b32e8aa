import { ApiError } from '../../common/errors/api-error';
import { Transactions } from '../../database/transactions';
import { WorkspacesService } from '../workspaces';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { KeyCache } from './key-cache';
import { hashSecret } from './key-secret';
import { LastUsedRecorder } from './last-used.recorder';

const secret = (n: number) => `wbk_${String(n).repeat(40)}`;

/**
 * A repository that knows secrets 1 and 2 and records the hashes each read asked for; `cache`
 * is not listening (so bypassed) unless a test says so.
 */
function fakeRepository(cache = new KeyCache({ maxAgeMs: 60_000, maxEntries: 100 })) {
  const asked: string[][] = [];
  const known = [1, 2].map((n) => ({
    hash: hashSecret(secret(n)),
    id: `key-${n}`,
    name: `Key ${n}`,
    prefix: secret(n).slice(0, 12),
    scopes: ['prospects:read'],
    rate_limit_tier: 'standard',
    expires_at: null as Date | null,
    workspace_id: `ws-${n}`,
    workspace_name: `Workspace ${n}`,
    plan: 'free',
  }));
  let gate: Promise<void> = Promise.resolve();
  const findActiveByHashes = async (hashes: string[]) => {
    asked.push(hashes);
    const rows = known.filter((row) => hashes.includes(row.hash)).map((row) => ({ ...row }));
    await gate;
    return rows;
  };
  const service = new ApiKeysService(
    { findActiveByHashes } as unknown as ApiKeysRepository,
    { record: jest.fn() } as unknown as LastUsedRecorder,
    {} as Transactions,
    {} as WorkspacesService,
    cache,
  );
  /** Holds the next reads' answers (read now) until the returned function is called. */
  const holdAnswers = () => {
    let release!: () => void;
    gate = new Promise((done) => (release = done));
    return release;
  };
  return { service, asked, known, cache, holdAnswers };
}

function listeningCache(): KeyCache {
  const cache = new KeyCache({ maxAgeMs: 60_000, maxEntries: 100 });
  cache.listening(); // a faked listener: connected
  return cache;
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

describe('ApiKeysService.authenticate with the key cache', () => {
  it('reads a key once while revocations are heard; an unknown key every time', async () => {
    const { service, asked } = fakeRepository(listeningCache());
    await service.authenticate(`Bearer ${secret(1)}`);
    const again = await service.authenticate(`Bearer ${secret(1)}`);
    expect(again.workspace.id).toBe('ws-1');
    expect(asked).toHaveLength(1);
    for (let i = 0; i < 2; i++) {
      await expect(service.authenticate(`Bearer ${secret(3)}`)).rejects.toBeInstanceOf(ApiError);
    }
    expect(asked).toHaveLength(3);
  });

  it('reads the database for every request while the listener is disconnected', async () => {
    const cache = listeningCache();
    const { service, asked } = fakeRepository(cache);
    await service.authenticate(`Bearer ${secret(1)}`);
    cache.notListening();
    await service.authenticate(`Bearer ${secret(1)}`);
    await service.authenticate(`Bearer ${secret(1)}`);
    expect(asked).toHaveLength(3);
  });

  it('a read begun before a revocation is heard is not kept', async () => {
    const cache = listeningCache();
    const { service, asked, holdAnswers } = fakeRepository(cache);
    const release = holdAnswers();
    const first = service.authenticate(`Bearer ${secret(1)}`); // reads the key before the revoke
    await new Promise((done) => setImmediate(done)); // the batch's query is sent
    expect(asked).toHaveLength(1);
    cache.revoked('key-1'); // the notification arrives before the answer
    release();
    await first;
    await service.authenticate(`Bearer ${secret(1)}`);
    expect(asked).toHaveLength(2); // read again, not answered from the old read
  });

  it('refuses a kept key once it has expired, by the clock', async () => {
    const { service, asked, known } = fakeRepository(listeningCache());
    const now = Date.now();
    known[0].expires_at = new Date(now + 1_000);
    await service.authenticate(`Bearer ${secret(1)}`);
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 1_000);
    try {
      await expect(service.authenticate(`Bearer ${secret(1)}`)).rejects.toBeInstanceOf(ApiError);
    } finally {
      clock.mockRestore();
    }
    expect(asked).toHaveLength(1); // answered from the cache, and refused all the same
  });
});
