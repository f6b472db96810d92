import { BusinessCalendar, DEFAULT_WORKING_HOURS, type NationalCalendar } from './business-calendar.js';
import { DomainError } from './errors.js';
import { addDays, localDateOf, type LocalDate } from './zoned-time.js';

/**
 * The legal terms of a formal appeal (обращение / өтініш) under the Administrative Procedural and
 * Process Code of Kazakhstan (АППК, Code No. 350-VI of 29 June 2020), in working days of the
 * national calendar, counted from the day after registration, each ending with the close of the last
 * working day. Cited and discussed in docs/resident-verdict.md.
 */
export const FORMAL_APPEAL_TERMS = {
  /** Art. 76(1): the answer within fifteen working days of receipt. */
  answerWorkingDays: 15,
  /** Art. 65(1): forwarded to the competent body within three working days, the applicant told. */
  forwardWorkingDays: 3,
  /** Art. 76(2): one reasoned extension "for a reasonable time, but not beyond two months" of receipt. */
  maxExtendedMonths: 2,
  /** Share of the answer term after which whoever holds the ticket is warned (as SLA policies default to). */
  warningRatio: 0.8,
  /** Working days after the due instant, still unanswered, at which the governor's office is told. */
  escalateAfterWorkingDays: 1,
} as const;

export const FORMAL_APPEAL_STATES = ['open', 'warning', 'overdue', 'answered'] as const;
export type FormalAppealState = (typeof FORMAL_APPEAL_STATES)[number];

export const FORMAL_APPEAL_TIME_ZONE = 'Asia/Almaty';

/** The legal clock: office hours in Almaty on the national calendar (holidays with their validity, decree transfers). */
export function formalAppealCalendar(national: NationalCalendar): BusinessCalendar {
  return new BusinessCalendar({ timeZone: FORMAL_APPEAL_TIME_ZONE, workingHours: DEFAULT_WORKING_HOURS, holidays: [], exceptions: [] }, national);
}

/** The close of the `n`-th working day after the local day of `from` (the day itself does not count). */
export function endOfNthWorkingDay(calendar: BusinessCalendar, from: Date, n: number): Date {
  let day: LocalDate = localDateOf(from.getTime(), calendar.definition.timeZone);
  let counted = 0;
  for (let i = 0; i < 366 * 5; i++) {
    day = addDays(day, 1);
    if (!calendar.isWorkingDay(day)) continue;
    if (++counted === n) {
      const intervals = calendar.intervals(day);
      return new Date(intervals[intervals.length - 1]![1]);
    }
  }
  throw new DomainError('validation', `no ${n} working days found on the calendar after ${from.toISOString()}`);
}

/** Every instant of an appeal's clock, given when it is due (the legal term, or the extended one). */
export interface FormalAppealSchedule {
  forwardDueAt: Date;
  dueAt: Date;
  warningAt: Date;
  levelTwoDueAt: Date;
  /** The latest instant an extension may move the answer to. */
  latestDueAt: Date;
}

export function formalAppealSchedule(calendar: BusinessCalendar, registeredAt: Date, extendedUntil: Date | null = null): FormalAppealSchedule {
  const t = FORMAL_APPEAL_TERMS;
  const dueAt = extendedUntil ?? endOfNthWorkingDay(calendar, registeredAt, t.answerWorkingDays);
  const span = calendar.workingSecondsBetween(registeredAt, dueAt);
  return {
    forwardDueAt: endOfNthWorkingDay(calendar, registeredAt, t.forwardWorkingDays),
    dueAt,
    warningAt: calendar.addWorkingSeconds(registeredAt, t.warningRatio * span),
    levelTwoDueAt: endOfNthWorkingDay(calendar, dueAt, t.escalateAfterWorkingDays),
    latestDueAt: latestExtendedDue(calendar, registeredAt),
  };
}

/** The close of the last working day on or before the same date `maxExtendedMonths` later (the month's last day when it has no such date). */
export function latestExtendedDue(calendar: BusinessCalendar, registeredAt: Date): Date {
  const from = localDateOf(registeredAt.getTime(), calendar.definition.timeZone);
  const months = from.month - 1 + FORMAL_APPEAL_TERMS.maxExtendedMonths;
  const year = from.year + Math.floor(months / 12);
  const month = (months % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  let day: LocalDate = { year, month, day: Math.min(from.day, lastDay) };
  for (let i = 0; i < 366 && !calendar.isWorkingDay(day); i++) day = addDays(day, -1);
  const intervals = calendar.intervals(day);
  return new Date(intervals[intervals.length - 1]![1]);
}

/** What the law allows of an extension: once, before the term has run out, later than it, and within the total limit. */
export function assertExtension(
  a: { registeredAt: Date; dueAt: Date; extendedUntil: Date | null; answeredAt: Date | null },
  until: Date,
  now: Date,
  calendar: BusinessCalendar,
): void {
  if (a.answeredAt) throw new DomainError('conflict', 'the appeal is answered already; there is nothing to extend');
  if (a.extendedUntil) throw new DomainError('conflict', 'the term of a formal appeal is extended once only, and it was extended already');
  if (now.getTime() > a.dueAt.getTime()) throw new DomainError('conflict', 'the term ran out already: an extension is decided before it does');
  if (until.getTime() <= a.dueAt.getTime())
    throw new DomainError('validation', `an extension must move the answer past its current due instant ${a.dueAt.toISOString()}`);
  const latest = formalAppealSchedule(calendar, a.registeredAt).latestDueAt;
  if (until.getTime() > latest.getTime()) {
    throw new DomainError(
      'validation',
      `the answer may not be extended past ${latest.toISOString()} (${FORMAL_APPEAL_TERMS.maxExtendedMonths} months from registration, APPK art. 76(2))`,
    );
  }
}

export function formalAppealState(a: { answeredAt: Date | null; breachedAt: Date | null; warnedAt: Date | null }): FormalAppealState {
  if (a.answeredAt) return 'answered';
  if (a.breachedAt) return 'overdue';
  if (a.warnedAt) return 'warning';
  return 'open';
}

/** The notice of an extension posted to the resident, in their language (both when unsure). */
export function extensionNotice(language: string, until: Date, reason: string): string {
  const date = new Intl.DateTimeFormat('ru-RU', { timeZone: FORMAL_APPEAL_TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' }).format(until);
  const kk = `Өтінішіңізді қарау мерзімі ${date} дейін ұзартылды. Себебі: ${reason}`;
  const ru = `Срок рассмотрения вашего обращения продлён до ${date}. Причина: ${reason}`;
  if (language === 'kk') return kk;
  if (language === 'ru') return ru;
  return `${kk}\n${ru}`;
}
