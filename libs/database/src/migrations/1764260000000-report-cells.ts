import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CELL_TICKET_COLUMNS, REBUILD_REPORT_CELLS_SQL } from '../repositories/report-cell-sql.js';

/**
 * Issue 18: the reports at ten million tickets read a month from stored cells instead of counting
 * its 820,000 tickets on every request (BENCHMARKS.md "Reports at national scale").
 * - report_cells: one row per month × district × department × assignee × category with the counts
 *   and the sorted lists the figures are taken from (report-cell-sql.ts says what each holds);
 * - report_changes: every write to a ticket that could move a figure logs the ticket's state before
 *   it (nothing for an insert), from a trigger, so no code path can forget it. A report adds the
 *   logged tickets' current state and takes their logged one away, in one snapshot, so it is exact
 *   the moment a ticket changes; the worker folds the log into the cells every few seconds
 *   (maintenance.report-cells) so that the log stays short. Insert-only: ticket writers never wait
 *   on each other for it, as they would on a counter row;
 * - TRUNCATE of tickets empties both (tests, a re-seeded benchmark).
 * The backfill counts every existing ticket once, with writes to tickets held off meanwhile: about
 * a minute at ten million tickets.
 */
export class ReportCells1764260000000 implements MigrationInterface {
  name = 'ReportCells1764260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE tickets IN SHARE MODE`);
    const types = (await q.query(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'tickets'::regclass AND attname = ANY($1)`,
      [CELL_TICKET_COLUMNS],
    )) as Array<{ name: string; type: string }>;
    const typeOf = new Map(types.map((t) => [t.name, t.type]));
    const columns = CELL_TICKET_COLUMNS.map((c) => `${c} ${typeOf.get(c)!}`);
    await q.query(
      `CREATE TABLE report_changes (
        id bigserial PRIMARY KEY,
        ticket_id uuid NOT NULL,
        present boolean NOT NULL,
        ${columns.join(',\n        ')}
      )`,
    );
    await q.query(`CREATE INDEX report_changes_ticket_idx ON report_changes (ticket_id, id)`);
    await q.query(
      `CREATE TABLE report_cells (
        month_from timestamptz NOT NULL,
        district_id uuid,
        department_id uuid,
        assignee_id uuid,
        category_code text,
        received int NOT NULL, rejected int NOT NULL, merged int NOT NULL, resolved int NOT NULL,
        first_response_breaches int NOT NULL, resolution_breaches int NOT NULL,
        confirmed int NOT NULL, disputed int NOT NULL, unanswered int NOT NULL, awaiting_verdict int NOT NULL,
        formal_appeals int NOT NULL, formal_appeals_answered_late int NOT NULL, formal_appeal_extensions int NOT NULL,
        business_seconds bytea NOT NULL, wall_clock_seconds bytea NOT NULL, open_received_at bytea NOT NULL
      )`,
    );
    await q.query(
      `CREATE UNIQUE INDEX report_cells_key ON report_cells (month_from, district_id, department_id, assignee_id, category_code) NULLS NOT DISTINCT`,
    );
    const old = CELL_TICKET_COLUMNS.map((c) => `OLD.${c}`).join(', ');
    // The test for an update is in the body, not a WHEN clause, which would make each column depend on the trigger.
    await q.query(
      `CREATE FUNCTION report_changes_log() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND (${old}) IS NOT DISTINCT FROM (${CELL_TICKET_COLUMNS.map((c) => `NEW.${c}`).join(', ')}) THEN
           RETURN NULL;
         ELSIF TG_OP = 'INSERT' THEN
           INSERT INTO report_changes (ticket_id, present) VALUES (NEW.id, false);
         ELSE
           INSERT INTO report_changes (ticket_id, present, ${CELL_TICKET_COLUMNS.join(', ')}) VALUES (OLD.id, true, ${old});
         END IF;
         RETURN NULL;
       END $$`,
    );
    await q.query(`CREATE TRIGGER tickets_report_changes AFTER INSERT OR UPDATE OR DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION report_changes_log()`);
    await q.query(
      `CREATE FUNCTION report_cells_clear() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN TRUNCATE report_cells, report_changes; RETURN NULL; END $$`,
    );
    await q.query(`CREATE TRIGGER tickets_report_cells_clear AFTER TRUNCATE ON tickets FOR EACH STATEMENT EXECUTE FUNCTION report_cells_clear()`);
    await q.query(REBUILD_REPORT_CELLS_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tickets_report_cells_clear ON tickets`);
    await q.query(`DROP TRIGGER tickets_report_changes ON tickets`);
    await q.query(`DROP FUNCTION report_cells_clear()`);
    await q.query(`DROP FUNCTION report_changes_log()`);
    await q.query(`DROP TABLE report_cells`);
    await q.query(`DROP TABLE report_changes`);
  }
}
