import type { MigrationInterface, QueryRunner } from 'typeorm';

const REFUSE_ALL = `
  CREATE OR REPLACE FUNCTION ticket_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'ticket_events is append-only';
  END $$`;

/**
 * Issue 17, retention of personal data. The audit trail stays append-only, with one exception: the
 * retention purge, and only inside its own transaction (which sets `tynda.retention_purge`), may
 * take keys out of an event's payload; it can neither add nor change a value, nor touch any other
 * column, nor delete an event. Two indexes keep its batches cheap on tables that only grow: the
 * deliveries whose payload is still there (the walk skips the emptied ones instead of reading them
 * again every run), and the channel changes of a delivery (their keys quote the channel's ids).
 */
export class RetentionPurge1764210000000 implements MigrationInterface {
  name = 'RetentionPurge1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION ticket_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('tynda.retention_purge', true) = 'on'
           AND (NEW.id, NEW.ticket_id, NEW.type, NEW.actor_id, NEW.from_status, NEW.to_status, NEW.created_at)
               IS NOT DISTINCT FROM (OLD.id, OLD.ticket_id, OLD.type, OLD.actor_id, OLD.from_status, OLD.to_status, OLD.created_at)
           AND OLD.payload @> NEW.payload THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'ticket_events is append-only';
      END $$`);
    await q.query(`CREATE INDEX inbox_deliveries_unpurged_idx ON inbox_deliveries (id) WHERE body <> ''::bytea`);
    await q.query(`CREATE INDEX channel_changes_delivery_idx ON channel_changes (delivery_id) WHERE delivery_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX channel_changes_delivery_idx`);
    await q.query(`DROP INDEX inbox_deliveries_unpurged_idx`);
    await q.query(REFUSE_ALL);
  }
}
