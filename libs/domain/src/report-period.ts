import { DomainError } from './errors.js';
import { instantOf, localDateOf, zoneOffsetMs, type LocalDate } from './zoned-time.js';

/** Reports count days and months as the region lives them. */
export const REPORT_TIME_ZONE = 'Asia/Almaty';

/** What a report's rows can be per. */
export const REPORT_GROUP_BYS = ['district', 'department', 'assignee', 'category'] as const;
export type ReportGroupBy = (typeof REPORT_GROUP_BYS)[number];

/** A year and a day: a yearly report fits, and no request can ask PostgreSQL to scan the whole history. */
export const MAX_REPORT_DAYS = 367;

/** Tickets received in [from, to). */
export interface ReportPeriod {
  from: Date;
  to: Date;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const MONTH = /^(\d{4})-(\d{2})$/;

function localDate(year: string, month: string, day: string): LocalDate {
  const date = { year: Number(year), month: Number(month), day: Number(day) };
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  if (check.getUTCFullYear() !== date.year || check.getUTCMonth() + 1 !== date.month || check.getUTCDate() !== date.day) {
    throw new DomainError('validation', `${year}-${month}-${day} is not a date`);
  }
  return date;
}

/**
 * `2026-03-01` is the start of that day in the report's zone; `2026-03-01T10:00` a local time there;
 * `2026-03-01T05:00:00Z` or `...+05:00` an exact instant.
 */
export function parseReportInstant(text: string, timeZone = REPORT_TIME_ZONE): Date {
  const d = DATE.exec(text);
  if (d) return new Date(instantOf(localDate(d[1]!, d[2]!, d[3]!), 0, timeZone));
  const t = DATE_TIME.exec(text);
  if (!t) throw new DomainError('validation', `'${text}' is neither a date (YYYY-MM-DD) nor an ISO 8601 date-time`);
  const [, y, mo, day, h, mi, s = '0', ms = '0', offset] = t;
  const date = localDate(y!, mo!, day!);
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) throw new DomainError('validation', `'${text}' is not a time of day`);
  const localMs = (Number(h) * 3600 + Number(mi) * 60 + Number(s)) * 1000 + Number(ms.padEnd(3, '0'));
  if (offset) return new Date(Date.UTC(date.year, date.month - 1, date.day) + localMs - offsetMs(offset));
  return new Date(instantOf(date, 0, timeZone) + localMs);
}

function offsetMs(offset: string): number {
  if (offset === 'Z') return 0;
  const digits = offset.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
}

/** The month (`YYYY-MM`) holding an instant, in the report's zone. */
export function monthOf(at: Date, timeZone = REPORT_TIME_ZONE): string {
  const d = localDateOf(at.getTime(), timeZone);
  return `${d.year}-${String(d.month).padStart(2, '0')}`;
}

export function previousMonth(month: string): string {
  const { year, month: m } = parseMonth(month);
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

function parseMonth(month: string): { year: number; month: number } {
  const m = MONTH.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new DomainError('validation', `'${month}' is not a month (YYYY-MM)`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** From the first day of the month, 00:00 local, to the first day of the next. */
export function monthPeriod(month: string, timeZone = REPORT_TIME_ZONE): ReportPeriod {
  const { year, month: m } = parseMonth(month);
  const first = { year, month: m, day: 1 };
  const next = m === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: m + 1, day: 1 };
  return { from: new Date(instantOf(first, 0, timeZone)), to: new Date(instantOf(next, 0, timeZone)) };
}

/**
 * The period a report covers: both bounds or neither (the current month). A lone bound is refused
 * rather than guessed: "from March" could mean March or March until today.
 */
export function reportPeriod(bounds: { from?: string; to?: string }, now: Date, timeZone = REPORT_TIME_ZONE): ReportPeriod {
  if (bounds.from === undefined && bounds.to === undefined) return monthPeriod(monthOf(now, timeZone), timeZone);
  if (bounds.from === undefined || bounds.to === undefined) throw new DomainError('validation', 'give both from and to, or neither (the current month)');
  const from = parseReportInstant(bounds.from, timeZone);
  const to = parseReportInstant(bounds.to, timeZone);
  if (to.getTime() <= from.getTime()) throw new DomainError('validation', 'to must be after from (the period is [from, to))');
  if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * 86_400_000) throw new DomainError('validation', `a report covers at most ${MAX_REPORT_DAYS} days`);
  return { from, to };
}

/** An instant as ISO 8601 in local time with its offset (`2026-03-01T00:00:00.000+05:00`): readable when printed, exact when parsed. */
export function formatReportInstant(at: Date, timeZone = REPORT_TIME_ZONE): string {
  const offset = zoneOffsetMs(at.getTime(), timeZone);
  const local = new Date(at.getTime() + offset).toISOString().slice(0, 23);
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
