import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  FINAL_STATUSES,
  NOT_ACTIONABLE_STATUSES,
  type RankingCell,
  type ReportGroupBy,
  type ReportPeriod,
  type TicketScope,
  type TicketStatus,
} from '@app/domain';
import type { ReportLabel } from '@app/contracts';
import { scopeSql, sqlList } from './domain-sql.js';
import { payloadText } from './event-sql.js';
import { OPEN_SQL, Params, REPORT_SETTINGS_SQL, RESOLVED_SQL, ticketsOf, unpackList } from './report-cell-sql.js';
import { UnitOfWork } from '../unit-of-work.js';

export { REPORT_GROUP_BYS, type ReportGroupBy } from '@app/domain';
export type { ReportLabel } from '@app/contracts';

export interface RankingGroupCell extends RankingCell {
  groupId: string | null;
}

export interface PublicScorecardTicket {
  districtId: string | null;
  status: TicketStatus;
  receivedAt: Date;
  firstResponseAt: Date | null;
  confirmation: string;
}

export interface BreachFilters {
  districtId?: string;
  departmentId?: string;
}

export interface BreachRow {
  ticketId: string;
  reference: string;
  clock: 'first_response' | 'resolution';
  status: TicketStatus;
  escalationLevel: number;
  districtId: string | null;
  departmentId: string | null;
  /** Who held the ticket when it breached, from the `sla.breached` event. */
  assigneeAtBreachId: string | null;
  dueAt: Date;
  /** When the breached clock stopped (the response, the resolution, or closing/rejecting/merging); null while it runs. */
  stoppedAt: Date | null;
}

export interface SilentPageRow {
  pageId: string;
  title: string;
  channel: string;
  districtId: string | null;
  comments: number;
  firstCommentAt: Date;
  lastCommentAt: Date;
}

const ACTIONABLE = `t.status NOT IN ${sqlList(NOT_ACTIONABLE_STATUSES)}`;

const GROUP_COLUMN: Record<ReportGroupBy, string> = {
  district: 't.district_id',
  department: 't.department_id',
  assignee: 't.assignee_id',
  category: 't.category_code',
};

/** Sorted here, once per cell: the figures of every group that holds the cell then count in it by bisection. */
const seconds = (packed: Buffer | null): Int32Array => (packed ? (unpackList(packed, 4) as Int32Array).sort() : new Int32Array(0));

/**
 * The reports' SQL besides their cells (ReportCellsRepository): the ranking, what is overdue now,
 * the breach and silent-page lists, the public scorecard's tickets and the labels. The figures are
 * added up and the percentiles taken in libs/domain.
 */
@Injectable()
export class ReportsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * The governor's ranking per district or department: answered by the first-response deadline
   * against the tickets whose deadline was decided by `asOf` (answered, or unanswered past it;
   * rejected and merged tickets never answered needed no answer), with the working-time response
   * times for the median.
   */
  async rankingCells(scope: TicketScope, period: ReportPeriod, groupBy: 'district' | 'department', asOf: Date): Promise<RankingGroupCell[]> {
    const p = new Params();
    const where = ticketsOf(p, scope, period);
    const due = `t.first_response_due_at IS NOT NULL AND (t.first_response_at IS NOT NULL OR (t.first_response_due_at <= ${p.add(asOf)} AND ${ACTIONABLE}))`;
    const rows = await this.read<Omit<RankingGroupCell, 'businessSeconds'> & { businessSeconds: Buffer | null }>(
      `SELECT ${GROUP_COLUMN[groupBy]}::text AS "groupId",
              count(*)::int AS received,
              count(*) FILTER (WHERE t.status = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE t.status = 'merged')::int AS merged,
              count(*) FILTER (WHERE ${RESOLVED_SQL})::int AS resolved,
              count(*) FILTER (WHERE ${due})::int AS "answerDue",
              count(*) FILTER (WHERE t.first_response_due_at IS NOT NULL AND t.first_response_at <= t.first_response_due_at)::int AS "answeredInTime",
              string_agg(int4send(t.first_response_business_seconds), ''::bytea) FILTER (WHERE t.first_response_at IS NOT NULL) AS "businessSeconds"
         FROM tickets t WHERE ${where} GROUP BY 1`,
      p.values,
    );
    return rows.map((r) => ({ ...r, businessSeconds: seconds(r.businessSeconds) }));
  }

  /** Open tickets overdue now (a breached clock not met), whenever received, per district or department. */
  async overdueNow(scope: TicketScope, groupBy: 'district' | 'department'): Promise<Array<{ groupId: string | null; overdue: number }>> {
    const p = new Params();
    const where = [
      OPEN_SQL,
      `((t.first_response_breached_at IS NOT NULL AND t.first_response_at IS NULL) OR (t.resolution_breached_at IS NOT NULL AND t.resolved_at IS NULL))`,
      scopeSql(scope, (v) => p.add(v)),
    ];
    return this.read(
      `SELECT ${GROUP_COLUMN[groupBy]}::text AS "groupId", count(*)::int AS overdue FROM tickets t WHERE ${where.join(' AND ')} GROUP BY 1`,
      p.values,
    );
  }

  /** Each breached clock of the period's tickets, by due instant, with when it stopped (null while it runs). */
  breaches(scope: TicketScope, period: ReportPeriod, filters: BreachFilters): Promise<BreachRow[]> {
    const p = new Params();
    const where = [ticketsOf(p, scope, period), 'c.due_at IS NOT NULL'];
    if (filters.districtId) where.push(`t.district_id = ${p.add(filters.districtId)}`);
    if (filters.departmentId) where.push(`t.department_id = ${p.add(filters.departmentId)}`);
    // A clock left unmet by closing, rejecting or merging stopped then: the ticket's timeline says when.
    return this.read<BreachRow>(
      `SELECT t.id AS "ticketId", t.reference, c.clock, t.status, t.escalation_level AS "escalationLevel",
              t.district_id AS "districtId", t.department_id AS "departmentId", c.due_at AS "dueAt",
              CASE WHEN c.met_at IS NOT NULL THEN c.met_at
                   WHEN t.status IN ${sqlList(FINAL_STATUSES)} THEN (SELECT max(e.created_at) FROM ticket_events e WHERE e.ticket_id = t.id AND e.to_status = t.status)
              END AS "stoppedAt",
              ${this.assigneeAtBreach('t.id', 'c.clock')} AS "assigneeAtBreachId"
         FROM tickets t
        CROSS JOIN LATERAL (VALUES ('first_response', t.first_response_breached_at, t.first_response_at),
                                   ('resolution', t.resolution_breached_at, COALESCE(t.resolved_at, t.closed_at))) AS c(clock, due_at, met_at)
        WHERE ${where.join(' AND ')}
        ORDER BY c.due_at, t.reference, c.clock`,
      p.values,
    );
  }

  /**
   * The period's tickets still overdue: open, with a breached clock not met yet, longest overdue
   * first (by the earlier of its unmet clocks). The inner query is answered from the partial index
   * tickets_overdue_idx alone (its predicate is this WHERE clause word for word, and it carries the
   * columns read here: migration 1764270000000); only the page's rows are read from the table.
   */
  overdue(scope: TicketScope, period: ReportPeriod, limit: number): Promise<BreachRow[]> {
    const p = new Params();
    const firstUnmet = `(t.first_response_breached_at IS NOT NULL AND t.first_response_at IS NULL)`;
    const resolutionUnmet = `(t.resolution_breached_at IS NOT NULL AND t.resolved_at IS NULL)`;
    return this.read<BreachRow>(
      `SELECT o."ticketId", o.reference, x.status, x.escalation_level AS "escalationLevel", x.district_id AS "districtId",
              x.department_id AS "departmentId", NULL::timestamptz AS "stoppedAt", o.clock, o."dueAt",
              ${this.assigneeAtBreach('o."ticketId"', 'o.clock')} AS "assigneeAtBreachId"
         FROM (SELECT t.id AS "ticketId", t.reference,
                      CASE WHEN ${firstUnmet} THEN 'first_response' ELSE 'resolution' END AS clock,
                      CASE WHEN ${firstUnmet} THEN t.first_response_breached_at ELSE t.resolution_breached_at END AS "dueAt"
                 FROM tickets t
                WHERE ${ticketsOf(p, scope, period)} AND ${OPEN_SQL} AND (${firstUnmet} OR ${resolutionUnmet})
                ORDER BY "dueAt", t.reference LIMIT ${p.add(limit)}) o
         JOIN tickets x ON x.id = o."ticketId"
        ORDER BY o."dueAt", o.reference`,
      p.values,
    );
  }

  /**
   * Pages whose comments of the period (rejected and merged ones aside) got no public answer at all.
   * Page by page through tickets_page_idx: the probe for an answered comment stops at the first one,
   * so only the pages left (the silent ones, and those without comments) are counted.
   */
  silentPages(scope: TicketScope, period: ReportPeriod): Promise<SilentPageRow[]> {
    const p = new Params();
    const kept = `t.page_id = pg.id AND ${ACTIONABLE}`;
    const answered = `SELECT 1 FROM tickets t WHERE ${kept} AND t.first_response_at IS NOT NULL AND ${ticketsOf(p, scope, period)}`;
    return this.read<SilentPageRow>(
      `SELECT pg.id AS "pageId", pg.title, pg.channel, pg.district_id AS "districtId", s.comments, s."firstCommentAt", s."lastCommentAt"
         FROM pages pg
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS comments, min(t.received_at) AS "firstCommentAt", max(t.received_at) AS "lastCommentAt"
            FROM tickets t WHERE ${kept} AND ${ticketsOf(p, scope, period)}) s
        WHERE NOT EXISTS (${answered}) AND s.comments > 0
        ORDER BY s.comments DESC, pg.title, pg.id`,
      p.values,
    );
  }

  /**
   * Issue 16: the public scorecard's tickets of a period, one row each with nothing personal: the
   * district, the status, the verdict and the two instants the first response is measured between.
   */
  publicScorecardTickets(period: ReportPeriod): Promise<PublicScorecardTicket[]> {
    return this.read<PublicScorecardTicket>(
      `SELECT t.district_id AS "districtId", t.status, t.received_at AS "receivedAt", t.first_response_at AS "firstResponseAt",
              t.resident_confirmation_state AS "confirmation"
         FROM tickets t WHERE t.received_at >= $1 AND t.received_at < $2`,
      [period.from, period.to],
    );
  }

  /** Names of what reports group by; users are read by id (there are many), the rest whole (they are few). */
  labels(kind: 'district' | 'department' | 'category'): Promise<ReportLabel[]>;
  labels(kind: 'user', ids: string[]): Promise<ReportLabel[]>;
  labels(kind: 'district' | 'department' | 'category' | 'user', ids?: string[]): Promise<ReportLabel[]> {
    const sql = {
      district: `SELECT id::text, code, name_kk AS "nameKk", name_ru AS "nameRu" FROM districts ORDER BY name_ru, code`,
      department: `SELECT id::text, code, name_kk AS "nameKk", name_ru AS "nameRu" FROM departments ORDER BY name_ru, code`,
      category: `SELECT code AS id, code, name_kk AS "nameKk", name_ru AS "nameRu" FROM categories ORDER BY name_ru, code`,
      user: `SELECT id::text, email AS code, full_name AS "nameKk", full_name AS "nameRu" FROM users WHERE id = ANY($1::uuid[]) ORDER BY full_name, email`,
    }[kind];
    return this.dataSource.query(sql, kind === 'user' ? [ids ?? []] : []) as Promise<ReportLabel[]>;
  }

  private assigneeAtBreach(ticketId: string, clock: string): string {
    const breached = 'sla.breached';
    return `(SELECT ${payloadText('e', breached, 'assigneeId')} FROM ticket_events e
              WHERE e.ticket_id = ${ticketId} AND e.type = '${breached}' AND ${payloadText('e', breached, 'clock')} = ${clock} ORDER BY e.id LIMIT 1)`;
  }

  /** A report statement in a transaction of its own, with the reports' planner settings (REPORT_SETTINGS_SQL says why). */
  private read<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.uow.run(async (m) => {
      await m.query(REPORT_SETTINGS_SQL);
      return (await m.query(sql, params)) as T[];
    });
  }
}
