import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SLA engine's state on each ticket (when each step is due and whether it happened) and in-app
 * notifications. A step happens when a conditional UPDATE flips its column from NULL, so it happens
 * once however many workers or duplicate jobs try; the partial indexes serve the periodic sweep.
 */
export class SlaEngine1764060000000 implements MigrationInterface {
  name = 'SlaEngine1764060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tickets
        ADD COLUMN sla_paused_since timestamptz(3),
        ADD COLUMN first_response_warning_at timestamptz(3),
        ADD COLUMN resolution_warning_at timestamptz(3),
        ADD COLUMN first_response_warned_at timestamptz(3),
        ADD COLUMN resolution_warned_at timestamptz(3),
        ADD COLUMN level_two_due_at timestamptz(3),
        ADD COLUMN escalated_at timestamptz(3)`);
    const open = `status NOT IN ('merged', 'rejected', 'closed') AND sla_paused_since IS NULL`;
    await q.query(
      `CREATE INDEX tickets_sla_first_response_idx ON tickets (first_response_due_at) WHERE first_response_at IS NULL AND first_response_breached_at IS NULL AND ${open}`,
    );
    await q.query(
      `CREATE INDEX tickets_sla_resolution_idx ON tickets (resolution_due_at) WHERE resolved_at IS NULL AND resolution_breached_at IS NULL AND ${open}`,
    );
    await q.query(
      `CREATE INDEX tickets_sla_first_warning_idx ON tickets (first_response_warning_at) WHERE first_response_at IS NULL AND first_response_warned_at IS NULL AND first_response_breached_at IS NULL AND ${open}`,
    );
    await q.query(
      `CREATE INDEX tickets_sla_resolution_warning_idx ON tickets (resolution_warning_at) WHERE resolved_at IS NULL AND resolution_warned_at IS NULL AND resolution_breached_at IS NULL AND ${open}`,
    );
    await q.query(`CREATE INDEX tickets_sla_level_two_idx ON tickets (level_two_due_at) WHERE escalation_level = 1`);
    await q.query(`CREATE INDEX tickets_sla_policy_open_idx ON tickets (sla_policy_id) WHERE status NOT IN ('closed', 'merged', 'rejected')`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL CHECK (kind IN ('ticket.assigned', 'sla.warning', 'sla.breached', 'sla.escalated')),
        ticket_id uuid NOT NULL REFERENCES tickets(id),
        step text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        read_at timestamptz(3),
        UNIQUE (user_id, ticket_id, step)
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC)`);

    // "A default policy always exists": until an admin sets business hours, round the clock.
    await q.query(`
      INSERT INTO sla_policies (name, first_response, resolution, warning_ratio, escalate_after, is_default)
      SELECT 'Default', 'P1D', 'P15D', 0.8, 'P1D', true
      WHERE NOT EXISTS (SELECT 1 FROM sla_policies WHERE is_default)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
    await q.query(`
      ALTER TABLE tickets
        DROP COLUMN sla_paused_since, DROP COLUMN first_response_warning_at, DROP COLUMN resolution_warning_at,
        DROP COLUMN first_response_warned_at, DROP COLUMN resolution_warned_at, DROP COLUMN level_two_due_at,
        DROP COLUMN escalated_at`);
  }
}
