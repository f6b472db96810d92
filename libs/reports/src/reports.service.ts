import { Injectable } from '@nestjs/common';
import {
  ReportCellsRepository,
  ReportsRepository,
  type BreachFilters,
  type BreachRow,
  type ReportCell,
  type ReportGroupBy,
  type ReportLabel,
} from '@app/database';
import {
  DomainError,
  REPORT_TIME_ZONE,
  byWorstRate,
  previousPeriodOf,
  rankingFigures,
  rateChange,
  type RankingCell,
  SLA_FIGURE_CLOCKS,
  figuresChange,
  monthOf,
  monthPeriod,
  previousMonth,
  reportPeriod,
  scopeOf,
  slaFigures,
  outcomeFigures,
  verdictFigures,
  type Actor,
  type OutcomeFigures,
  type ReportPeriod,
  type SlaCell,
  type TicketScope,
  type VerdictFigures,
} from '@app/domain';
import type { BreachView, BreachesReport, MonthlyReport, MonthlyRow, OutcomeRow, RankingReport, RankingRow, ReportScopeView, SlaReport } from '@app/contracts';
import { TOTAL_LABEL, byId, byName, formatInstant, groupLabel, toBreachView, toSilentPageView } from './report-rows.js';

/** A fold run's bound: 50 batches of up to 10,000 logged changes. */
const FOLD_BATCHES_PER_RUN = 50;

/** How many of the month's tickets still overdue a scorecard prints. */
export const WORST_OVERDUE = 10;

type UnitScope = Exclude<TicketScope, { kind: 'assignee' }>;

/** One report request's frame: who reads, what they see, and the instant every age is measured to. */
interface Frame {
  scope: UnitScope;
  asOf: Date;
  districts: Map<string, ReportLabel>;
  departments: Map<string, ReportLabel>;
  header: { timeZone: string; generatedAt: string; scope: ReportScopeView; clocks: typeof SLA_FIGURE_CLOCKS };
}

/** Cells split by one of their keys (null is a key: tickets without a district or department). */
function byKey<C>(cells: readonly C[], key: (c: C) => string | null): Map<string | null, C[]> {
  const groups = new Map<string | null, C[]>();
  for (const c of cells) {
    const k = key(c);
    const group = groups.get(k);
    if (group) group.push(c);
    else groups.set(k, [c]);
  }
  return groups;
}

const NO_OUTCOMES = outcomeFigures([]);

/** The cell field each grouping reads. */
const GROUP_KEY = { district: 'districtId', department: 'departmentId', assignee: 'assigneeId', category: 'categoryCode' } as const satisfies Record<
  ReportGroupBy,
  keyof ReportCell
>;
const groupOf = (groupBy: ReportGroupBy) => (c: ReportCell) => c[GROUP_KEY[groupBy]];

/** Issue 16: verdict and formal-appeal figures by group id, computed once for a report's rows and its `resolutionOutcomes` alike. */
function outcomesByGroup(groupBy: ReportGroupBy, cells: readonly ReportCell[]): Map<string | null, OutcomeFigures> {
  return new Map([...byKey(cells, groupOf(groupBy))].map(([id, group]) => [id, outcomeFigures(group)]));
}

/** The verdict figures of a report row: those of its group's outcomes (none for a group without tickets). */
const verdictsOf = (outcomes: ReadonlyMap<string | null, OutcomeFigures>, id: string | null) => verdictFigures(outcomes.get(id) ?? NO_OUTCOMES);

/** Issue 16: the `resolutionOutcomes` rows, listing the groups the reader answers for even when empty. */
function outcomeRows(
  groupBy: ReportGroupBy,
  outcomes: ReadonlyMap<string | null, OutcomeFigures>,
  labels: Map<string, ReportLabel>,
  owned: readonly string[],
): OutcomeRow[] {
  const ids = new Set<string | null>([...owned, ...outcomes.keys()]);
  return [...ids].map((id) => ({ ...groupLabel(groupBy, id, labels), ...(outcomes.get(id) ?? NO_OUTCOMES) })).sort(byName);
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly cells: ReportCellsRepository,
  ) {}

  async sla(actor: Actor, q: { from?: string; to?: string; groupBy: ReportGroupBy }): Promise<SlaReport> {
    const frame = await this.frame(actor);
    const period = reportPeriod(q, frame.asOf);
    const cells = await this.cells.cells(frame.scope, period);
    const groups = byKey(cells, groupOf(q.groupBy));
    const labels = await this.groupLabels(frame, q.groupBy, [...groups.keys()]);
    const [byGroup, total] = [outcomesByGroup(q.groupBy, cells), outcomeFigures(cells)];
    return {
      report: 'sla',
      ...frame.header,
      filters: { ...this.periodFilter(period), groupBy: q.groupBy },
      rows: [...groups]
        .map(([id, group]) => ({ ...groupLabel(q.groupBy, id, labels), ...slaFigures(group, frame.asOf), ...verdictsOf(byGroup, id) }))
        .sort(byName),
      total: { ...TOTAL_LABEL, ...slaFigures(cells, frame.asOf), ...verdictFigures(total) },
      resolutionOutcomes: { rows: outcomeRows(q.groupBy, byGroup, labels, []), total: { ...TOTAL_LABEL, ...total } },
    };
  }

  async breaches(actor: Actor, q: { from?: string; to?: string } & BreachFilters): Promise<BreachesReport> {
    const frame = await this.frame(actor);
    const period = reportPeriod(q, frame.asOf);
    const rows = await this.reports.breaches(frame.scope, period, q);
    return {
      report: 'breaches',
      ...frame.header,
      filters: { ...this.periodFilter(period), districtId: q.districtId ?? null, departmentId: q.departmentId ?? null },
      items: await this.breachViews(frame, rows),
    };
  }

  /**
   * The scorecard of a month per district akimat and per department, against the month before. A
   * district or department the reader is responsible for is listed even when nobody wrote to it.
   */
  async monthly(actor: Actor, q: { month?: string }): Promise<MonthlyReport> {
    const frame = await this.frame(actor);
    const { scope, districts, departments, asOf } = frame;
    const month = q.month ?? monthOf(asOf);
    const period = monthPeriod(month);
    const before = previousMonth(month);
    const [current, previous, overdue, silent] = await Promise.all([
      this.cells.cells(scope, period),
      this.cells.cells(scope, monthPeriod(before)),
      this.reports.overdue(scope, period, WORST_OVERDUE),
      this.reports.silentPages(scope, period),
    ]);
    const row = (cur: readonly SlaCell[], prev: readonly SlaCell[]) => {
      const [c, p] = [slaFigures(cur, asOf), slaFigures(prev, asOf)];
      return { current: c, previous: p, change: figuresChange(c, p) };
    };
    // The month's cells carry its verdicts and formal appeals too.
    const outcomesOf = { district: outcomesByGroup('district', current), department: outcomesByGroup('department', current) };
    const totalOutcomes = outcomeFigures(current);
    const section = (
      groupBy: 'district' | 'department',
      labels: Map<string, ReportLabel>,
      owned: string[],
      key: (c: ReportCell) => string | null,
    ): MonthlyRow[] => {
      const [cur, prev] = [byKey(current, key), byKey(previous, key)];
      const ids = new Set<string | null>([...owned, ...cur.keys(), ...prev.keys()]);
      return [...ids]
        .map((id) => ({ ...groupLabel(groupBy, id, labels), ...row(cur.get(id) ?? [], prev.get(id) ?? []), ...verdictsOf(outcomesOf[groupBy], id) }))
        .sort(byName);
    };
    const ownedDistricts = scope.kind === 'all' ? [...districts.keys()] : scope.kind === 'districts' ? scope.districtIds : [];
    const ownedDepartments = scope.kind === 'all' ? [...departments.keys()] : scope.kind === 'department' ? [scope.departmentId] : [];
    return {
      report: 'monthly',
      ...frame.header,
      filters: { month, ...this.periodFilter(period), previousMonth: before },
      districts: section('district', districts, ownedDistricts, (c) => c.districtId),
      departments: section('department', departments, ownedDepartments, (c) => c.departmentId),
      total: { ...TOTAL_LABEL, ...row(current, previous), ...verdictFigures(totalOutcomes) },
      worstOverdue: await this.breachViews(frame, overdue),
      silentPages: silent.map((p) => toSilentPageView(p, districts)),
      resolutionOutcomes: {
        districts: outcomeRows('district', outcomesOf.district, districts, ownedDistricts),
        departments: outcomeRows('department', outcomesOf.department, departments, ownedDepartments),
        total: { ...TOTAL_LABEL, ...totalOutcomes },
      },
    };
  }

  /**
   * The governor's ranking: each district akimat (or department) the reader answers for, worst
   * first by the share of residents answered by the first-response deadline, against the period of
   * equal length before (a calendar month against the month before), with what is overdue now.
   */
  async ranking(actor: Actor, q: { from?: string; to?: string; month?: string; groupBy: 'district' | 'department' }): Promise<RankingReport> {
    if (q.month !== undefined && (q.from !== undefined || q.to !== undefined)) throw new DomainError('validation', 'give a month or from and to, not both');
    const frame = await this.frame(actor);
    const { scope, asOf } = frame;
    const period = q.month ? monthPeriod(q.month) : reportPeriod(q, asOf);
    const before = q.month ? monthPeriod(previousMonth(q.month)) : previousPeriodOf(period);
    const [current, previous, overdue, outcomes] = await Promise.all([
      this.reports.rankingCells(scope, period, q.groupBy, asOf),
      this.reports.rankingCells(scope, before, q.groupBy, asOf),
      this.reports.overdueNow(scope, q.groupBy),
      this.cells.cells(scope, period),
    ]);
    const labels = q.groupBy === 'district' ? frame.districts : frame.departments;
    const owned =
      q.groupBy === 'district'
        ? scope.kind === 'all'
          ? [...labels.keys()]
          : scope.kind === 'districts'
            ? scope.districtIds
            : []
        : scope.kind === 'all'
          ? [...labels.keys()]
          : scope.kind === 'department'
            ? [scope.departmentId]
            : [];
    const [cur, prev] = [byKey(current, (c) => c.groupId), byKey(previous, (c) => c.groupId)];
    const overdueOf = new Map(overdue.map((o) => [o.groupId, o.overdue]));
    const outcomesOf = outcomesByGroup(q.groupBy, outcomes);
    const row = (cells: RankingCell[], prevCells: RankingCell[], overdueNow: number): Omit<RankingRow, keyof typeof TOTAL_LABEL | keyof VerdictFigures> => {
      const [c, p] = [rankingFigures(cells), rankingFigures(prevCells)];
      return {
        current: c,
        previous: p,
        change: { answeredInTimeRate: rateChange(c.answeredInTimeRate, p.answeredInTimeRate), resolutionRate: rateChange(c.resolutionRate, p.resolutionRate) },
        overdueNow,
      };
    };
    const ids = new Set<string | null>([...owned, ...cur.keys(), ...prev.keys(), ...overdueOf.keys()]);
    const rows = [...ids]
      .map((id): RankingRow => ({
        ...groupLabel(q.groupBy, id, labels),
        ...row(cur.get(id) ?? [], prev.get(id) ?? [], overdueOf.get(id) ?? 0),
        ...verdictsOf(outcomesOf, id),
      }))
      .sort((a, b) => byWorstRate(a.current, b.current) || b.overdueNow - a.overdueNow || byName(a, b));
    return {
      report: 'ranking',
      ...frame.header,
      filters: {
        ...this.periodFilter(period),
        month: q.month ?? null,
        previousFrom: formatInstant(before.from),
        previousTo: formatInstant(before.to),
        groupBy: q.groupBy,
      },
      rows,
      total: {
        ...TOTAL_LABEL,
        ...row(
          current,
          previous,
          overdue.reduce((n, o) => n + o.overdue, 0),
        ),
        ...verdictFigures(outcomeFigures(outcomes)),
      },
    };
  }

  /**
   * Moves the reports' change log into their stored cells, a batch at a time, until it is empty, a
   * concurrent fold holds it, or a bounded number of batches ran (the next run goes on).
   */
  async foldCells(): Promise<{ tickets: number }> {
    let tickets = 0;
    for (let batch = 0; batch < FOLD_BATCHES_PER_RUN; batch++) {
      const folded = await this.cells.fold();
      tickets += folded.tickets;
      if (!folded.tickets) break;
    }
    return { tickets };
  }

  /**
   * Reports count a district's or a department's work. Department staff are refused by role (403):
   * a scorecard of one person's tickets would read as a personal ranking, and their own queue already
   * shows each ticket's SLA state. A head without a department has no unit to report on either.
   */
  private async frame(actor: Actor): Promise<Frame> {
    const scope = scopeOf(actor);
    if (scope.kind === 'assignee') throw new DomainError('forbidden', 'reports cover districts and departments; this account has neither');
    const asOf = new Date();
    const [districts, departments] = (await Promise.all([this.reports.labels('district'), this.reports.labels('department')])).map(byId) as [
      Map<string, ReportLabel>,
      Map<string, ReportLabel>,
    ];
    const scopeView: ReportScopeView =
      scope.kind === 'all'
        ? { kind: 'all' }
        : scope.kind === 'districts'
          ? { kind: 'districts', districts: scope.districtIds.flatMap((id) => districts.get(id) ?? []), includesUnknownDistrict: true }
          : { kind: 'department', department: departments.get(scope.departmentId) ?? null };
    return {
      scope,
      asOf,
      districts,
      departments,
      header: { timeZone: REPORT_TIME_ZONE, generatedAt: formatInstant(asOf), scope: scopeView, clocks: SLA_FIGURE_CLOCKS },
    };
  }

  private periodFilter(period: ReportPeriod): { from: string; to: string } {
    return { from: formatInstant(period.from), to: formatInstant(period.to) };
  }

  private async groupLabels(frame: Frame, groupBy: ReportGroupBy, ids: ReadonlyArray<string | null>): Promise<Map<string, ReportLabel>> {
    switch (groupBy) {
      case 'district':
        return frame.districts;
      case 'department':
        return frame.departments;
      case 'category':
        return byId(await this.reports.labels('category'));
      case 'assignee':
        return byId(
          await this.reports.labels(
            'user',
            ids.flatMap((id) => (id ? [id] : [])),
          ),
        );
    }
  }

  private async breachViews(frame: Frame, rows: BreachRow[]): Promise<BreachView[]> {
    const users = byId(await this.reports.labels('user', [...new Set(rows.flatMap((r) => (r.assigneeAtBreachId ? [r.assigneeAtBreachId] : [])))]));
    return rows.map((r) => toBreachView(r, frame.asOf, frame.districts, frame.departments, users));
  }
}
