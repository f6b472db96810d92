import { addDays, isoDate, parseIsoDate, weekdayOf } from './zoned-time.js';

/** Public holidays on fixed dates (Labour Code of the Republic of Kazakhstan, art. 84; Law "On holidays"). */
const FIXED: ReadonlyArray<[month: number, day: number, name: string]> = [
  [1, 1, 'New Year'],
  [1, 2, 'New Year'],
  [1, 7, 'Orthodox Christmas'],
  [3, 8, "International Women's Day"],
  [3, 21, 'Nauryz'],
  [3, 22, 'Nauryz'],
  [3, 23, 'Nauryz'],
  [5, 1, 'Unity Day of the People of Kazakhstan'],
  [5, 7, "Defender of the Fatherland Day"],
  [5, 9, 'Victory Day'],
  [7, 6, 'Capital Day'],
  [8, 30, 'Constitution Day'],
  [10, 25, 'Republic Day'],
  [12, 16, 'Independence Day'],
];

/**
 * The first day of Kurban Ait follows the Islamic lunar calendar; the government announces it each
 * year. Years missing here fall back to the calendar's own holiday list.
 */
export const KURBAN_AIT: Readonly<Record<number, string>> = {
  2024: '2024-06-16',
  2025: '2025-06-06',
  2026: '2026-05-27',
  2027: '2027-05-16',
  2028: '2028-05-05',
};

/** Religious holidays are not carried over to a working day when they fall on a weekend. */
const NOT_CARRIED = new Set(['Orthodox Christmas', 'Kurban Ait']);

/**
 * Kazakhstan's days off for holidays in a year, as ISO dates. A national holiday that falls on a
 * Saturday or Sunday gives the next working day off instead (Labour Code art. 85); decrees that
 * move further days are the calendar's dated exceptions.
 */
export function kazakhstanHolidays(year: number): string[] {
  const holidays = FIXED.map(([month, day, name]) => ({ date: { year, month, day }, name }));
  const kurban = KURBAN_AIT[year];
  if (kurban) holidays.push({ date: parseIsoDate(kurban), name: 'Kurban Ait' });
  const off = new Set(holidays.map((h) => isoDate(h.date)));
  for (const h of holidays) {
    if (NOT_CARRIED.has(h.name) || weekdayOf(h.date) < 5) continue;
    let next = addDays(h.date, 1);
    while (weekdayOf(next) >= 5 || off.has(isoDate(next))) next = addDays(next, 1);
    off.add(isoDate(next));
  }
  return [...off].sort();
}
