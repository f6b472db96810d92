import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../unit-of-work.js';

/** A job as the outbox keeps it: which queue, which job, its payload, and when it should run. */
export interface OutboxRow {
  queue: string;
  name: string;
  jobId: string;
  data: unknown;
  /** Epoch milliseconds; null runs at once. */
  runAt: number | null;
}

export interface StoredOutboxRow extends OutboxRow {
  id: string;
  attempts: number;
}

/** The transactional outbox (migration 1764130000000): jobs committed with the write that asked for them. */
@Injectable()
export class OutboxRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /** Stores jobs in the open transaction (UnitOfWork.run); a job already staged (same queue and id) is kept once. Returns the new rows' ids. */
  async stage(rows: readonly OutboxRow[]): Promise<string[]> {
    if (!rows.length) return [];
    const inserted = (await this.uow.manager.query(
      `INSERT INTO job_outbox (queue, name, job_id, data, run_at)
       SELECT q, n, j, d, CASE WHEN r IS NULL THEN NULL ELSE to_timestamp(r / 1000.0) END
         FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::double precision[]) AS x(q, n, j, d, r)
       ON CONFLICT (queue, job_id) DO NOTHING RETURNING id`,
      [rows.map((r) => r.queue), rows.map((r) => r.name), rows.map((r) => r.jobId), rows.map((r) => JSON.stringify(r.data)), rows.map((r) => r.runAt)],
    )) as Array<{ id: string }>;
    return inserted.map((r) => r.id);
  }

  /** Rows whose job Redis has taken. */
  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length) await this.uow.manager.query(`DELETE FROM job_outbox WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /**
   * Locks up to `limit` rows staged more than `olderThanMs` ago, oldest first; other relays skip
   * them. The grace leaves the request that staged a row the time to hand it over itself.
   */
  async takeStale(olderThanMs: number, limit: number): Promise<StoredOutboxRow[]> {
    const rows = (await this.uow.manager.query(
      `SELECT id, queue, name, job_id AS "jobId", data, (extract(epoch FROM run_at) * 1000)::float8 AS "runAt", attempts
         FROM job_outbox WHERE created_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [olderThanMs, limit],
    )) as StoredOutboxRow[];
    return rows;
  }

  /** Redis refused the relay too: kept for the next round, with the reason visible to an operator. */
  async markAttempt(ids: readonly string[], error: string): Promise<void> {
    if (ids.length) await this.uow.manager.query(`UPDATE job_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [ids, error]);
  }

  async count(): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM job_outbox`)) as Array<{ n: number }>;
    return row!.n;
  }
}
