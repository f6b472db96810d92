import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether a ticket's text, whitespace normalised, begins with its cluster's title (without the ellipsis of a shortened one). */
const TITLE_MATCH_SQL = (text: string, title: string) => `starts_with(btrim(regexp_replace(${text}, '\\s+', ' ', 'g')), rtrim(${title}, '…'))`;

/**
 * Issue 18: the cluster list read, on every request, every visible clustered ticket's text to decide
 * whether the reader may see the cluster's title (a visible ticket begins with it). The answer per
 * ticket is now kept in `tickets.cluster_title_match`, written by triggers whenever a ticket's
 * cluster or text changes or a cluster's title does, and the list's figures come from one covering
 * index without touching the table. The ticket's trigger reads the title FOR SHARE, so a title
 * change and a ticket joining the cluster cannot pass each other unseen.
 */
export class ClusterTitleMatch1764290000000 implements MigrationInterface {
  name = 'ClusterTitleMatch1764290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets ADD COLUMN cluster_title_match boolean`);
    await q.query(
      `CREATE FUNCTION tickets_cluster_title_match() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.cluster_id IS NULL THEN
           NEW.cluster_title_match := NULL;
         ELSE
           SELECT ${TITLE_MATCH_SQL('NEW.text', 'c.title')} INTO NEW.cluster_title_match FROM clusters c WHERE c.id = NEW.cluster_id FOR SHARE;
         END IF;
         RETURN NEW;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER tickets_cluster_title_match BEFORE INSERT OR UPDATE OF cluster_id, text ON tickets
         FOR EACH ROW EXECUTE FUNCTION tickets_cluster_title_match()`,
    );
    await q.query(
      `CREATE FUNCTION clusters_title_match() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE tickets t SET cluster_title_match = ${TITLE_MATCH_SQL('t.text', 'NEW.title')} WHERE t.cluster_id = NEW.id;
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER clusters_title_match AFTER UPDATE OF title ON clusters
         FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION clusters_title_match()`,
    );
    await q.query(`UPDATE tickets t SET cluster_title_match = ${TITLE_MATCH_SQL('t.text', 'c.title')} FROM clusters c WHERE c.id = t.cluster_id`);
    await q.query(`DROP INDEX tickets_cluster_scope_idx`);
    // Keyed on the district too, so "does the reader see a ticket of this cluster" is an index condition for a press secretary.
    await q.query(
      `CREATE INDEX tickets_cluster_cover_idx ON tickets (cluster_id, district_id)
         INCLUDE (department_id, assignee_id, cluster_title_match, status, received_at, channel, author_external_id, author_name)
         WHERE cluster_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tickets_cluster_cover_idx`);
    await q.query(
      `CREATE INDEX tickets_cluster_scope_idx ON tickets (cluster_id) INCLUDE (district_id, department_id, assignee_id) WHERE cluster_id IS NOT NULL`,
    );
    await q.query(`DROP TRIGGER clusters_title_match ON clusters`);
    await q.query(`DROP FUNCTION clusters_title_match()`);
    await q.query(`DROP TRIGGER tickets_cluster_title_match ON tickets`);
    await q.query(`DROP FUNCTION tickets_cluster_title_match()`);
    await q.query(`ALTER TABLE tickets DROP COLUMN cluster_title_match`);
  }
}
