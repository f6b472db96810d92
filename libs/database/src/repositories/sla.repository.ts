import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { NotificationKind } from '../entities/notification.entity.js';
import { CalendarEntity } from '../entities/calendar.entity.js';
import { SlaPolicyEntity } from '../entities/sla-policy.entity.js';
import type { TicketEntity } from '../entities/ticket.entity.js';

export type SlaStep = 'first_response.warning' | 'first_response.breach' | 'resolution.warning' | 'resolution.breach' | 'level_two';

/** A ticket's SLA clocks run unless it is closed, rejected, merged or paused. */
const RUNNING = `t.status NOT IN ('merged', 'rejected', 'closed') AND t.sla_paused_since IS NULL`;

/**
 * Each step is one statement: a conditional UPDATE that matches only while the step is due and
 * not yet taken, then its event and its notifications, written from the UPDATE's result. One
 * statement is one transaction, so of two workers (or a timer and the sweep) exactly one gets the
 * row and records the step, and a step is never half-recorded. The WHERE clauses mirror the
 * partial indexes of the SLA migration; `who` says, in SQL, who hears of the step.
 */
interface StepSql {
  set: string;
  when: string;
  event: 'sla.warning' | 'sla.breached' | 'sla.escalated';
  kind: NotificationKind;
  clock: 'first_response' | 'resolution' | null;
  /** The instant the step was due, as a column of the updated row. */
  dueColumn: string;
  who: string;
}

// A warning goes to whoever holds the ticket; with nobody yet, to the press secretaries who triage it.
const WARN_WHO = `(s.assignee_id IS NOT NULL AND u.id = s.assignee_id) OR (s.assignee_id IS NULL AND u.role = 'press_secretary' AND s.district_id = ANY(u.district_ids))`;
const BREACH_WHO = `(u.role = 'department_head' AND u.department_id = s.department_id) OR (u.role = 'press_secretary' AND s.district_id = ANY(u.district_ids))`;

const STEP_SQL: Record<SlaStep, StepSql> = {
  'first_response.warning': {
    set: `first_response_warned_at = now(), sla_state = CASE WHEN t.sla_state = 'ok' THEN 'warning' ELSE t.sla_state END`,
    when: `t.first_response_at IS NULL AND t.first_response_warned_at IS NULL AND t.first_response_breached_at IS NULL AND t.first_response_warning_at <= now()`,
    event: 'sla.warning', kind: 'sla.warning', clock: 'first_response', dueColumn: 'first_response_warning_at', who: WARN_WHO,
  },
  'resolution.warning': {
    set: `resolution_warned_at = now(), sla_state = CASE WHEN t.sla_state = 'ok' THEN 'warning' ELSE t.sla_state END`,
    when: `t.resolved_at IS NULL AND t.resolution_warned_at IS NULL AND t.resolution_breached_at IS NULL AND t.resolution_warning_at <= now()`,
    event: 'sla.warning', kind: 'sla.warning', clock: 'resolution', dueColumn: 'resolution_warning_at', who: WARN_WHO,
  },
  'first_response.breach': {
    set: `first_response_breached_at = t.first_response_due_at, sla_state = 'breached', escalation_level = GREATEST(t.escalation_level, 1), level_two_due_at = COALESCE(t.level_two_due_at, $2::timestamptz)`,
    when: `t.first_response_at IS NULL AND t.first_response_breached_at IS NULL AND t.first_response_due_at <= now()`,
    event: 'sla.breached', kind: 'sla.breached', clock: 'first_response', dueColumn: 'first_response_due_at', who: BREACH_WHO,
  },
  'resolution.breach': {
    set: `resolution_breached_at = t.resolution_due_at, sla_state = 'breached', escalation_level = GREATEST(t.escalation_level, 1), level_two_due_at = COALESCE(t.level_two_due_at, $2::timestamptz)`,
    when: `t.resolved_at IS NULL AND t.resolution_breached_at IS NULL AND t.resolution_due_at <= now()`,
    event: 'sla.breached', kind: 'sla.breached', clock: 'resolution', dueColumn: 'resolution_due_at', who: BREACH_WHO,
  },
  // Level two only while a breached clock is still unmet.
  level_two: {
    set: `escalation_level = 2, escalated_at = now()`,
    when: `t.escalation_level = 1 AND t.level_two_due_at <= now()
      AND ((t.first_response_breached_at IS NOT NULL AND t.first_response_at IS NULL) OR (t.resolution_breached_at IS NOT NULL AND t.resolved_at IS NULL))`,
    event: 'sla.escalated', kind: 'sla.escalated', clock: null, dueColumn: 'level_two_due_at', who: `u.role = 'governor_office'`,
  },
};

export const SLA_STEPS = Object.keys(STEP_SQL) as SlaStep[];

/** What `advance` needs to know of a ticket to decide which steps to try. */
export type SlaSnapshot = Pick<
  TicketEntity,
  | 'id' | 'status' | 'slaPolicyId' | 'slaPausedSince' | 'categoryCode' | 'priority' | 'channel' | 'escalationLevel'
  | 'firstResponseAt' | 'resolvedAt' | 'firstResponseWarningAt' | 'resolutionWarningAt' | 'firstResponseDueAt' | 'resolutionDueAt'
  | 'firstResponseWarnedAt' | 'resolutionWarnedAt' | 'firstResponseBreachedAt' | 'resolutionBreachedAt' | 'levelTwoDueAt'
>;

export interface StepTaken {
  step: SlaStep;
  ticketId: string;
  levelTwoDueAt: Date | null;
  notificationIds: string[];
}

const SNAPSHOT_COLUMNS = `id, status, sla_policy_id AS "slaPolicyId", sla_paused_since AS "slaPausedSince", category_code AS "categoryCode",
  priority, channel, escalation_level AS "escalationLevel", first_response_at AS "firstResponseAt", resolved_at AS "resolvedAt",
  first_response_warning_at AS "firstResponseWarningAt", resolution_warning_at AS "resolutionWarningAt",
  first_response_due_at AS "firstResponseDueAt", resolution_due_at AS "resolutionDueAt",
  first_response_warned_at AS "firstResponseWarnedAt", resolution_warned_at AS "resolutionWarnedAt",
  first_response_breached_at AS "firstResponseBreachedAt", resolution_breached_at AS "resolutionBreachedAt", level_two_due_at AS "levelTwoDueAt"`;

@Injectable()
export class SlaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  policies(): Promise<SlaPolicyEntity[]> {
    return this.dataSource.getRepository(SlaPolicyEntity).find();
  }

  calendars(): Promise<CalendarEntity[]> {
    return this.dataSource.getRepository(CalendarEntity).find();
  }

  async snapshot(ticketId: string): Promise<SlaSnapshot | null> {
    const rows = (await this.dataSource.query(`SELECT ${SNAPSHOT_COLUMNS} FROM tickets WHERE id = $1`, [ticketId])) as SlaSnapshot[];
    return rows[0] ?? null;
  }

  /** Takes the step if it is due now and not taken yet, with its event and notifications; null otherwise. */
  async takeStep(ticketId: string, step: SlaStep, levelTwoDueAt: Date | null): Promise<StepTaken | null> {
    const q = STEP_SQL[step];
    const rows = (await this.dataSource.query(
      `WITH s AS (
         UPDATE tickets t SET ${q.set}, version = t.version + 1, updated_at = now()
          WHERE t.id = $1 AND ${RUNNING} AND ${q.when}
          RETURNING t.id, t.assignee_id, t.district_id, t.department_id, t.level_two_due_at, t.${q.dueColumn} AS due_at, t.escalation_level
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
       SELECT s.id, s.level_two_due_at AS "levelTwoDueAt", ARRAY(SELECT id FROM sent) AS "notificationIds" FROM s`,
      q.set.includes('$2') ? [ticketId, levelTwoDueAt] : [ticketId],
    )) as Array<{ id: string; levelTwoDueAt: Date | null; notificationIds: string[] }>;
    const row = rows[0];
    return row ? { step, ticketId: row.id, levelTwoDueAt: row.levelTwoDueAt, notificationIds: row.notificationIds } : null;
  }

  /** Tickets with at least one step due now and not taken: what the sweep must catch up on. */
  async overdue(limit: number): Promise<string[]> {
    const whens = SLA_STEPS.map((s) => `(${STEP_SQL[s].when})`).join(' OR ');
    const rows = (await this.dataSource.query(`SELECT t.id FROM tickets t WHERE ${RUNNING} AND (${whens}) LIMIT $1`, [limit])) as Array<{ id: string }>;
    return rows.map((r) => r.id);
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
