import { DomainError } from './errors.js';

// Days and weeks are taken as counted units (a working day on a business calendar), not as
// 24-hour spans: the SLA clock decides what a "day" means. Months and years are refused as ambiguous.
const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export interface IsoDuration {
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export function parseIsoDuration(text: string): IsoDuration {
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) {
    throw new DomainError('validation', `'${text}' is not an ISO-8601 duration such as PT4H, P5D or PT30S (months and years are not accepted)`);
  }
  const [weeks, days, hours, minutes, seconds] = m.slice(1).map((g) => (g ? Number(g) : 0)) as [number, number, number, number, number];
  return { weeks, days, hours, minutes, seconds };
}

export function isIsoDuration(text: string): boolean {
  try {
    parseIsoDuration(text);
    return true;
  } catch {
    return false;
  }
}

/** Length as wall-clock seconds (a day = 24 h); business calendars interpret days themselves. */
export function isoDurationSeconds(text: string): number {
  const d = parseIsoDuration(text);
  return (((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds;
}
