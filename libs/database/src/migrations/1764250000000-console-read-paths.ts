import type { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `status IN ('new', 'triaged', 'assigned', 'in_progress', 'awaiting_resident', 'reopened')`;

/**
 * The console's read paths at a million tickets (issue 18, BENCHMARKS.md "Console read paths"):
 * - the search reaches the reference and the author's name through a trigram index too (the
 *   text has had one since the start), so a term found in few tickets no longer reads them all;
 *   a term of one or two letters, which no trigram index can find, matches the start of words
 *   through a `simple` text-search index of the same three columns;
 * - a department's and a member's open tickets, newest first, are read in index order (the inbox)
 *   instead of gathering every open ticket of the department and sorting them;
 * - the triage queue (`status = new`) of a district and its count read only the district's new
 *   tickets (and those of no district) by one index, with no second index to intersect;
 * - the cluster list walks clusters most recently active first, and tells whether the reader sees
 *   any ticket of one from the cluster index alone (it now carries the three scope columns).
 */
export class ConsoleReadPaths1764250000000 implements MigrationInterface {
  name = 'ConsoleReadPaths1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX tickets_search_trgm_idx ON tickets USING gin (reference gin_trgm_ops, author_name gin_trgm_ops)`);
    await q.query(`CREATE INDEX tickets_words_idx ON tickets USING gin (to_tsvector('simple', text || ' ' || reference || ' ' || author_name))`);
    await q.query(`CREATE INDEX tickets_open_department_idx ON tickets (department_id, created_at DESC, id DESC) WHERE ${OPEN}`);
    await q.query(`CREATE INDEX tickets_open_assignee_idx ON tickets (assignee_id, created_at DESC, id DESC) WHERE ${OPEN}`);
    await q.query(`CREATE INDEX tickets_open_status_district_idx ON tickets (status, district_id) WHERE ${OPEN}`);
    await q.query(
      `CREATE INDEX tickets_cluster_scope_idx ON tickets (cluster_id) INCLUDE (district_id, department_id, assignee_id) WHERE cluster_id IS NOT NULL`,
    );
    await q.query(`DROP INDEX tickets_cluster_idx`);
    await q.query(`CREATE INDEX clusters_updated_idx ON clusters (updated_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX clusters_updated_idx`);
    await q.query(`CREATE INDEX tickets_cluster_idx ON tickets (cluster_id) WHERE cluster_id IS NOT NULL`);
    await q.query(`DROP INDEX tickets_cluster_scope_idx`);
    for (const index of [
      'tickets_open_status_district_idx',
      'tickets_open_assignee_idx',
      'tickets_open_department_idx',
      'tickets_words_idx',
      'tickets_search_trgm_idx',
    ])
      await q.query(`DROP INDEX ${index}`);
  }
}
