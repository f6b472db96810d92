import { DomainError } from './errors.js';
import { isoDurationSeconds, parseIsoDuration } from './iso-duration.js';
import { KAZAKHSTAN_DAY_TRANSFERS, KAZAKHSTAN_HOLIDAY_RULES, nationalDaysOff, type DayTransfer, type HolidayRule } from './kazakhstan-holidays.js';
import type { WorkingClock } from './sla-clock.js';
import { instantOf, isoDate, weekdayOf, zoneOffsetMs, type LocalDate } from './zoned-time.js';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface CalendarDefinition {
  timeZone: string;
  workingHours: Partial<Record<Weekday, Array<[string, string]>>>;
  /** Extra days off (ISO dates), on top of Kazakhstan's public holidays. */
  holidays: string[];
  /** The calendar's own days made working or non-working; they win over everything else. */
  exceptions: Array<{ date: string; working: boolean }>;
}

/** The country's holidays and the Government's yearly transfers, as stored (`holiday_rules`, `day_transfers`). */
export interface NationalCalendar {
  rules: readonly HolidayRule[];
  transfers: readonly DayTransfer[];
}

/** What is seeded; a calendar built without the stored data (tests, the seed's replay) uses it. */
export const KAZAKHSTAN: NationalCalendar = { rules: KAZAKHSTAN_HOLIDAY_RULES, transfers: KAZAKHSTAN_DAY_TRANSFERS };

export const DEFAULT_WORKING_HOURS: CalendarDefinition['workingHours'] = {
  mon: [['09:00', '18:00']],
  tue: [['09:00', '18:00']],
  wed: [['09:00', '18:00']],
  thu: [['09:00', '18:00']],
  fri: [['09:00', '18:00']],
};

/** Bounds every day-by-day scan (a calendar with no working day left would otherwise loop forever). */
const MAX_SCAN_DAYS = 366 * 20;

type Interval = [startMs: number, endMs: number];

const DAY_MS = 86_400_000;

/** One local calendar day, worked out once: deadlines walk the same days for every ticket. */
interface Day {
  /** Days since 1970-01-01 (of the local date, not of UTC). */
  n: number;
  /** Local midnight, and the next one, as UTC epoch milliseconds. */
  start: number;
  end: number;
  working: boolean;
  intervals: Interval[];
  workingMs: number;
}

const minutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/**
 * Working time on a calendar: the hours of each weekday, minus the national holidays in force and
 * the calendar's own, with the Government's transfers over those and the calendar's own exceptions
 * winning over everything. A day made working (a Saturday that replaces a bridged Monday, say) gets
 * Monday's hours.
 */
export class BusinessCalendar implements WorkingClock {
  private readonly extraHolidays: Set<string>;
  private readonly exceptions: Map<string, boolean>;
  private readonly nationalHolidays = new Map<number, Set<string>>();
  private readonly dayCache = new Map<number, Day>();

  constructor(
    readonly definition: CalendarDefinition,
    private readonly national: NationalCalendar = KAZAKHSTAN,
  ) {
    this.extraHolidays = new Set(definition.holidays);
    this.exceptions = new Map([...national.transfers, ...definition.exceptions].map((e) => [e.date, e.working]));
    try {
      new Intl.DateTimeFormat('en', { timeZone: definition.timeZone });
    } catch {
      throw new DomainError('validation', `unknown time zone '${definition.timeZone}'`);
    }
    if (!WEEKDAYS.some((d) => definition.workingHours[d]?.length)) {
      throw new DomainError('validation', 'a calendar needs working hours on at least one weekday');
    }
  }

  isWorkingDay(date: LocalDate): boolean {
    const key = isoDate(date);
    const exception = this.exceptions.get(key);
    if (exception !== undefined) return exception;
    if (this.extraHolidays.has(key) || this.holidaysOf(date.year).has(key)) return false;
    return (this.definition.workingHours[WEEKDAYS[weekdayOf(date)]!] ?? []).length > 0;
  }

  /** The working intervals of a local date, as UTC epoch milliseconds. */
  intervals(date: LocalDate): Interval[] {
    return this.day(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS).intervals;
  }

  /** Working seconds in [from, to); 0 when to <= from. */
  workingSecondsBetween(from: Date, to: Date): number {
    const start = from.getTime();
    const end = to.getTime();
    if (end <= start) return 0;
    let total = 0;
    let day = this.dayOf(start);
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      for (const [a, b] of day.intervals) total += Math.max(0, Math.min(b, end) - Math.max(a, start));
      if (day.end >= end) return total / 1000;
      day = this.day(day.n + 1);
    }
    throw new DomainError('validation', 'span too long to measure on a business calendar');
  }

  /** The instant when `seconds` of working time have passed after `from`. */
  addWorkingSeconds(from: Date, seconds: number): Date {
    let remaining = seconds * 1000;
    let cursor = from.getTime();
    let day = this.dayOf(cursor);
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      for (const [a, b] of day.intervals) {
        if (b <= cursor) continue;
        const start = Math.max(a, cursor);
        // Outside working hours even a zero duration moves to the next opening: the clock starts then.
        if (start + remaining <= b) return new Date(start + remaining);
        remaining -= b - start;
        cursor = b;
      }
      day = this.day(day.n + 1);
      cursor = Math.max(cursor, day.start);
    }
    throw new DomainError('validation', 'duration too long for this business calendar');
  }

  /**
   * Adds an ISO duration. Days count working days (P15D = 15 working days, as deadlines for
   * citizens' appeals are set), weeks five working days, and the time part counts working time.
   * A day step keeps the same elapsed share of the working day, so "received 11:00, answer within
   * P1D" is due 11:00 the next working day.
   */
  add(from: Date, duration: string): Date {
    const d = parseIsoDuration(duration);
    let at = this.addWorkingSeconds(from, 0);
    const days = d.weeks * 5 + d.days;
    for (let i = 0; i < days; i++) at = this.nextWorkingDaySameShare(at);
    return this.addWorkingSeconds(at, (d.hours * 60 + d.minutes) * 60 + d.seconds);
  }

  private nextWorkingDaySameShare(at: Date): Date {
    const day = this.dayOf(at.getTime());
    const intoDay = this.workingSecondsBetween(new Date(day.start), at);
    let next = this.day(day.n + 1);
    for (let i = 0; i < MAX_SCAN_DAYS && !next.working; i++) next = this.day(next.n + 1);
    // A shorter next day (a pre-holiday, say) ends the step at its close rather than spilling over.
    return this.addWorkingSeconds(new Date(next.start), Math.min(intoDay, next.workingMs / 1000));
  }

  /** The local day an instant falls on. */
  private dayOf(instant: number): Day {
    return this.day(Math.floor((instant + zoneOffsetMs(instant, this.definition.timeZone)) / DAY_MS));
  }

  private day(n: number): Day {
    let day = this.dayCache.get(n);
    if (!day) {
      const date = localDate(n);
      const working = this.isWorkingDay(date);
      const intervals = working ? this.hoursOf(date).map(([from, to]) => [this.at(date, minutes(from)), this.at(date, minutes(to))] as Interval) : [];
      day = { n, start: this.at(date, 0), end: this.at(localDate(n + 1), 0), working, intervals, workingMs: intervals.reduce((sum, [a, b]) => sum + b - a, 0) };
      if (this.dayCache.size > 5000) this.dayCache.clear();
      this.dayCache.set(n, day);
    }
    return day;
  }

  private hoursOf(date: LocalDate): Array<[string, string]> {
    const own = this.definition.workingHours[WEEKDAYS[weekdayOf(date)]!] ?? [];
    if (own.length) return own;
    return this.definition.workingHours.mon?.length ? this.definition.workingHours.mon : [['09:00', '18:00']];
  }

  private holidaysOf(year: number): Set<string> {
    let set = this.nationalHolidays.get(year);
    if (!set) {
      set = new Set(nationalDaysOff(this.national.rules, year));
      this.nationalHolidays.set(year, set);
    }
    return set;
  }

  private at(date: LocalDate, minutesOfDay: number): number {
    return instantOf(date, minutesOfDay, this.definition.timeZone);
  }
}

function localDate(n: number): LocalDate {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Round-the-clock time ("24x7"): every second counts, a day is 24 hours. */
export const ROUND_THE_CLOCK: WorkingClock = {
  add(from: Date, duration: string): Date {
    return new Date(from.getTime() + isoDurationSeconds(duration) * 1000);
  },
  addWorkingSeconds(from: Date, seconds: number): Date {
    return new Date(from.getTime() + seconds * 1000);
  },
  workingSecondsBetween(from: Date, to: Date): number {
    return Math.max(0, (to.getTime() - from.getTime()) / 1000);
  },
};
