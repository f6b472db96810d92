import type { MigrationInterface, QueryRunner } from 'typeorm';
import { STAMP_ALL_MONTHS_SQL } from '../repositories/report-cell-sql.js';

/**
 * Issue 18: a version per month of report cells, stamped from a sequence by every fold that changes
 * the month's cells (and by a rebuild), so a process can keep a month's cells between reads and
 * know, in the snapshot of each read, whether they are still the table's. TRUNCATE of tickets
 * forgets the versions with the cells; the sequence never goes back, so no version comes twice.
 */
export class ReportCellVersions1764280000000 implements MigrationInterface {
  name = 'ReportCellVersions1764280000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE report_cell_version_seq`);
    await q.query(`CREATE TABLE report_cell_versions (month_from timestamptz PRIMARY KEY, version bigint NOT NULL)`);
    await q.query(
      `CREATE OR REPLACE FUNCTION report_cells_clear() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN TRUNCATE report_cells, report_changes, report_cell_versions; RETURN NULL; END $$`,
    );
    await q.query(STAMP_ALL_MONTHS_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE FUNCTION report_cells_clear() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN TRUNCATE report_cells, report_changes; RETURN NULL; END $$`,
    );
    await q.query(`DROP TABLE report_cell_versions`);
    await q.query(`DROP SEQUENCE report_cell_version_seq`);
  }
}
