import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { NationalCalendar } from '@app/domain';
import type { NotificationKind } from '../entities/notification.entity.js';
import { CalendarEntity } from '../entities/calendar.entity.js';
import { DayTransferEntity, HolidayRuleEntity } from '../entities/national-calendar.entity.js';
import { SlaPolicyEntity } from '../entities/sla-policy.entity.js';

export type SlaStep = 'first_response.warning' | 'first_response.breach' | 'resolution.warning' | 'resolution.breach' | 'level_two';

/** A ticket's SLA clocks run unless it is closed, rejected, merged or paused. */
const RUNNING = `t.status NOT IN ('merged', 'rejected', 'closed') AND t.sla_paused_since IS NULL`;

/**
 * A step is taken for a batch of tickets by one statement: it locks the due rows it can get (SKIP
 * LOCKED, so workers split the work), flips the step's column with a conditional UPDATE that
 * re-checks it is still due and not taken, and writes the events and notifications from the
 * UPDATE's result. One statement is one transaction: of two workers, a timer and the sweep, exactly
 * one takes each ticket's step, and a step is never half-recorded. Batching matters: one commit
 * per step caps out near 800 steps/s on two cores, far below a burst of breaches. The WHERE clauses
 * mirror the partial indexes of the SLA migration; `who` says, in SQL, who hears of the step.
 */
interface StepSql {
  set: string;
  /** While the step is still to be taken (not yet taken, its clock not stopped); due once `dueColumn <= now()`. */
  pending: string;
  event: 'sla.warning' | 'sla.breached' | 'sla.escalated';
  kind: NotificationKind;
  clock: 'first_response' | 'resolution' | null;
  /** The instant the step was due, as a column of the updated row. */
  dueColumn: string;
  who: string;
}

// The press secretaries who triage the ticket: its district's, or every one while its district is unknown (they all see those).
const PRESS_OF = `u.role = 'press_secretary' AND (s.district_id IS NULL OR s.district_id = ANY(u.district_ids))`;
// A warning goes to whoever holds the ticket; with nobody yet, to the press secretaries who triage it.
const WARN_WHO = `(s.assignee_id IS NOT NULL AND u.id = s.assignee_id) OR (s.assignee_id IS NULL AND ${PRESS_OF})`;
const BREACH_WHO = `(u.role = 'department_head' AND u.department_id = s.department_id) OR (${PRESS_OF})`;

const STEP_SQL: Record<SlaStep, StepSql> = {
  'first_response.warning': {
    set: `first_response_warned_at = now(), sla_state = CASE WHEN t.sla_state = 'ok' THEN 'warning' ELSE t.sla_state END`,
    pending: `t.first_response_at IS NULL AND t.first_response_warned_at IS NULL AND t.first_response_breached_at IS NULL`,
    event: 'sla.warning', kind: 'sla.warning', clock: 'first_response', dueColumn: 'first_response_warning_at', who: WARN_WHO,
  },
  'resolution.warning': {
    set: `resolution_warned_at = now(), sla_state = CASE WHEN t.sla_state = 'ok' THEN 'warning' ELSE t.sla_state END`,
    pending: `t.resolved_at IS NULL AND t.resolution_warned_at IS NULL AND t.resolution_breached_at IS NULL`,
    event: 'sla.warning', kind: 'sla.warning', clock: 'resolution', dueColumn: 'resolution_warning_at', who: WARN_WHO,
  },
  'first_response.breach': {
    set: `first_response_breached_at = t.first_response_due_at, sla_state = 'breached', escalation_level = GREATEST(t.escalation_level, 1)`,
    pending: `t.first_response_at IS NULL AND t.first_response_breached_at IS NULL`,
    event: 'sla.breached', kind: 'sla.breached', clock: 'first_response', dueColumn: 'first_response_due_at', who: BREACH_WHO,
  },
  'resolution.breach': {
    set: `resolution_breached_at = t.resolution_due_at, sla_state = 'breached', escalation_level = GREATEST(t.escalation_level, 1)`,
    pending: `t.resolved_at IS NULL AND t.resolution_breached_at IS NULL`,
    event: 'sla.breached', kind: 'sla.breached', clock: 'resolution', dueColumn: 'resolution_due_at', who: BREACH_WHO,
  },
  // Level two only while a breached clock is still unmet.
  level_two: {
    set: `escalation_level = 2, escalated_at = now()`,
    pending: `t.escalation_level = 1
      AND ((t.first_response_breached_at IS NOT NULL AND t.first_response_at IS NULL) OR (t.resolution_breached_at IS NOT NULL AND t.resolved_at IS NULL))`,
    event: 'sla.escalated', kind: 'sla.escalated', clock: null, dueColumn: 'level_two_due_at', who: `u.role = 'governor_office'`,
  },
};

export const SLA_STEPS = Object.keys(STEP_SQL) as SlaStep[];

export interface StepTaken {
  ticketId: string;
  /** When the step was due (for a breach: the due instant the level-two delay counts from). */
  dueAt: Date;
  policyId: string | null;
}

export interface StepBatch {
  step: SlaStep;
  taken: StepTaken[];
  notificationIds: string[];
}

@Injectable()
export class SlaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  policies(): Promise<SlaPolicyEntity[]> {
    return this.dataSource.getRepository(SlaPolicyEntity).find();
  }

  calendars(): Promise<CalendarEntity[]> {
    return this.dataSource.getRepository(CalendarEntity).find();
  }

  /** The national holiday rules and decree transfers every calendar counts with. */
  async nationalCalendar(): Promise<NationalCalendar> {
    const [rules, transfers] = await Promise.all([this.dataSource.getRepository(HolidayRuleEntity).find(), this.dataSource.getRepository(DayTransferEntity).find()]);
    return { rules, transfers };
  }

  /** Takes the step for up to `limit` tickets for which it is due now and not taken yet. */
  async takeDueSteps(step: SlaStep, limit: number): Promise<StepBatch> {
    const q = STEP_SQL[step];
    const due = `${q.pending} AND t.${q.dueColumn} <= now()`;
    const rows = (await this.dataSource.query(
      `WITH due AS (
         SELECT t.id FROM tickets t WHERE ${RUNNING} AND ${due}
          ORDER BY t.${q.dueColumn} LIMIT $1 FOR UPDATE SKIP LOCKED
       ), s AS (
         UPDATE tickets t SET ${q.set}, version = t.version + 1, updated_at = now()
           FROM due WHERE t.id = due.id AND ${RUNNING} AND ${due}
          RETURNING t.id, t.assignee_id, t.district_id, t.department_id, t.sla_policy_id, t.${q.dueColumn} AS due_at, t.escalation_level
       ), event AS (
         INSERT INTO ticket_events (ticket_id, type, payload)
         SELECT s.id, '${q.event}', jsonb_build_object('step', '${step}', 'clock', ${q.clock ? `'${q.clock}'` : 'NULL'}, 'dueAt', s.due_at,
                                                       'assigneeId', s.assignee_id, 'escalationLevel', s.escalation_level)
           FROM s
       ), sent AS (
         INSERT INTO notifications (user_id, ticket_id, kind, step)
         SELECT u.id, s.id, '${q.kind}', '${step}' FROM s JOIN users u ON u.active AND (${q.who})
         ON CONFLICT DO NOTHING
         RETURNING id
       )
       SELECT s.id AS "ticketId", s.due_at AS "dueAt", s.sla_policy_id AS "policyId", NULL AS "notificationId" FROM s
       UNION ALL
       SELECT NULL, NULL, NULL, id FROM sent`,
      [limit],
    )) as Array<StepTaken & { notificationId: string | null }>;
    return {
      step,
      taken: rows.filter((r) => r.ticketId).map(({ ticketId, dueAt, policyId }) => ({ ticketId, dueAt, policyId })),
      notificationIds: rows.flatMap((r) => (r.notificationId ? [r.notificationId] : [])),
    };
  }

  /**
   * The 100 ms buckets (as epoch milliseconds, rounded up) in which some pending step falls due
   * within the next `horizonMs`: the timers to set now. Steps further away get their timer from a
   * later call, so creating a ticket costs no Redis call for instants days ahead.
   */
  async upcomingBuckets(horizonMs: number, bucketMs: number): Promise<number[]> {
    const parts = SLA_STEPS.map((step) => {
      const q = STEP_SQL[step];
      return `SELECT t.${q.dueColumn} AS at FROM tickets t
               WHERE ${RUNNING} AND ${q.pending} AND t.${q.dueColumn} > now() AND t.${q.dueColumn} <= now() + make_interval(secs => $1::double precision / 1000)`;
    });
    const rows = (await this.dataSource.query(
      // numeric arithmetic: exact, so the rounding agrees with slaTimer's
      `SELECT DISTINCT ceil(extract(epoch FROM at) * 1000 / $2) * $2 AS bucket FROM (${parts.join(' UNION ALL ')}) x`,
      [horizonMs, bucketMs],
    )) as Array<{ bucket: string }>;
    return rows.map((r) => Number(r.bucket));
  }

  /**
   * Breached tickets whose level-two instant is not set yet (it takes the policy's calendar, so it
   * is computed in code right after the breach; this finds any a crash left behind).
   */
  async breachedWithoutLevelTwo(limit: number): Promise<StepTaken[]> {
    return (await this.dataSource.query(
      `SELECT t.id AS "ticketId", LEAST(t.first_response_breached_at, t.resolution_breached_at) AS "dueAt", t.sla_policy_id AS "policyId"
         FROM tickets t JOIN sla_policies p ON p.id = t.sla_policy_id AND p.escalate_after IS NOT NULL
        WHERE t.escalation_level = 1 AND t.level_two_due_at IS NULL
        LIMIT $1`,
      [limit],
    )) as StepTaken[];
  }

  /**
   * Sets level-two instants that are still unset. A row another worker holds is skipped, not waited
   * for: that worker is setting the same instant (two waiting on each other's rows deadlock).
   */
  async setLevelTwo(instants: Array<{ ticketId: string; at: Date }>): Promise<void> {
    if (!instants.length) return;
    await this.dataSource.query(
      `UPDATE tickets t SET level_two_due_at = x.at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS x(id, at)
        WHERE t.id = x.id
          AND t.id IN (SELECT id FROM tickets WHERE id = ANY($1::uuid[]) AND level_two_due_at IS NULL FOR UPDATE SKIP LOCKED)`,
      [instants.map((i) => i.ticketId), instants.map((i) => i.at)],
    );
  }

  /** Open tickets, a batch at a time by id: re-timed after a policy or calendar change. */
  async openTicketIds(afterId: string | null, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM tickets WHERE status NOT IN ('merged', 'rejected', 'closed') AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [afterId, limit],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}
