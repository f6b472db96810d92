import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery the intake gave up on is `failed`, not processed: it used to get `processed_at` and
 * `outcome {failed: true}`, so it looked done. Now `failed_at` marks it (never together with
 * `processed_at`), drains skip it, and an admin lists and retries it (GET /admin/failures).
 * Replies that failed for good get the instant they did, so the same list orders them by it.
 */
export class InboxFailedState1764140000000 implements MigrationInterface {
  name = 'InboxFailedState1764140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inbox_deliveries ADD COLUMN failed_at timestamptz(3)`);
    await q.query(`UPDATE inbox_deliveries SET failed_at = processed_at, processed_at = NULL, outcome = NULL WHERE outcome @> '{"failed": true}'`);
    await q.query(`ALTER TABLE inbox_deliveries ADD CONSTRAINT inbox_deliveries_processed_or_failed CHECK (processed_at IS NULL OR failed_at IS NULL)`);
    // The drain's index: only deliveries still to process, failed ones left out.
    await q.query(`DROP INDEX inbox_deliveries_unprocessed_idx`);
    await q.query(`CREATE INDEX inbox_deliveries_pending_idx ON inbox_deliveries (id) WHERE processed_at IS NULL AND failed_at IS NULL`);
    await q.query(`CREATE INDEX inbox_deliveries_failed_idx ON inbox_deliveries (failed_at DESC, id DESC) WHERE failed_at IS NOT NULL`);

    await q.query(`ALTER TABLE ticket_replies ADD COLUMN failed_at timestamptz(3)`);
    // Replies that failed before: the instant of their last reply.delivery_failed event.
    await q.query(`
      UPDATE ticket_replies r
         SET failed_at = coalesce((SELECT max(e.created_at) FROM ticket_events e
                                    WHERE e.ticket_id = r.ticket_id AND e.type = 'reply.delivery_failed' AND e.payload->>'replyId' = r.id::text), r.created_at)
       WHERE r.delivery_status = 'failed'`);
    await q.query(`CREATE INDEX ticket_replies_failed_idx ON ticket_replies (failed_at DESC, id DESC) WHERE delivery_status = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ticket_replies_failed_idx`);
    await q.query(`ALTER TABLE ticket_replies DROP COLUMN failed_at`);
    await q.query(`DROP INDEX inbox_deliveries_failed_idx`);
    await q.query(`DROP INDEX inbox_deliveries_pending_idx`);
    await q.query(`ALTER TABLE inbox_deliveries DROP CONSTRAINT inbox_deliveries_processed_or_failed`);
    await q.query(`UPDATE inbox_deliveries SET processed_at = failed_at, outcome = '{"failed": true}' WHERE failed_at IS NOT NULL`);
    await q.query(`ALTER TABLE inbox_deliveries DROP COLUMN failed_at`);
    await q.query(`CREATE INDEX inbox_deliveries_unprocessed_idx ON inbox_deliveries (id) WHERE processed_at IS NULL`);
  }
}
