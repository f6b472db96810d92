import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'ticket.assigned', 'sla.warning', 'sla.breached', 'sla.escalated', 'channel.reauthorization_required', 'reply.undelivered'`;
const KINDS_AFTER = `${KINDS_BEFORE}, 'resident.disputed', 'appeal.warning', 'appeal.overdue', 'appeal.escalated'`;

/**
 * Issue 16. The resident's verdict on a resolution (asked under their own comment, answered in the
 * thread or recorded from a call; unanswered after a window) and the formal appeal's legal clock
 * under the APPK, both as columns of the ticket: the SLA engine's conditional UPDATEs take the
 * appeal's steps exactly as they take its own, and reports count both from the period's tickets.
 */
export class ResidentVerdict1764200000000 implements MigrationInterface {
  name = 'ResidentVerdict1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tickets
        ADD COLUMN resident_confirmation_state text NOT NULL DEFAULT 'not_asked'
          CHECK (resident_confirmation_state IN ('not_asked', 'asked', 'confirmed', 'disputed', 'unanswered')),
        ADD COLUMN resident_confirmation_asked_at timestamptz,
        ADD COLUMN resident_confirmation_answered_at timestamptz,
        ADD COLUMN resident_confirmation_due_at timestamptz,
        ADD COLUMN resident_confirmation_reply_id uuid REFERENCES ticket_replies(id),
        ADD COLUMN formal_appeal_number text,
        ADD COLUMN formal_appeal_registered_at timestamptz,
        ADD COLUMN formal_appeal_forward_due_at timestamptz,
        ADD COLUMN formal_appeal_due_at timestamptz,
        ADD COLUMN formal_appeal_warning_at timestamptz,
        ADD COLUMN formal_appeal_level_two_due_at timestamptz,
        ADD COLUMN formal_appeal_extended_until timestamptz,
        ADD COLUMN formal_appeal_extension_reason text,
        ADD COLUMN formal_appeal_warned_at timestamptz,
        ADD COLUMN formal_appeal_breached_at timestamptz,
        ADD COLUMN formal_appeal_escalated_at timestamptz,
        ADD COLUMN formal_appeal_answered_at timestamptz,
        ADD CONSTRAINT tickets_formal_appeal_whole CHECK ((formal_appeal_number IS NULL) = (formal_appeal_registered_at IS NULL) AND (formal_appeal_number IS NULL) = (formal_appeal_due_at IS NULL))`);
    // The unanswered sweep reads only the tickets still waiting for a verdict.
    await q.query(`CREATE INDEX tickets_confirmation_due_idx ON tickets (resident_confirmation_due_at) WHERE resident_confirmation_state = 'asked'`);
    // The appeal steps and their timers (the SLA sweep, every few seconds) read only the appeals not
    // answered yet, one index per step's instant: without them each sweep would scan every ticket.
    for (const [name, column] of [
      ['due', 'formal_appeal_due_at'],
      ['warning', 'formal_appeal_warning_at'],
      ['level_two', 'formal_appeal_level_two_due_at'],
    ]) {
      await q.query(
        `CREATE INDEX tickets_formal_appeal_${name}_idx ON tickets (${column}) WHERE formal_appeal_registered_at IS NOT NULL AND formal_appeal_answered_at IS NULL`,
      );
    }
    // A resident's answer names the question it answers (the reply's id on the channel).
    await q.query(`CREATE INDEX ticket_replies_external_id_idx ON ticket_replies (external_id) WHERE external_id IS NOT NULL`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${KINDS_AFTER}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE kind IN ('resident.disputed', 'appeal.warning', 'appeal.overdue', 'appeal.escalated')`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${KINDS_BEFORE}))`);
    await q.query(`DROP INDEX ticket_replies_external_id_idx`);
    for (const name of ['due', 'warning', 'level_two']) await q.query(`DROP INDEX tickets_formal_appeal_${name}_idx`);
    await q.query(`DROP INDEX tickets_confirmation_due_idx`);
    await q.query(`
      ALTER TABLE tickets
        DROP CONSTRAINT tickets_formal_appeal_whole,
        ${[
          'resident_confirmation_state',
          'resident_confirmation_asked_at',
          'resident_confirmation_answered_at',
          'resident_confirmation_due_at',
          'resident_confirmation_reply_id',
          'formal_appeal_number',
          'formal_appeal_registered_at',
          'formal_appeal_forward_due_at',
          'formal_appeal_due_at',
          'formal_appeal_warning_at',
          'formal_appeal_level_two_due_at',
          'formal_appeal_extended_until',
          'formal_appeal_extension_reason',
          'formal_appeal_warned_at',
          'formal_appeal_breached_at',
          'formal_appeal_escalated_at',
          'formal_appeal_answered_at',
        ]
          .map((c) => `DROP COLUMN ${c}`)
          .join(',\n        ')}`);
  }
}
