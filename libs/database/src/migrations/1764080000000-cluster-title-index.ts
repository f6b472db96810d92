import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A new ticket is compared with each cluster's title (its first ticket's text) rather than with every
 * member: comparing with all members grows with the cluster, and the intake benchmark measured it
 * falling to 6 tickets/s once clusters held thousands of look-alike tickets.
 */
export class ClusterTitleIndex1764080000000 implements MigrationInterface {
  name = 'ClusterTitleIndex1764080000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX clusters_title_trgm_idx ON clusters USING gin (title gin_trgm_ops)`);
    await q.query(`CREATE INDEX tickets_unclustered_idx ON tickets (district_id, received_at) WHERE cluster_id IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tickets_unclustered_idx`);
    await q.query(`DROP INDEX clusters_title_trgm_idx`);
  }
}
