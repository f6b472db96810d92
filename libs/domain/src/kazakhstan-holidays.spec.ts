import { BusinessCalendar, DEFAULT_WORKING_HOURS, KAZAKHSTAN } from './business-calendar.js';
import { KAZAKHSTAN_HOLIDAY_RULES, kazakhstanHolidays, nationalDaysOff, type HolidayRule } from './kazakhstan-holidays.js';

const md = (year: number, days: string[]) => days.map((d) => `${year}-${d}`);

/** The days off published for each year (egov.kz holiday calendars), weekend carry-overs included; decree transfers apart. */
describe('Kazakhstan public holidays by year', () => {
  it('2025: Constitution Day on Saturday 30 August gives Monday 1 September off', () => {
    expect(kazakhstanHolidays(2025)).toEqual(
      md(2025, [
        '01-01',
        '01-02',
        '01-07',
        '03-08',
        '03-10',
        '03-21',
        '03-22',
        '03-23',
        '03-24',
        '03-25',
        '05-01',
        '05-07',
        '05-09',
        '06-06',
        '07-06',
        '07-07',
        '08-30',
        '09-01',
        '10-25',
        '10-27',
        '12-16',
      ]),
    );
  });

  it('2026: no Constitution Day (the new Constitution moved it), so Monday 31 August is a working day', () => {
    const days = kazakhstanHolidays(2026);
    expect(days).toEqual(
      md(2026, [
        '01-01',
        '01-02',
        '01-07',
        '03-08',
        '03-09',
        '03-21',
        '03-22',
        '03-23',
        '03-24',
        '03-25',
        '05-01',
        '05-07',
        '05-09',
        '05-11',
        '05-27',
        '07-06',
        '10-25',
        '10-26',
        '12-16',
      ]),
    );
    expect(days).not.toContain('2026-08-30');
    expect(days).not.toContain('2026-08-31');
  });

  it('2027: Constitution Day on 15 March, 30 August a working day, Kurban Ait on a Sunday not carried', () => {
    expect(kazakhstanHolidays(2027)).toEqual(
      md(2027, [
        '01-01',
        '01-02',
        '01-04',
        '01-07',
        '03-08',
        '03-15',
        '03-21',
        '03-22',
        '03-23',
        '03-24',
        '05-01',
        '05-03',
        '05-07',
        '05-09',
        '05-10',
        '05-16',
        '07-06',
        '10-25',
        '12-16',
      ]),
    );
  });

  it('applies a rule only within its validity period, to the day', () => {
    const rule: HolidayRule = { nameKk: 'x', nameRu: 'x', month: 6, day: 10, dates: [], validFrom: '2030-06-10', validUntil: '2031-06-09', carriedOver: false };
    expect(nationalDaysOff([rule], 2029)).toEqual([]);
    expect(nationalDaysOff([rule], 2030)).toEqual(['2030-06-10']);
    expect(nationalDaysOff([rule], 2031)).toEqual([]);
  });

  it('takes holidays without a fixed day from their dated list', () => {
    const kurban = KAZAKHSTAN_HOLIDAY_RULES.find((r) => r.nameRu === 'Курбан айт')!;
    expect(nationalDaysOff([kurban], 2026)).toEqual(['2026-05-27']);
    expect(nationalDaysOff([kurban], 2035)).toEqual([]);
  });
});

describe('a calendar on the national data', () => {
  const almaty = (national = KAZAKHSTAN) =>
    new BusinessCalendar({ timeZone: 'Asia/Almaty', workingHours: DEFAULT_WORKING_HOURS, holidays: [], exceptions: [] }, national);
  const at = (local: string) => new Date(`${local}+05:00`);

  it('P1D from Friday 2026-08-28 10:00 is due Monday 2026-08-31 10:00 (no Constitution Day in 2026)', () => {
    expect(almaty().add(at('2026-08-28T10:00:00'), 'P1D').toISOString()).toBe(at('2026-08-31T10:00:00').toISOString());
  });

  it('counts 15 March 2027 as a day off', () => {
    expect(almaty().add(at('2027-03-12T10:00:00'), 'P1D').toISOString()).toBe(at('2027-03-16T10:00:00').toISOString());
  });

  it('follows a decree transfer: Friday 3 January 2025 off, Saturday 4 January 2025 worked', () => {
    const cal = almaty();
    expect(cal.isWorkingDay({ year: 2025, month: 1, day: 3 })).toBe(false);
    expect(cal.isWorkingDay({ year: 2025, month: 1, day: 4 })).toBe(true);
    expect(almaty({ rules: KAZAKHSTAN.rules, transfers: [] }).isWorkingDay({ year: 2025, month: 1, day: 3 })).toBe(true);
  });

  it("lets a calendar's own exception win over a national transfer", () => {
    const cal = new BusinessCalendar({
      timeZone: 'Asia/Almaty',
      workingHours: DEFAULT_WORKING_HOURS,
      holidays: [],
      exceptions: [{ date: '2025-01-03', working: true }],
    });
    expect(cal.isWorkingDay({ year: 2025, month: 1, day: 3 })).toBe(true);
  });
});
