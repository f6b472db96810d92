import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ReportsService } from '@app/reports';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiDoc, ref } from '../openapi/api-doc.decorator.js';
import { breachesCsv, monthlyCsv, rankingCsv, slaCsv, type CsvOptions } from './reports.csv.js';
import { BreachesReportQuery, MonthlyReportQuery, RankingReportQuery, SlaReportQuery } from './reports.dto.js';

/** JSON unless the client prefers CSV (`Accept: text/csv`); the CSV is a download named after the period. */
function negotiate<R>(req: Request, res: Response, report: R, csv: (r: R, o: CsvOptions) => string, filename: string, options: CsvOptions): R | string {
  if (req.accepts(['application/json', 'text/csv']) !== 'text/csv') return report;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}.csv"`);
  return csv(report, options);
}

const csvOptions = (q: CsvOptions): CsvOptions => ({ headers: q.headers, durations: q.durations });

const day = (localInstant: string) => localInstant.slice(0, 10);

@ApiTags('reports')
@ApiBearerAuth()
@ApiProduces('application/json', 'text/csv')
@Roles('admin', 'governor_office', 'press_secretary', 'department_head')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('sla')
  @ApiDoc({
    summary: 'SLA figures for a period, grouped by district, department, assignee or category (JSON, or CSV with Accept: text/csv)',
    ok: ref('SlaReport'),
    errors: [400, 403, 422],
  })
  async sla(@CurrentUser() user: AuthUser, @Query() q: SlaReportQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.sla(user, q);
    return negotiate(req, res, report, slaCsv, `tynda-sla-${q.groupBy}-${day(report.filters.from)}-${day(report.filters.to)}`, csvOptions(q));
  }

  @Get('breaches')
  @ApiDoc({ summary: 'Every SLA breach of a period (JSON or CSV)', ok: ref('BreachesReport'), errors: [400, 403, 422] })
  async breaches(@CurrentUser() user: AuthUser, @Query() q: BreachesReportQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.breaches(user, q);
    return negotiate(req, res, report, breachesCsv, `tynda-breaches-${day(report.filters.from)}-${day(report.filters.to)}`, csvOptions(q));
  }

  @Get('monthly')
  @ApiDoc({ summary: "The month's report against the month before (JSON or CSV)", ok: ref('MonthlyReport'), errors: [400, 403, 422] })
  async monthly(@CurrentUser() user: AuthUser, @Query() q: MonthlyReportQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.monthly(user, q);
    return negotiate(req, res, report, monthlyCsv, `tynda-monthly-${report.filters.month}`, csvOptions(q));
  }

  /** The governor's ranking: every district akimat (or department) worst first by the share answered in time, with its trend. */
  @Get('ranking')
  @ApiDoc({
    summary: "The governor's ranking of district akimats or departments, worst first (JSON or CSV)",
    ok: ref('RankingReport'),
    errors: [400, 403, 422],
  })
  async ranking(@CurrentUser() user: AuthUser, @Query() q: RankingReportQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.ranking(user, q);
    return negotiate(req, res, report, rankingCsv, `tynda-ranking-${q.groupBy}-${day(report.filters.from)}-${day(report.filters.to)}`, csvOptions(q));
  }
}
