import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FINAL_STATUSES, type NationalCalendar, type ScopedTicketFields } from '@app/domain';
import type { NotificationKind } from '../entities/notification.entity.js';
import { CalendarEntity } from '../entities/calendar.entity.js';
import { DayTransferEntity, HolidayRuleEntity } from '../entities/national-calendar.entity.js';
import { SlaPolicyEntity } from '../entities/sla-policy.entity.js';
import { scopeRuleSql, sqlList } from './domain-sql.js';

export type SlaStep = 'first_response.warning' | 'first_response.breach' | 'resolution.warning' | 'resolution.breach' | 'level_two';
/** A formal appeal's legal clock (issue 16): the same ladder, on columns of its own. */
export type FormalAppealStep = 'formal_appeal.warning' | 'formal_appeal.overdue' | 'formal_appeal.level_two';
/** Every step the engine takes from timers and the sweep. */
export type EngineStep = SlaStep | FormalAppealStep;

const NOT_FINAL = `NOT IN ${sqlList(FINAL_STATUSES)}`;
/** A ticket's SLA clocks run unless it is closed, rejected, merged or paused. */
const RUNNING = `t.status ${NOT_FINAL} AND t.sla_paused_since IS NULL`;
/** A formal appeal's clock runs from its registration until it is answered (or the ticket merged away). */
const APPEAL_RUNNING = `t.formal_appeal_registered_at IS NOT NULL AND t.status <> 'merged'`;

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
  event: 'sla.warning' | 'sla.breached' | 'sla.escalated' | 'appeal.warning' | 'appeal.overdue' | 'appeal.escalated';
  kind: NotificationKind;
  clock: 'first_response' | 'resolution' | 'formal_appeal' | null;
  /** Which tickets the step's clock runs on; the SLA's RUNNING unless said otherwise. */
  running?: string;
  /** The instant the step was due, as a column of the updated row. */
  dueColumn: string;
  who: string;
}

// The press secretaries who triage the ticket `s`: those whose scope holds it (its district's, or every one while its district is unknown).
const PRESS_OF = `u.role = 'press_secretary' AND ${scopeRuleSql('districts', 's', 'u.district_ids')}`;
// A warning goes to whoever holds the ticket; with nobody yet, to the press secretaries who triage it.
const WARN_WHO = `(s.assignee_id IS NOT NULL AND u.id = s.assignee_id) OR (s.assignee_id IS NULL AND ${PRESS_OF})`;
const BREACH_WHO = `(u.role = 'department_head' AND ${scopeRuleSql('department', 's', 'u.department_id')}) OR (${PRESS_OF})`;

const STEP_SQL: Record<EngineStep, StepSql> = {
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
  // The law's clock does not pause while the akimat waits for the resident, and only the answer
  // (resolving, closing or rejecting the ticket) stops it.
  'formal_appeal.warning': {
    set: `formal_appeal_warned_at = now()`,
    pending: `t.formal_appeal_answered_at IS NULL AND t.formal_appeal_warned_at IS NULL AND t.formal_appeal_breached_at IS NULL`,
    event: 'appeal.warning', kind: 'appeal.warning', clock: 'formal_appeal', dueColumn: 'formal_appeal_warning_at', who: WARN_WHO, running: APPEAL_RUNNING,
  },
  'formal_appeal.overdue': {
    set: `formal_appeal_breached_at = t.formal_appeal_due_at`,
    pending: `t.formal_appeal_answered_at IS NULL AND t.formal_appeal_breached_at IS NULL`,
    event: 'appeal.overdue', kind: 'appeal.overdue', clock: 'formal_appeal', dueColumn: 'formal_appeal_due_at', who: BREACH_WHO, running: APPEAL_RUNNING,
  },
  'formal_appeal.level_two': {
    set: `formal_appeal_escalated_at = now()`,
    pending: `t.formal_appeal_answered_at IS NULL AND t.formal_appeal_breached_at IS NOT NULL AND t.formal_appeal_escalated_at IS NULL`,
    event: 'appeal.escalated', kind: 'appeal.escalated', clock: 'formal_appeal', dueColumn: 'formal_appeal_level_two_due_at', who: `u.role = 'governor_office'`, running: APPEAL_RUNNING,
  },
};

export const SLA_STEPS = Object.keys(STEP_SQL) as EngineStep[];

export interface StepTaken {
  ticketId: string;
  /** When the step was due (for a breach: the due instant the level-two delay counts from). */
  dueAt: Date;
  policyId: string | null;
}

export interface StepBatch {
  step: EngineStep;
  /** With the scope fields of each ticket, for the consoles that hear of the step live. */
  taken: Array<StepTaken & ScopedTicketFields>;
  notificationIds: string[];
  notified: Array<{ ticketId: string; userId: string }>;
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
  async takeDueSteps(step: EngineStep, limit: number): Promise<StepBatch> {
    const q = STEP_SQL[step];
    const due = `${q.pending} AND t.${q.dueColumn} <= now()`;
    const running = q.running ?? RUNNING;
    const rows = (await this.dataSource.query(
      `WITH due AS (
         SELECT t.id FROM tickets t WHERE ${running} AND ${due}
          ORDER BY t.${q.dueColumn} LIMIT $1 FOR UPDATE SKIP LOCKED
       ), s AS (
         UPDATE tickets t SET ${q.set}, version = t.version + 1, updated_at = now()
           FROM due WHERE t.id = due.id AND ${running} AND ${due}
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
         RETURNING id, user_id, ticket_id
       )
       SELECT s.id AS "ticketId", s.due_at AS "dueAt", s.sla_policy_id AS "policyId", s.district_id AS "districtId", s.department_id AS "departmentId",
              s.assignee_id AS "assigneeId", NULL::uuid AS "notificationId", NULL::uuid AS "userId" FROM s
       UNION ALL
       SELECT ticket_id, NULL, NULL, NULL, NULL, NULL, id, user_id FROM sent`,
      [limit],
    )) as Array<StepTaken & ScopedTicketFields & { notificationId: string | null; userId: string | null }>;
    const taken = rows.filter((r) => !r.notificationId);
    const sent = rows.filter((r) => r.notificationId);
    return {
      step,
      taken: taken.map(({ ticketId, dueAt, policyId, districtId, departmentId, assigneeId }) => ({ ticketId, dueAt, policyId, districtId, departmentId, assigneeId })),
      notificationIds: sent.map((r) => r.notificationId!),
      notified: sent.map((r) => ({ ticketId: r.ticketId, userId: r.userId! })),
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
               WHERE ${q.running ?? RUNNING} AND ${q.pending} AND t.${q.dueColumn} > now() AND t.${q.dueColumn} <= now() + make_interval(secs => $1::double precision / 1000)`;
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

  /**
   * Open tickets by SLA state, and how many are past a due instant now (a first response or a
   * resolution still owed): one pass over the open tickets, read at scrape time (cached by the caller).
   */
  async openBySlaState(): Promise<{ byState: Array<{ state: string; count: number }>; overdue: number }> {
    const rows = (await this.dataSource.query(
      `SELECT sla_state AS state, count(*)::int AS count,
              count(*) FILTER (WHERE (first_response_at IS NULL AND first_response_due_at < now()) OR (resolved_at IS NULL AND resolution_due_at < now()))::int AS overdue
         FROM tickets WHERE status ${NOT_FINAL} GROUP BY sla_state`,
    )) as Array<{ state: string; count: number; overdue: number }>;
    return { byState: rows.map(({ state, count }) => ({ state, count })), overdue: rows.reduce((n, r) => n + r.overdue, 0) };
  }

  /** Open tickets, a batch at a time by id: re-timed after a policy or calendar change. */
  async openTicketIds(afterId: string | null, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM tickets WHERE status ${NOT_FINAL} AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [afterId, limit],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}
