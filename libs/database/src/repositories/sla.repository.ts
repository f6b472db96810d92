import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CalendarEntity } from '../entities/calendar.entity.js';
import { SlaPolicyEntity } from '../entities/sla-policy.entity.js';
import { TicketEntity } from '../entities/ticket.entity.js';

export type SlaStep = 'first_response.warning' | 'first_response.breach' | 'resolution.warning' | 'resolution.breach' | 'level_two';

/** A ticket's SLA clocks run unless it is closed, rejected, merged or paused. */
const RUNNING = `t.status NOT IN ('merged', 'rejected', 'closed') AND t.sla_paused_since IS NULL`;

/**
 * Each step is one conditional UPDATE: it matches only while the step is due and not yet taken, so
 * of two workers (or a job and the sweep) exactly one gets the row back and acts on it. The WHERE
 * clauses mirror the partial indexes of the SLA migration.
 */
const STEP_SQL: Record<SlaStep, { set: string; when: string }> = {
  'first_response.warning': {
    set: `first_response_warned_at = now(), sla_state = CASE WHEN t.sla_state = 'ok' THEN 'warning' ELSE t.sla_state END`,
    when: `t.first_response_at IS NULL AND t.first_response_warned_at IS NULL AND t.first_response_breached_at IS NULL AND t.first_response_warning_at <= now()`,
  },
  'resolution.warning': {
    set: `resolution_warned_at = now(), sla_state = CASE WHEN t.sla_state = 'ok' THEN 'warning' ELSE t.sla_state END`,
    when: `t.resolved_at IS NULL AND t.resolution_warned_at IS NULL AND t.resolution_breached_at IS NULL AND t.resolution_warning_at <= now()`,
  },
  'first_response.breach': {
    set: `first_response_breached_at = t.first_response_due_at, sla_state = 'breached', escalation_level = GREATEST(t.escalation_level, 1), level_two_due_at = COALESCE(t.level_two_due_at, $2)`,
    when: `t.first_response_at IS NULL AND t.first_response_breached_at IS NULL AND t.first_response_due_at <= now()`,
  },
  'resolution.breach': {
    set: `resolution_breached_at = t.resolution_due_at, sla_state = 'breached', escalation_level = GREATEST(t.escalation_level, 1), level_two_due_at = COALESCE(t.level_two_due_at, $2)`,
    when: `t.resolved_at IS NULL AND t.resolution_breached_at IS NULL AND t.resolution_due_at <= now()`,
  },
  // Level two only while a breached clock is still unmet.
  level_two: {
    set: `escalation_level = 2, escalated_at = now()`,
    when: `t.escalation_level = 1 AND t.level_two_due_at <= now()
      AND ((t.first_response_breached_at IS NOT NULL AND t.first_response_at IS NULL) OR (t.resolution_breached_at IS NOT NULL AND t.resolved_at IS NULL))`,
  },
};

export const SLA_STEPS = Object.keys(STEP_SQL) as SlaStep[];

export interface StepTaken {
  step: SlaStep;
  ticket: Pick<TicketEntity, 'id' | 'reference' | 'assigneeId' | 'districtId' | 'departmentId' | 'firstResponseDueAt' | 'resolutionDueAt' | 'levelTwoDueAt' | 'status'>;
}

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

  /** Takes the step if it is due now and not taken yet; null when another worker took it or it is not due. */
  async takeStep(m: EntityManager, ticketId: string, step: SlaStep, levelTwoDueAt: Date | null): Promise<StepTaken | null> {
    const { set, when } = STEP_SQL[step];
    const usesLevelTwo = set.includes('$2');
    const rows = (await m.query(
      `UPDATE tickets t SET ${set}, version = t.version + 1, updated_at = now()
        WHERE t.id = $1 AND ${RUNNING} AND ${when}
        RETURNING t.id, t.reference, t.assignee_id AS "assigneeId", t.district_id AS "districtId", t.department_id AS "departmentId",
                  t.first_response_due_at AS "firstResponseDueAt", t.resolution_due_at AS "resolutionDueAt", t.level_two_due_at AS "levelTwoDueAt", t.status`,
      usesLevelTwo ? [ticketId, levelTwoDueAt] : [ticketId],
    )) as [Array<StepTaken['ticket']>, number] | Array<StepTaken['ticket']>;
    // pg returns [rows, count] for UPDATE ... RETURNING through TypeORM.
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as Array<StepTaken['ticket']>;
    return list[0] ? { step, ticket: list[0] } : null;
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
