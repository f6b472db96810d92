/** Wall-clock arithmetic in an IANA time zone with nothing but Intl (no date library needed). */

export interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offsets already read from Intl, per zone, by 15-minute bucket of UTC time. */
const offsetCache = new Map<string, Map<number, number>>();
const BUCKET_MS = 15 * 60_000;

/**
 * The zone's offset from UTC at an instant, in milliseconds (Almaty: +5 h). Intl's formatToParts
 * costs microseconds and a business-calendar deadline reads offsets dozens of times (15 working
 * days of a 1.5 ms SLA computation per ticket went there), so offsets are kept per 15 minutes:
 * an offset read equal at both ends of a bucket holds across it (no zone changes its offset twice
 * within 15 minutes); a bucket with a change in it is read every time.
 */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, (zone = new Map()));
  const bucket = Math.floor(instant / BUCKET_MS);
  const known = zone.get(bucket);
  if (known !== undefined) return known;
  const offset = readOffsetMs(instant, timeZone);
  const start = bucket * BUCKET_MS;
  if (readOffsetMs(start, timeZone) === offset && readOffsetMs(start + BUCKET_MS - 1000, timeZone) === offset) {
    if (zone.size >= 100_000) zone.clear();
    zone.set(bucket, offset);
  }
  return offset;
}

function readOffsetMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The local calendar date of an instant. */
export function localDateOf(instant: number, timeZone: string): LocalDate {
  const d = new Date(instant + zoneOffsetMs(instant, timeZone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The instant of a local wall-clock time. Where a DST change makes the time ambiguous or missing,
 * the offset in force just before it is used (Kazakhstan has no DST; other zones stay correct).
 */
export function instantOf(date: LocalDate, minutesOfDay: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutesOfDay * 60_000;
  let guess = wall - zoneOffsetMs(wall, timeZone);
  guess = wall - zoneOffsetMs(guess, timeZone);
  return guess;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Monday ... 6 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
}

export function isoDate(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function parseIsoDate(text: string): LocalDate {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}
