import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, FINAL_STATUSES, SLA_STEP_RULES, type EngineStep, type NationalCalendar, type ScopedTicketFields, type SlaStepPayload } from '@app/domain';
import type { NotificationKind } from '../entities/notification.entity.js';
import { CalendarEntity } from '../entities/calendar.entity.js';
import { DayTransferEntity, HolidayRuleEntity } from '../entities/national-calendar.entity.js';
import { SlaPolicyEntity } from '../entities/sla-policy.entity.js';
import { scopeRuleSql, slaStepSql, sqlList } from './domain-sql.js';
import { payloadSql } from './event-sql.js';

// The steps are named in libs/domain, beside the payload of the events they write.
export type { EngineStep, FormalAppealStep, SlaStep } from '@app/domain';

const NOT_FINAL = `NOT IN ${sqlList(FINAL_STATUSES)}`;
/**
 * The instant a step is taken at: the statement's second parameter, from the injected clock rather
 * than the server's now(), so that a sweep run "at" an instant of the seed's history takes exactly
 * the steps due then and stamps them with it.
 */
const AT = '$2::timestamptz';

/**
 * A step is taken for a batch of tickets by one statement: it locks the due rows it can get (SKIP
 * LOCKED, so workers split the work), flips the step's column with a conditional UPDATE that
 * re-checks it is still due and not taken, and writes the events and notifications from the
 * UPDATE's result. One statement is one transaction: of two workers, a timer and the sweep, exactly
 * one takes each ticket's step, and a step is never half-recorded. Batching matters: one commit
 * per step caps out near 800 steps/s on two cores, far below a burst of breaches. When a step is
 * due and what stops it is the domain's rule (`SLA_STEP_RULES`, as SQL by `slaStepSql`: `running`,
 * `pending`, due once `dueColumn <= AT`), which the partial indexes of the SLA migrations name;
 * here is how it is taken, and `who`, in SQL, hears of it.
 */
interface StepTaking {
  set: string;
  event: 'sla.warning' | 'sla.breached' | 'sla.escalated' | 'appeal.warning' | 'appeal.overdue' | 'appeal.escalated';
  kind: NotificationKind;
  who: string;
}
type StepSql = StepTaking & ReturnType<typeof slaStepSql> & { clock: SlaStepPayload['clock'] };

// The press secretaries who triage the ticket `s`: those whose scope holds it (its district's, or every one while its district is unknown).
const PRESS_OF = `u.role = 'press_secretary' AND ${scopeRuleSql('districts', 's', 'u.district_ids')}`;
// A warning goes to whoever holds the ticket; with nobody yet, to the press secretaries who triage it.
const WARN_WHO = `(s.assignee_id IS NOT NULL AND u.id = s.assignee_id) OR (s.assignee_id IS NULL AND ${PRESS_OF})`;
const BREACH_WHO = `(u.role = 'department_head' AND ${scopeRuleSql('department', 's', 'u.department_id')}) OR (${PRESS_OF})`;

const STEP_TAKING: Record<EngineStep, StepTaking> = {
  'first_response.warning': {
    set: `first_response_warned_at = ${AT}, sla_state = CASE WHEN t.sla_state = 'ok' THEN 'warning' ELSE t.sla_state END`,
    event: 'sla.warning',
    kind: 'sla.warning',
    who: WARN_WHO,
  },
  'resolution.warning': {
    set: `resolution_warned_at = ${AT}, sla_state = CASE WHEN t.sla_state = 'ok' THEN 'warning' ELSE t.sla_state END`,
    event: 'sla.warning',
    kind: 'sla.warning',
    who: WARN_WHO,
  },
  'first_response.breach': {
    set: `first_response_breached_at = t.first_response_due_at, sla_state = 'breached', escalation_level = GREATEST(t.escalation_level, 1)`,
    event: 'sla.breached',
    kind: 'sla.breached',
    who: BREACH_WHO,
  },
  'resolution.breach': {
    set: `resolution_breached_at = t.resolution_due_at, sla_state = 'breached', escalation_level = GREATEST(t.escalation_level, 1)`,
    event: 'sla.breached',
    kind: 'sla.breached',
    who: BREACH_WHO,
  },
  level_two: {
    set: `escalation_level = 2, escalated_at = ${AT}`,
    event: 'sla.escalated',
    kind: 'sla.escalated',
    who: `u.role = 'governor_office'`,
  },
  'formal_appeal.warning': {
    set: `formal_appeal_warned_at = ${AT}`,
    event: 'appeal.warning',
    kind: 'appeal.warning',
    who: WARN_WHO,
  },
  'formal_appeal.overdue': {
    set: `formal_appeal_breached_at = t.formal_appeal_due_at`,
    event: 'appeal.overdue',
    kind: 'appeal.overdue',
    who: BREACH_WHO,
  },
  'formal_appeal.level_two': {
    set: `formal_appeal_escalated_at = ${AT}`,
    event: 'appeal.escalated',
    kind: 'appeal.escalated',
    who: `u.role = 'governor_office'`,
  },
};

const STEP_SQL = Object.fromEntries(
  Object.entries(STEP_TAKING).map(([step, taking]) => [
    step,
    { ...taking, ...slaStepSql(step as EngineStep), clock: SLA_STEP_RULES[step as EngineStep].clock },
  ]),
) as Record<EngineStep, StepSql>;

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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  policies(): Promise<SlaPolicyEntity[]> {
    return this.dataSource.getRepository(SlaPolicyEntity).find();
  }

  calendars(): Promise<CalendarEntity[]> {
    return this.dataSource.getRepository(CalendarEntity).find();
  }

  /** The national holiday rules and decree transfers every calendar counts with. */
  async nationalCalendar(): Promise<NationalCalendar> {
    const [rules, transfers] = await Promise.all([
      this.dataSource.getRepository(HolidayRuleEntity).find(),
      this.dataSource.getRepository(DayTransferEntity).find(),
    ]);
    return { rules, transfers };
  }

  /** Takes the step for up to `limit` tickets for which it is due at the clock's instant and not taken yet. */
  async takeDueSteps(step: EngineStep, limit: number): Promise<StepBatch> {
    const q = STEP_SQL[step];
    const due = `${q.pending} AND t.${q.dueColumn} <= ${AT}`;
    const running = q.running;
    const rows = (await this.dataSource.query(
      `WITH due AS (
         SELECT t.id FROM tickets t WHERE ${running} AND ${due}
          ORDER BY t.${q.dueColumn} LIMIT $1 FOR UPDATE SKIP LOCKED
       ), s AS (
         UPDATE tickets t SET ${q.set}, version = t.version + 1, updated_at = ${AT}
           FROM due WHERE t.id = due.id AND ${running} AND ${due}
          RETURNING t.id, t.assignee_id, t.district_id, t.department_id, t.sla_policy_id, t.${q.dueColumn} AS due_at, t.escalation_level
       ), event AS (
         INSERT INTO ticket_events (ticket_id, type, created_at, payload)
         SELECT s.id, '${q.event}', ${AT}, ${payloadSql<SlaStepPayload>({
           step: `'${step}'`,
           clock: q.clock ? `'${q.clock}'` : 'NULL',
           dueAt: 's.due_at',
           assigneeId: 's.assignee_id',
           escalationLevel: 's.escalation_level',
         })}
           FROM s
       ), sent AS (
         INSERT INTO notifications (user_id, ticket_id, kind, step, created_at)
         SELECT u.id, s.id, '${q.kind}', '${step}', ${AT} FROM s JOIN users u ON u.active AND (${q.who})
         ON CONFLICT DO NOTHING
         RETURNING id, user_id, ticket_id
       )
       SELECT s.id AS "ticketId", s.due_at AS "dueAt", s.sla_policy_id AS "policyId", s.district_id AS "districtId", s.department_id AS "departmentId",
              s.assignee_id AS "assigneeId", NULL::uuid AS "notificationId", NULL::uuid AS "userId" FROM s
       UNION ALL
       SELECT ticket_id, NULL, NULL, NULL, NULL, NULL, id, user_id FROM sent`,
      [limit, this.clock.now()],
    )) as Array<StepTaken & ScopedTicketFields & { notificationId: string | null; userId: string | null }>;
    const taken = rows.filter((r) => !r.notificationId);
    const sent = rows.filter((r) => r.notificationId);
    return {
      step,
      taken: taken.map(({ ticketId, dueAt, policyId, districtId, departmentId, assigneeId }) => ({
        ticketId,
        dueAt,
        policyId,
        districtId,
        departmentId,
        assigneeId,
      })),
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
               WHERE ${q.running} AND ${q.pending} AND t.${q.dueColumn} > $3::timestamptz AND t.${q.dueColumn} <= $3::timestamptz + make_interval(secs => $1::double precision / 1000)`;
    });
    const rows = (await this.dataSource.query(
      // numeric arithmetic: exact, so the rounding agrees with slaTimer's
      `SELECT DISTINCT ceil(extract(epoch FROM at) * 1000 / $2) * $2 AS bucket FROM (${parts.join(' UNION ALL ')}) x`,
      [horizonMs, bucketMs, this.clock.now()],
    )) as Array<{ bucket: string }>;
    return rows.map((r) => Number(r.bucket));
  }

  /**
   * The earliest instant at which a step is pending, overdue or not: when the engine next has work.
   * For the demo seed's sweeps over a few hundred tickets, asked before each of its writes: one pass
   * with no WHERE, since planning eight partial-index matches cost ten times the scan.
   */
  async nextDueAt(): Promise<Date | null> {
    const instants = SLA_STEPS.map((step) => {
      const q = STEP_SQL[step];
      return `CASE WHEN ${q.running} AND ${q.pending} THEN t.${q.dueColumn} END`;
    });
    const [row] = (await this.dataSource.query(`SELECT min(LEAST(${instants.join(', ')})) AS at FROM tickets t`)) as Array<{ at: Date | null }>;
    return row!.at;
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
    const rows = (await this.dataSource.query(`SELECT id FROM tickets WHERE status ${NOT_FINAL} AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`, [
      afterId,
      limit,
    ])) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}
