import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { breachesCsv, monthlyCsv, slaCsv } from './reports.csv.js';
import { BreachesReportQuery, MonthlyReportQuery, SlaReportQuery } from './reports.dto.js';
import { ReportsService } from './reports.service.js';

/** JSON unless the client prefers CSV (`Accept: text/csv`); the CSV is a download named after the period. */
function negotiate<R>(req: Request, res: Response, report: R, csv: (r: R) => string, filename: string): R | string {
  if (req.accepts(['application/json', 'text/csv']) !== 'text/csv') return report;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}.csv"`);
  return csv(report);
}

const day = (localInstant: string) => localInstant.slice(0, 10);

@ApiTags('reports')
@ApiBearerAuth()
@ApiProduces('application/json', 'text/csv')
@Roles('admin', 'governor_office', 'press_secretary', 'department_head')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('sla')
  async sla(@CurrentUser() user: AuthUser, @Query() q: SlaReportQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.sla(user, q);
    return negotiate(req, res, report, slaCsv, `tynda-sla-${q.groupBy}-${day(report.filters.from)}-${day(report.filters.to)}`);
  }

  @Get('breaches')
  async breaches(@CurrentUser() user: AuthUser, @Query() q: BreachesReportQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.breaches(user, q);
    return negotiate(req, res, report, breachesCsv, `tynda-breaches-${day(report.filters.from)}-${day(report.filters.to)}`);
  }

  @Get('monthly')
  async monthly(@CurrentUser() user: AuthUser, @Query() q: MonthlyReportQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.monthly(user, q);
    return negotiate(req, res, report, monthlyCsv, `tynda-monthly-${report.filters.month}`);
  }
}
