import { addDays, isoDate, parseIsoDate, weekdayOf } from './zoned-time.js';

/**
 * A national holiday as law defines it: on a fixed day of the year, or on dates announced year by
 * year (Kurban Ait follows the lunar calendar), valid for a period. Laws change the list (the 2026
 * Constitution moved Constitution Day), so holidays are data with validity periods, kept in
 * PostgreSQL (`holiday_rules`) and edited by admins; `KAZAKHSTAN_HOLIDAY_RULES` is what is seeded.
 */
export interface HolidayRule {
  nameKk: string;
  nameRu: string;
  /** A fixed day of the year; null for a holiday given by `dates`. */
  month: number | null;
  day: number | null;
  /** The dates of a holiday without a fixed day (ISO), one or more per year. */
  dates: string[];
  /** First and last day the rule is law (ISO, inclusive); null means unbounded. */
  validFrom: string | null;
  validUntil: string | null;
  /** A day off falling on a Saturday or Sunday gives the next working day off (Labour Code art. 85); religious holidays are not carried. */
  carriedOver: boolean;
}

/** A day made working or non-working by a decree of the Government (a yearly transfer), for the whole country. */
export interface DayTransfer {
  date: string;
  working: boolean;
  /** The decree, as it is cited (number and date). */
  decree: string;
}

const fixed = (
  month: number,
  day: number,
  nameKk: string,
  nameRu: string,
  validity: Partial<Pick<HolidayRule, 'validFrom' | 'validUntil' | 'carriedOver'>> = {},
): HolidayRule => ({
  nameKk,
  nameRu,
  month,
  day,
  dates: [],
  validFrom: null,
  validUntil: null,
  carriedOver: true,
  ...validity,
});

/**
 * Kazakhstan's public holidays (Law "On holidays in the Republic of Kazakhstan" No. 267-II, Labour
 * Code art. 84-85). Constitution Day: 30 August under the 1995 Constitution, up to 2025; the
 * Constitution in force from 1 July 2026 moved it to 15 March, so 2026 has none and 15 March counts
 * from 2027. Kurban Ait: the first day, as announced for each year.
 */
export const KAZAKHSTAN_HOLIDAY_RULES: readonly HolidayRule[] = [
  fixed(1, 1, 'Жаңа жыл', 'Новый год'),
  fixed(1, 2, 'Жаңа жыл', 'Новый год'),
  fixed(1, 7, 'Православиелік Рождество', 'Православное Рождество', { carriedOver: false }),
  fixed(3, 8, 'Халықаралық әйелдер күні', 'Международный женский день'),
  fixed(3, 15, 'Конституция күні', 'День Конституции', { validFrom: '2027-01-01' }),
  fixed(3, 21, 'Наурыз мейрамы', 'Наурыз мейрамы'),
  fixed(3, 22, 'Наурыз мейрамы', 'Наурыз мейрамы'),
  fixed(3, 23, 'Наурыз мейрамы', 'Наурыз мейрамы'),
  fixed(5, 1, 'Қазақстан халқының бірлігі мерекесі', 'Праздник единства народа Казахстана'),
  fixed(5, 7, 'Отан қорғаушы күні', 'День защитника Отечества'),
  fixed(5, 9, 'Жеңіс күні', 'День Победы'),
  fixed(7, 6, 'Астана күні', 'День Столицы'),
  fixed(8, 30, 'Конституция күні', 'День Конституции', { validUntil: '2025-12-31' }),
  fixed(10, 25, 'Республика күні', 'День Республики'),
  fixed(12, 16, 'Тәуелсіздік күні', 'День Независимости'),
  {
    nameKk: 'Құрбан айт',
    nameRu: 'Курбан айт',
    month: null,
    day: null,
    dates: ['2024-06-16', '2025-06-06', '2026-05-27', '2027-05-16', '2028-05-05'],
    validFrom: null,
    validUntil: null,
    carriedOver: false,
  },
];

/** Government transfers known when the table was seeded; admins add each year's decree. */
export const KAZAKHSTAN_DAY_TRANSFERS: readonly DayTransfer[] = [
  // The day off of Saturday 4 January 2025 moved to Friday 3 January: the Friday is off, the Saturday worked.
  { date: '2025-01-03', working: false, decree: 'Постановление Правительства РК о переносе выходных дней в 2025 году' },
  { date: '2025-01-04', working: true, decree: 'Постановление Правительства РК о переносе выходных дней в 2025 году' },
];

const inForce = (rule: HolidayRule, date: string): boolean =>
  (rule.validFrom === null || date >= rule.validFrom) && (rule.validUntil === null || date <= rule.validUntil);

/**
 * The days off a set of rules gives in a year, as ISO dates: each holiday in force on its date, and
 * for one carried over that falls on a Saturday or Sunday the next working day (skipping other days
 * off). Decree transfers are applied by the calendar, over these.
 */
export function nationalDaysOff(rules: readonly HolidayRule[], year: number): string[] {
  const holidays: Array<{ date: string; carried: boolean }> = [];
  for (const rule of rules) {
    const dates =
      rule.month !== null && rule.day !== null ? [isoDate({ year, month: rule.month, day: rule.day })] : rule.dates.filter((d) => d.startsWith(`${year}-`));
    for (const date of dates) if (inForce(rule, date)) holidays.push({ date, carried: rule.carriedOver });
  }
  const off = new Set(holidays.map((h) => h.date));
  for (const h of holidays.sort((a, b) => a.date.localeCompare(b.date))) {
    const date = parseIsoDate(h.date);
    if (!h.carried || weekdayOf(date) < 5) continue;
    let next = addDays(date, 1);
    while (weekdayOf(next) >= 5 || off.has(isoDate(next))) next = addDays(next, 1);
    off.add(isoDate(next));
  }
  return [...off].sort();
}

/** Kazakhstan's days off for holidays in a year under the seeded rules. */
export function kazakhstanHolidays(year: number): string[] {
  return nationalDaysOff(KAZAKHSTAN_HOLIDAY_RULES, year);
}
