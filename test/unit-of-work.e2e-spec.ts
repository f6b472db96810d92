import { Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { UnitOfWork, dataSourceOptions } from '@app/database';
import { createTestDatabase, dropTestDatabase, testDatabaseUrl } from './support/databases.js';

// The unit of work against real PostgreSQL: what is committed, what is undone, and when the
// after-commit work runs.
describe('UnitOfWork', () => {
  let name: string;
  let dataSource: DataSource;
  let uow: UnitOfWork;

  const write = (m: EntityManager, value: string) => m.query(`INSERT INTO uow_probe (value) VALUES ($1)`, [value]);
  const committed = async (): Promise<string[]> =>
    ((await dataSource.query(`SELECT value FROM uow_probe ORDER BY id`)) as Array<{ value: string }>).map((r) => r.value);
  const fail = (message: string) => Promise.reject(new Error(message));

  beforeAll(async () => {
    name = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(testDatabaseUrl(name), { connectTimeoutMs: 10_000, poolMax: 4 }));
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE uow_probe (id serial PRIMARY KEY, value text NOT NULL)`);
    uow = new UnitOfWork(dataSource);
  });

  beforeEach(() => dataSource.query(`TRUNCATE uow_probe`));

  afterAll(async () => {
    await dataSource.destroy();
    await dropTestDatabase(name);
  });

  it('commits the work and returns its result; outside a transaction the manager is the data source one', async () => {
    expect(uow.manager).toBe(dataSource.manager);
    const result = await uow.run(async (m) => {
      expect(uow.manager).toBe(m);
      expect(m).not.toBe(dataSource.manager);
      await write(m, 'a');
      return 42;
    });
    expect(result).toBe(42);
    await expect(committed()).resolves.toEqual(['a']);
  });

  it('carries the transaction through the calls it makes, and keeps concurrent units apart', async () => {
    // A repository that takes the manager from the unit of work, several awaits down.
    const deep = async (value: string) => {
      await Promise.resolve();
      await write(uow.manager, value);
    };
    const seen: Array<[EntityManager, EntityManager]> = [];
    await Promise.all(
      ['x', 'y'].map((v) =>
        uow.run(async (m) => {
          await deep(v);
          await new Promise((r) => setTimeout(r, 20));
          seen.push([m, uow.manager]);
        }),
      ),
    );
    expect(seen[0]![0]).toBe(seen[0]![1]);
    expect(seen[1]![0]).toBe(seen[1]![1]);
    expect(seen[0]![0]).not.toBe(seen[1]![0]);
    await expect(committed()).resolves.toEqual(expect.arrayContaining(['x', 'y']));
  });

  it('rolls everything back on an error, rethrows it, and runs no after-commit action', async () => {
    const ran: string[] = [];
    await expect(
      uow.run(async (m) => {
        await write(m, 'a');
        uow.afterCommit(() => ran.push('after'));
        await deep(uow);
        return fail('boom');
      }),
    ).rejects.toThrow('boom');
    expect(ran).toEqual([]);
    await expect(committed()).resolves.toEqual([]);

    async function deep(u: UnitOfWork) {
      await write(u.manager, 'b');
    }
  });

  it('joins a nested run to the outer transaction: its writes and after-commit actions share its fate', async () => {
    const ran: string[] = [];
    await expect(
      uow.run(async (outer) => {
        await uow.run(async (inner) => {
          expect(inner).toBe(outer);
          await write(inner, 'inner');
          uow.afterCommit(() => ran.push('inner'));
        });
        return fail('outer fails after the inner returned');
      }),
    ).rejects.toThrow('outer fails');
    expect(ran).toEqual([]);
    await expect(committed()).resolves.toEqual([]);

    await uow.run(async () => {
      await uow.run(async (m) => {
        await write(m, 'inner');
        uow.afterCommit(() => ran.push('inner'));
      });
      // Still inside the outer transaction: nothing has run yet.
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['inner']);
  });

  it('runs after-commit actions in order once the outermost transaction committed, before run returns, outside it', async () => {
    const ran: Array<{ action: string; seen: string[]; inTransaction: boolean }> = [];
    const inTransaction = () => uow.manager !== dataSource.manager;
    const result = await uow.run(async (m) => {
      await write(m, 'a');
      uow.afterCommit(async () => ran.push({ action: 'first', seen: await committed(), inTransaction: inTransaction() }));
      uow.afterCommit(() => {
        ran.push({ action: 'second', seen: [], inTransaction: inTransaction() });
      });
      expect(ran).toEqual([]);
      return 'done';
    });
    expect(result).toBe('done');
    // Another connection sees the write when the first action runs: it ran after the commit.
    expect(ran).toEqual([
      { action: 'first', seen: ['a'], inTransaction: false },
      { action: 'second', seen: [], inTransaction: false },
    ]);
  });

  it('an after-commit action that writes starts a transaction of its own', async () => {
    await uow.run(async (m) => {
      await write(m, 'a');
      uow.afterCommit(() =>
        uow.run(async (own) => {
          expect(own).not.toBe(m);
          await write(own, 'after');
        }),
      );
    });
    await expect(committed()).resolves.toEqual(['a', 'after']);
  });

  it('logs a failed after-commit action, runs the next ones, and leaves the committed write a success', async () => {
    // jest's globals are not injected in ESM mode: the logger is swapped by hand.
    const logged: unknown[] = [];
    const error = Logger.prototype.error;
    Logger.prototype.error = (message: unknown) => void logged.push(message);
    try {
      const ran: string[] = [];
      const result = await uow.run(async (m) => {
        await write(m, 'a');
        uow.afterCommit(() => fail('redis is down'));
        uow.afterCommit(() => {
          throw new Error('sync failure');
        });
        uow.afterCommit(() => ran.push('third'));
        return 'ok';
      });
      expect(result).toBe('ok');
      expect(ran).toEqual(['third']);
      expect(logged).toEqual([expect.objectContaining({ error: 'redis is down' }), expect.objectContaining({ error: 'sync failure' })]);
      await expect(committed()).resolves.toEqual(['a']);
    } finally {
      Logger.prototype.error = error;
    }
  });

  it('gives work that outlives its transaction (a promise left running) no access to it: it starts its own', async () => {
    let later!: Promise<void>;
    await uow.run(async (m) => {
      later = (async () => {
        await new Promise((r) => setTimeout(r, 20));
        expect(uow.manager).toBe(dataSource.manager);
        expect(() => uow.afterCommit(() => undefined)).toThrow('afterCommit needs an open transaction');
        await uow.run(async (own) => {
          expect(own).not.toBe(m);
          await write(own, 'late');
        });
      })();
    });
    await later;
    await expect(committed()).resolves.toEqual(['late']);
  });

  it('refuses afterCommit and savepoint outside a transaction', async () => {
    expect(() => uow.afterCommit(() => undefined)).toThrow('afterCommit needs an open transaction');
    await expect(uow.savepoint(async () => undefined)).rejects.toThrow('a savepoint needs an open transaction');
  });

  it('a failed savepoint undoes its own writes and after-commit actions only; the transaction goes on', async () => {
    const ran: string[] = [];
    await uow.run(async (m) => {
      await write(m, 'before');
      uow.afterCommit(() => ran.push('before'));
      await expect(
        uow.savepoint(async (s) => {
          expect(s).toBe(m);
          await write(uow.manager, 'in failed savepoint');
          uow.afterCommit(() => ran.push('failed savepoint'));
          // A statement error aborts the transaction: only the rollback to the savepoint recovers it.
          await s.query(`SELECT 1/0`);
        }),
      ).rejects.toThrow('division by zero');
      const kept = await uow.savepoint(async (s) => {
        await write(s, 'in released savepoint');
        uow.afterCommit(() => ran.push('released savepoint'));
        return 'kept';
      });
      expect(kept).toBe('kept');
      await write(m, 'after');
    });
    await expect(committed()).resolves.toEqual(['before', 'in released savepoint', 'after']);
    expect(ran).toEqual(['before', 'released savepoint']);
  });

  it('nests savepoints: an inner failure is caught inside the outer one, and a released savepoint still goes with a rollback', async () => {
    const ran: string[] = [];
    await uow.run(async () => {
      await uow.savepoint(async () => {
        await write(uow.manager, 'outer savepoint');
        await uow.savepoint(() => fail('inner')).catch(() => undefined);
        await uow.savepoint(async () => {
          await write(uow.manager, 'inner savepoint');
          uow.afterCommit(() => ran.push('inner savepoint'));
        });
      });
    });
    await expect(committed()).resolves.toEqual(['outer savepoint', 'inner savepoint']);
    expect(ran).toEqual(['inner savepoint']);

    await dataSource.query(`TRUNCATE uow_probe`);
    ran.length = 0;
    await expect(
      uow.run(async () => {
        await uow.savepoint(async () => {
          await write(uow.manager, 'released');
          uow.afterCommit(() => ran.push('released'));
        });
        return fail('the transaction fails after the savepoint was released');
      }),
    ).rejects.toThrow('the transaction fails');
    await expect(committed()).resolves.toEqual([]);
    expect(ran).toEqual([]);
  });
});
