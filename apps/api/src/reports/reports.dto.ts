import { Transform } from 'class-transformer';
import { IntersectionType, PickType } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { REPORT_GROUP_BYS, type ReportGroupBy } from '@app/database';
import { ListTicketsQuery } from '../tickets/dto/list-tickets.query.js';

// The shapes the reports accept; whether the date exists is checked by IsISO8601 (strict), the period's rules by the service (422).
const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const PERIOD_MESSAGE = '$property must be a date (YYYY-MM-DD, Asia/Almaty) or an ISO 8601 date-time such as 2026-03-01T09:00:00+05:00';

// An unencoded '+' of an offset arrives as a space (form encoding of query strings): read it back as '+'.
const plusOffset = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/ (\d{2}:?\d{2})$/, '+$1') : value);

export class ReportPeriodQuery {
  @IsOptional()
  @Transform(plusOffset)
  @Matches(DATE_OR_INSTANT, { message: PERIOD_MESSAGE })
  @IsISO8601({ strict: true }, { message: PERIOD_MESSAGE })
  from?: string;

  @IsOptional()
  @Transform(plusOffset)
  @Matches(DATE_OR_INSTANT, { message: PERIOD_MESSAGE })
  @IsISO8601({ strict: true }, { message: PERIOD_MESSAGE })
  to?: string;
}

/** CSV only: headers in people's words and durations in hours for a spreadsheet; the default is the machine format. */
export class CsvOptionsQuery {
  @IsOptional()
  @IsIn(['keys', 'kk', 'ru'], { message: 'headers must be one of: keys, kk, ru' })
  headers: 'keys' | 'kk' | 'ru' = 'keys';

  @IsOptional()
  @IsIn(['seconds', 'hours'], { message: 'durations must be one of: seconds, hours' })
  durations: 'seconds' | 'hours' = 'seconds';
}

export class SlaReportQuery extends IntersectionType(ReportPeriodQuery, CsvOptionsQuery) {
  @IsOptional()
  @IsIn(REPORT_GROUP_BYS, { message: `groupBy must be one of: ${REPORT_GROUP_BYS.join(', ')}` })
  groupBy: ReportGroupBy = 'district';
}

export class BreachesReportQuery extends IntersectionType(
  ReportPeriodQuery,
  PickType(ListTicketsQuery, ['districtId', 'departmentId'] as const),
  CsvOptionsQuery,
) {}

export class MonthlyReportQuery extends CsvOptionsQuery {
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month?: string;
}

/** A period (from/to) or a calendar month, compared with the period of equal length before it (the month before). */
export class RankingReportQuery extends IntersectionType(ReportPeriodQuery, MonthlyReportQuery) {
  @IsOptional()
  @IsIn(['district', 'department'], { message: 'groupBy must be one of: district, department' })
  groupBy: 'district' | 'department' = 'district';
}
