import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Fastify from 'fastify';
import { DataSource, EntityManager } from 'typeorm';
import { currentRequestId, useRequestContext } from '../common/logging';
import { requestContextModule, Transactions } from './transactions';

/** A data source whose every transaction has a manager of its own, named tx1, tx2, … */
function fakeDataSource() {
  const defaultManager = { name: 'default' } as unknown as EntityManager;
  let opened = 0;
  const dataSource = {
    manager: defaultManager,
    isInitialized: true,
    transaction: jest.fn(
      (_isolation: unknown, work: (manager: EntityManager) => Promise<unknown>) =>
        work({ name: `tx${++opened}` } as unknown as EntityManager),
    ),
  };
  return { dataSource, defaultManager };
}

function managerName(transactions: Transactions): string {
  return (transactions.manager as unknown as { name: string }).name;
}

/** Transactions as the app builds it: the request context module and its transactional plugin. */
async function appTransactions(dataSource: object): Promise<Transactions> {
  @Global()
  @Module({ providers: [{ provide: DataSource, useValue: dataSource }], exports: [DataSource] })
  class FakeDatabaseModule {}
  const moduleRef = await Test.createTestingModule({
    imports: [FakeDatabaseModule, requestContextModule()],
    providers: [Transactions],
  }).compile();
  return moduleRef.get(Transactions);
}

describe('Transactions', () => {
  it('outside any request (the CLI, a job): the default manager, and run opens a transaction', async () => {
    const { dataSource, defaultManager } = fakeDataSource();
    const transactions = await appTransactions(dataSource);
    expect(transactions.manager).toBe(defaultManager);
    const seen = await transactions.run(async () => {
      const outer = managerName(transactions);
      // A run inside a run joins the outer transaction.
      const inner = await transactions.run(() => Promise.resolve(managerName(transactions)));
      return [outer, inner];
    });
    expect(seen).toEqual(['tx1', 'tx1']);
    expect(dataSource.transaction).toHaveBeenCalledTimes(1);
    expect(transactions.manager).toBe(defaultManager);
  });

  it('keeps concurrent transactions apart, and leaves none behind when the work fails', async () => {
    const { dataSource, defaultManager } = fakeDataSource();
    const transactions = await appTransactions(dataSource);
    const names = await Promise.all(
      [0, 1, 2].map(() =>
        transactions.run(async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return managerName(transactions);
        }),
      ),
    );
    expect(new Set(names).size).toBe(3);
    await expect(transactions.run(() => Promise.reject(new Error('rolled back')))).rejects.toThrow(
      'rolled back',
    );
    expect(transactions.manager).toBe(defaultManager);
  });

  it('works on a data source outside a Nest app (new Transactions(dataSource))', async () => {
    const { dataSource, defaultManager } = fakeDataSource();
    const transactions = new Transactions(dataSource as unknown as DataSource);
    expect(await transactions.run(() => Promise.resolve(managerName(transactions)))).toBe('tx1');
    expect(transactions.manager).toBe(defaultManager);
  });

  it('one context per request: its id and its transaction together, and nothing after it', async () => {
    const { dataSource } = fakeDataSource();
    const transactions = await appTransactions(dataSource);
    const fastify = Fastify({ genReqId: () => `req_${Math.random().toString(36).slice(2)}` });
    useRequestContext(fastify);
    fastify.get('/', async (request) => {
      const before = currentRequestId();
      const inside = await transactions.run(() =>
        Promise.resolve({ reqId: currentRequestId(), manager: managerName(transactions) }),
      );
      return { id: request.id, before, inside, after: managerName(transactions) };
    });
    const [first, second] = await Promise.all([
      fastify.inject('/').then((response) => response.json()),
      fastify.inject('/').then((response) => response.json()),
    ]);
    for (const body of [first, second]) {
      expect(body.before).toBe(body.id);
      expect(body.inside.reqId).toBe(body.id);
      expect(body.inside.manager).toMatch(/^tx\d$/);
      expect(body.after).toBe('default');
    }
    expect(first.id).not.toBe(second.id);
    expect(first.inside.manager).not.toBe(second.inside.manager);
    expect(currentRequestId()).toBeUndefined();
    await fastify.close();
  });
});
