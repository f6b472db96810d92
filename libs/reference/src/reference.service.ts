import type { DeepPartial } from 'typeorm';
import type { Page, ReferenceEntity, ReferenceRepository, UnitOfWork } from '@app/database';
import { notFound, type Actor } from '@app/domain';
import { jobIds, outboxJob, type JobOutbox } from '@app/queues';
import type { SlaService } from '@app/sla';
import type { ReferenceTable } from './reference-tables.js';

/**
 * The reads and writes of one reference table: every reader lists and gets the rows their scope
 * allows, an admin creates, changes and deletes them (who may write is the caller's guard).
 * One instance per table, provided by `ReferenceModule` under `referenceServiceToken`.
 */
export class ReferenceService<E extends ReferenceEntity, I extends object = object> {
  constructor(
    readonly table: ReferenceTable<E, I>,
    private readonly rows: ReferenceRepository<E>,
    private readonly uow: UnitOfWork,
    private readonly outbox: JobOutbox,
    private readonly sla: SlaService,
  ) {}

  list(actor: Actor, limit: number, cursor?: string): Promise<Page<E>> {
    return this.rows.list(limit, cursor, this.table.readScope?.(actor));
  }

  async get(actor: Actor, id: string): Promise<E> {
    const scope = this.table.readScope?.(actor) ?? {};
    const row = await this.rows.get(id);
    // A row outside the reader's scope answers like a missing one.
    if (Object.entries(scope).some(([column, value]) => (row as Record<string, unknown>)[column] !== value)) throw notFound(this.table.label, id);
    return row;
  }

  async create(input: I): Promise<E> {
    const values = await this.values(input);
    return this.change(() => this.rows.create(values));
  }

  async update(id: string, input: I): Promise<E> {
    const values = await this.values(input, await this.rows.get(id));
    return this.change(() => this.rows.update(id, values));
  }

  async remove(id: string): Promise<void> {
    this.table.beforeRemove?.(await this.rows.get(id));
    await this.change(() => this.rows.remove(id));
  }

  private async values(input: I, existing?: E): Promise<DeepPartial<E>> {
    return this.table.toValues ? this.table.toValues(input, existing) : (input as unknown as DeepPartial<E>);
  }

  /** A write; for an SLA rule, in one transaction with the re-timing job it asks for, so the change never goes without it. */
  private async change<T>(work: () => Promise<T>): Promise<T> {
    if (!this.table.retimesTickets) return work();
    return this.uow.run(async () => {
      const result = await work();
      const staged = await this.outbox.stage([outboxJob('sla', 'sla.retime', { reason: 'policy or calendar changed' }, jobIds.slaRetime(new Date()))]);
      this.uow.afterCommit(() => this.sla.invalidate());
      this.uow.afterCommit(() => this.outbox.dispatch(staged));
      return result;
    });
  }
}
