import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two things the reports read at a million tickets (BENCHMARKS.md, measured on the benchmark's data):
 * - the wall-clock first-response time as a stored generated column: computing it per row in the
 *   report (interval, epoch, round, cast) took about a third of a month's aggregation; PostgreSQL
 *   now computes it once, when the row is written, and no application code can get it wrong;
 * - the monthly scorecard's "worst overdue" list through a partial index of the open tickets with
 *   a breached clock still unmet (67 -> 24 ms for a month): a small share of the rows, so only those
 *   pay for it on writes. Its predicate must stay the one ReportsRepository.overdue() writes, or
 *   PostgreSQL will not use it.
 * Adding a stored column rewrites the table: at a million tickets, about 30 s.
 */
export class ReportSpeed1764110000000 implements MigrationInterface {
  name = 'ReportSpeed1764110000000';

  async up(q: QueryRunner): Promise<void> {
    // A response recorded before the receipt (clock skew between channels) counts as 0, as on the business clock.
    await q.query(
      `ALTER TABLE tickets ADD COLUMN first_response_seconds integer
         GENERATED ALWAYS AS (round(date_part('epoch', first_response_at - LEAST(received_at, first_response_at)))::int) STORED`,
    );
    await q.query(
      `CREATE INDEX tickets_overdue_idx ON tickets (received_at)
        WHERE status NOT IN ('resolved', 'closed', 'rejected', 'merged')
          AND ((first_response_breached_at IS NOT NULL AND first_response_at IS NULL) OR (resolution_breached_at IS NOT NULL AND resolved_at IS NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tickets_overdue_idx`);
    await q.query(`ALTER TABLE tickets DROP COLUMN first_response_seconds`);
  }
}
