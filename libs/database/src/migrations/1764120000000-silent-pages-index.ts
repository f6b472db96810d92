import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monthly scorecard's silent pages: for each page, whether any of the month's comments got a
 * public answer. Through (page_id, received_at) that is one probe per page, which stops at the
 * first answered comment (1 ms for a month of a million-ticket year), where aggregating the whole
 * month by page took 50 ms (BENCHMARKS.md). Also serves "the tickets of a page".
 */
export class SilentPagesIndex1764120000000 implements MigrationInterface {
  name = 'SilentPagesIndex1764120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX tickets_page_idx ON tickets (page_id, received_at) WHERE page_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tickets_page_idx`);
  }
}
