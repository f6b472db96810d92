import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** Work for after the commit: handing jobs to Redis, setting timers, telling the consoles. */
export type AfterCommitAction = () => unknown;

/** The transaction open in this async context, or one of its savepoints. */
interface Scope {
  manager: EntityManager;
  /** Registered here; a savepoint hands its own to the enclosing scope only when it is released. */
  actions: AfterCommitAction[];
  /** Savepoints around this scope, which names the next one. */
  depth: number;
  /** Committed or rolled back: nothing more may be registered. */
  closed: boolean;
}

/**
 * One transaction per unit of work, carried through the async calls it makes (AsyncLocalStorage):
 * code deep inside the work registers after-commit actions, opens savepoints or takes the
 * transaction's `manager` without being handed it. `run` inside `run` joins the outer transaction. Work registered with `afterCommit` runs once the
 * outermost transaction committed (never after a rollback), in order, before `run` returns; a
 * failing action is logged and the committed write stands.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);
  private readonly scope = new AsyncLocalStorage<Scope>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The open transaction's manager; outside one, the data source's (each statement on its own). */
  get manager(): EntityManager {
    const open = this.scope.getStore();
    return open && !open.closed ? open.manager : this.dataSource.manager;
  }

  /**
   * `isolation` applies to a transaction this call opens; joining an open one keeps the outer's.
   * REPEATABLE READ gives a reader one snapshot across its statements (the reports' cells and their
   * change log, read as of the same instant).
   */
  async run<T>(work: (m: EntityManager) => Promise<T>, isolation: 'READ COMMITTED' | 'REPEATABLE READ' = 'READ COMMITTED'): Promise<T> {
    const open = this.scope.getStore();
    // A closed scope is a promise that outlived its transaction: it gets a transaction of its own.
    if (open && !open.closed) return work(open.manager);
    let scope: Scope | undefined;
    let result: T;
    try {
      result = await this.dataSource.transaction(isolation, (manager) => {
        scope = { manager, actions: [], depth: 0, closed: false };
        return this.scope.run(scope, () => work(manager));
      });
    } finally {
      if (scope) scope.closed = true;
    }
    await this.runAfterCommit(scope!.actions);
    return result;
  }

  /** Runs `action` once the outermost transaction has committed; dropped if it (or the enclosing savepoint) rolls back. */
  afterCommit(action: AfterCommitAction): void {
    const open = this.scope.getStore();
    if (!open || open.closed) throw new Error('afterCommit needs an open transaction (UnitOfWork.run)');
    open.actions.push(action);
  }

  /**
   * Work that may fail on its own inside the open transaction: on an error its writes and its
   * after-commit actions are undone and the error rethrown, and the transaction goes on.
   */
  async savepoint<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.scope.getStore();
    if (!outer || outer.closed) throw new Error('a savepoint needs an open transaction (UnitOfWork.run)');
    const inner: Scope = { manager: outer.manager, actions: [], depth: outer.depth + 1, closed: false };
    const name = `uow_${inner.depth}`;
    await outer.manager.query(`SAVEPOINT ${name}`);
    let result: T;
    try {
      result = await this.scope.run(inner, () => work(inner.manager));
    } catch (e) {
      inner.closed = true;
      await outer.manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw e;
    }
    inner.closed = true;
    await outer.manager.query(`RELEASE SAVEPOINT ${name}`);
    outer.actions.push(...inner.actions);
    return result;
  }

  private async runAfterCommit(actions: readonly AfterCommitAction[]): Promise<void> {
    for (const action of actions) {
      try {
        await action();
      } catch (e) {
        // The write is committed: an error here must not turn it into a failed request or job.
        this.logger.error({ message: 'after-commit action failed; the committed write stands', error: (e as Error).message });
      }
    }
  }
}
