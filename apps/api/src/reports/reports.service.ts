import { Injectable } from '@nestjs/common';
import { ReportsRepository, type BreachFilters, type BreachRow, type DistrictDepartmentCell, type GroupCell, type ReportGroupBy, type ReportLabel } from '@app/database';
import {
  DomainError,
  REPORT_TIME_ZONE,
  SLA_FIGURE_CLOCKS,
  figuresChange,
  monthOf,
  monthPeriod,
  previousMonth,
  reportPeriod,
  scopeOf,
  slaFigures,
  type Actor,
  type ReportPeriod,
  type SlaCell,
  type TicketScope,
} from '@app/domain';
import {
  TOTAL_LABEL,
  byId,
  byName,
  formatInstant,
  groupLabel,
  toBreachView,
  toSilentPageView,
  type BreachView,
  type BreachesReport,
  type MonthlyReport,
  type MonthlyRow,
  type ReportScopeView,
  type SlaReport,
} from './reports.view.js';

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

@Injectable()
export class ReportsService {
  constructor(private readonly reports: ReportsRepository) {}

  async sla(actor: Actor, q: { from?: string; to?: string; groupBy: ReportGroupBy }): Promise<SlaReport> {
    const frame = await this.frame(actor);
    const period = reportPeriod(q, frame.asOf);
    const cells = await this.reports.slaCells(frame.scope, period, q.groupBy);
    const labels = await this.groupLabels(frame, q.groupBy, cells);
    return {
      report: 'sla',
      ...frame.header,
      filters: { ...this.periodFilter(period), groupBy: q.groupBy },
      rows: cells.map((c) => ({ ...groupLabel(q.groupBy, c.groupId, labels), ...slaFigures([c], frame.asOf) })).sort(byName),
      total: { ...TOTAL_LABEL, ...slaFigures(cells, frame.asOf) },
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
      this.reports.districtDepartmentCells(scope, period),
      this.reports.districtDepartmentCells(scope, monthPeriod(before)),
      this.reports.overdue(scope, period, WORST_OVERDUE),
      this.reports.silentPages(scope, period),
    ]);
    const row = (cur: readonly SlaCell[], prev: readonly SlaCell[]) => {
      const [c, p] = [slaFigures(cur, asOf), slaFigures(prev, asOf)];
      return { current: c, previous: p, change: figuresChange(c, p) };
    };
    const section = (groupBy: 'district' | 'department', labels: Map<string, ReportLabel>, owned: string[], key: (c: DistrictDepartmentCell) => string | null): MonthlyRow[] => {
      const [cur, prev] = [byKey(current, key), byKey(previous, key)];
      const ids = new Set<string | null>([...owned, ...cur.keys(), ...prev.keys()]);
      return [...ids].map((id) => ({ ...groupLabel(groupBy, id, labels), ...row(cur.get(id) ?? [], prev.get(id) ?? []) })).sort(byName);
    };
    const ownedDistricts = scope.kind === 'all' ? [...districts.keys()] : scope.kind === 'districts' ? scope.districtIds : [];
    const ownedDepartments = scope.kind === 'all' ? [...departments.keys()] : scope.kind === 'department' ? [scope.departmentId] : [];
    return {
      report: 'monthly',
      ...frame.header,
      filters: { month, ...this.periodFilter(period), previousMonth: before },
      districts: section('district', districts, ownedDistricts, (c) => c.districtId),
      departments: section('department', departments, ownedDepartments, (c) => c.departmentId),
      total: { ...TOTAL_LABEL, ...row(current, previous) },
      worstOverdue: await this.breachViews(frame, overdue),
      silentPages: silent.map((p) => toSilentPageView(p, districts)),
    };
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
    const [districts, departments] = (await Promise.all([this.reports.labels('district'), this.reports.labels('department')])).map(byId) as [Map<string, ReportLabel>, Map<string, ReportLabel>];
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

  private async groupLabels(frame: Frame, groupBy: ReportGroupBy, cells: GroupCell[]): Promise<Map<string, ReportLabel>> {
    switch (groupBy) {
      case 'district':
        return frame.districts;
      case 'department':
        return frame.departments;
      case 'category':
        return byId(await this.reports.labels('category'));
      case 'assignee':
        return byId(await this.reports.labels('user', cells.flatMap((c) => (c.groupId ? [c.groupId] : []))));
    }
  }

  private async breachViews(frame: Frame, rows: BreachRow[]): Promise<BreachView[]> {
    const users = byId(await this.reports.labels('user', [...new Set(rows.flatMap((r) => (r.assigneeAtBreachId ? [r.assigneeAtBreachId] : [])))]));
    return rows.map((r) => toBreachView(r, frame.asOf, frame.districts, frame.departments, users));
  }
}
