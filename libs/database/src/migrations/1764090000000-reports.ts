import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BusinessCalendar, type CalendarDefinition } from '@app/domain';

const BACKFILL_BATCH = 5000;

/**
 * Reports. The first response's working time is stored when it happens: it takes the policy's
 * calendar (holidays, decrees), which SQL cannot evaluate, and measuring it at report time would
 * walk the calendar for every ticket of the period. No new index: reports read a period through
 * the existing `received_at` index; one on (department_id, received_at) was measured and saved
 * nothing, because a department's tickets are spread over the same heap pages as everyone's.
 */
export class Reports1764090000000 implements MigrationInterface {
  name = 'Reports1764090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets ADD COLUMN first_response_business_seconds integer`);
    await this.backfill(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets DROP COLUMN first_response_business_seconds`);
  }

  /** Tickets answered before this migration, each on its policy's calendar (round the clock without one). */
  private async backfill(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE tickets t SET first_response_business_seconds = round(GREATEST(0, extract(epoch FROM t.first_response_at - t.received_at)))
        WHERE t.first_response_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM sla_policies p WHERE p.id = t.sla_policy_id AND p.calendar_id IS NOT NULL)`,
    );
    const calendars = (await q.query(
      `SELECT p.id AS "policyId", c.time_zone AS "timeZone", c.working_hours AS "workingHours", c.holidays, c.exceptions
         FROM sla_policies p JOIN calendars c ON c.id = p.calendar_id`,
    )) as Array<CalendarDefinition & { policyId: string }>;
    for (const { policyId, ...definition } of calendars) {
      const calendar = new BusinessCalendar(definition);
      for (;;) {
        const rows = (await q.query(
          `SELECT id, received_at AS "receivedAt", first_response_at AS "firstResponseAt" FROM tickets
            WHERE sla_policy_id = $1 AND first_response_at IS NOT NULL AND first_response_business_seconds IS NULL LIMIT $2`,
          [policyId, BACKFILL_BATCH],
        )) as Array<{ id: string; receivedAt: Date; firstResponseAt: Date }>;
        if (!rows.length) break;
        await q.query(`UPDATE tickets t SET first_response_business_seconds = x.s FROM unnest($1::uuid[], $2::int[]) AS x(id, s) WHERE t.id = x.id`, [
          rows.map((r) => r.id),
          rows.map((r) => Math.round(calendar.workingSecondsBetween(r.receivedAt, r.firstResponseAt))),
        ]);
      }
    }
  }
}
