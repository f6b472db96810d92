import fc from 'fast-check';
import { BusinessCalendar, DEFAULT_WORKING_HOURS, ROUND_THE_CLOCK, type CalendarDefinition } from './business-calendar.js';
import { kazakhstanHolidays } from './kazakhstan-holidays.js';

const almaty = (over: Partial<CalendarDefinition> = {}) =>
  new BusinessCalendar({ timeZone: 'Asia/Almaty', workingHours: DEFAULT_WORKING_HOURS, holidays: [], exceptions: [], ...over });
// Almaty local time written as ISO with its +05:00 offset.
const at = (local: string) => new Date(`${local}+05:00`);
const iso = (d: Date) => d.toISOString();

describe('Kazakhstan public holidays', () => {
  it('carries a national holiday that falls on a weekend to the next working day', () => {
    const h = kazakhstanHolidays(2026);
    // Nauryz 2026: Sat 21, Sun 22, Mon 23 March, so Tue 24 and Wed 25 are days off too.
    expect(h).toEqual(expect.arrayContaining(['2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25']));
    // Victory Day 2026 is a Saturday: Monday 11 May is off.
    expect(h).toContain('2026-05-11');
    expect(h).not.toContain('2026-03-26');
  });

  it('knows Kurban Ait per year and does not carry religious holidays', () => {
    expect(kazakhstanHolidays(2026)).toContain('2026-05-27');
    // Orthodox Christmas 2023 was a Saturday and is not carried: Monday 9 January 2023 stays working.
    expect(kazakhstanHolidays(2023)).not.toContain('2023-01-09');
  });
});

describe('business calendar', () => {
  const cal = almaty();

  it('adds working hours within one day', () => {
    expect(iso(cal.add(at('2026-11-25T10:00:00'), 'PT8H'))).toBe(iso(at('2026-11-25T18:00:00')));
  });

  it('skips the weekend', () => {
    expect(iso(cal.add(at('2026-11-27T14:00:00'), 'PT8H'))).toBe(iso(at('2026-11-30T13:00:00')));
  });

  it('starts the clock at the next opening when a comment arrives at night', () => {
    expect(iso(cal.add(at('2026-11-25T23:30:00'), 'PT1H'))).toBe(iso(at('2026-11-26T10:00:00')));
    expect(iso(cal.add(at('2026-11-28T12:00:00'), 'PT0S'))).toBe(iso(at('2026-11-30T09:00:00')));
  });

  it('skips public holidays, including carried ones', () => {
    // Independence Day, Wednesday 16 December 2026.
    expect(iso(cal.add(at('2026-12-15T16:00:00'), 'PT4H'))).toBe(iso(at('2026-12-17T11:00:00')));
    // Friday 20 March 2026 17:00 + 2 h: Nauryz runs Sat 21 to Wed 25 (carried days included).
    expect(iso(cal.add(at('2026-03-20T17:00:00'), 'PT2H'))).toBe(iso(at('2026-03-26T10:00:00')));
  });

  it('counts days as working days at the same time of day', () => {
    expect(iso(cal.add(at('2026-11-25T11:00:00'), 'P1D'))).toBe(iso(at('2026-11-26T11:00:00')));
    expect(iso(cal.add(at('2026-11-27T11:00:00'), 'P1D'))).toBe(iso(at('2026-11-30T11:00:00')));
    expect(iso(cal.add(at('2026-11-28T12:00:00'), 'P1D'))).toBe(iso(at('2026-12-01T09:00:00')));
    // 15 working days from Wed 2 Dec 2026, across Independence Day: due Thu 24 Dec.
    expect(iso(cal.add(at('2026-12-02T10:00:00'), 'P15D'))).toBe(iso(at('2026-12-24T10:00:00')));
    expect(iso(cal.add(at('2026-11-25T11:00:00'), 'P1W'))).toBe(iso(at('2026-12-02T11:00:00')));
  });

  it('honours dated exceptions: a working Saturday and a decreed day off', () => {
    const decree = almaty({
      exceptions: [
        { date: '2026-11-28', working: true },
        { date: '2026-11-30', working: false },
      ],
    });
    expect(iso(decree.add(at('2026-11-27T17:00:00'), 'PT2H'))).toBe(iso(at('2026-11-28T10:00:00')));
    expect(iso(decree.add(at('2026-11-28T17:00:00'), 'PT2H'))).toBe(iso(at('2026-12-01T10:00:00')));
  });

  it('honours a calendar’s own holidays and split working hours', () => {
    const lunch = almaty({
      workingHours: {
        mon: [
          ['09:00', '13:00'],
          ['14:00', '18:00'],
        ],
      },
      holidays: ['2026-11-30'],
    });
    expect(iso(lunch.add(at('2026-12-07T12:00:00'), 'PT2H'))).toBe(iso(at('2026-12-07T15:00:00')));
    expect(iso(lunch.add(at('2026-11-27T12:00:00'), 'PT1H'))).toBe(iso(at('2026-12-07T10:00:00')));
  });

  it('measures working seconds between two instants', () => {
    expect(cal.workingSecondsBetween(at('2026-11-27T17:00:00'), at('2026-11-30T10:00:00'))).toBe(2 * 3600);
    expect(cal.workingSecondsBetween(at('2026-11-30T10:00:00'), at('2026-11-27T17:00:00'))).toBe(0);
    expect(cal.workingSecondsBetween(at('2026-11-28T00:00:00'), at('2026-11-29T23:59:59'))).toBe(0);
  });

  it('follows daylight saving time in zones that have it', () => {
    const berlin = new BusinessCalendar({ timeZone: 'Europe/Berlin', workingHours: DEFAULT_WORKING_HOURS, holidays: [], exceptions: [] });
    // Berlin moves to CEST (UTC+2) on Sunday 29 March 2026: Friday 17:00 CET + 2 h is Monday 10:00 CEST.
    expect(iso(berlin.add(new Date('2026-03-27T17:00:00+01:00'), 'PT2H'))).toBe('2026-03-30T08:00:00.000Z');
  });

  it('spans long durations', () => {
    const due = cal.add(at('2026-01-05T09:00:00'), 'P250D');
    expect(due.getTime()).toBeGreaterThan(at('2026-12-01T00:00:00').getTime());
    expect(cal.workingSecondsBetween(at('2026-01-05T09:00:00'), due)).toBe(250 * 9 * 3600);
  });

  it('rejects an unknown time zone and a calendar with no working day', () => {
    expect(() => almaty({ timeZone: 'Mars/Olympus' })).toThrow(/unknown time zone/);
    expect(() => almaty({ workingHours: {} })).toThrow(/at least one weekday/);
  });

  it('gives back the duration it added (property)', () => {
    const start = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(start, fc.integer({ min: 0, max: 400 * 3600 }), (from, seconds) => {
        const due = cal.addWorkingSeconds(from, seconds);
        return cal.workingSecondsBetween(from, due) === seconds;
      }),
      { numRuns: 300 },
    );
  });

  it('adds in steps the same as at once (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 50 * 3600 }),
        fc.integer({ min: 0, max: 50 * 3600 }),
        (from, a, b) => {
          return cal.addWorkingSeconds(cal.addWorkingSeconds(from, a), b).getTime() === cal.addWorkingSeconds(from, a + b).getTime();
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('round-the-clock time', () => {
  it('counts every second and 24-hour days', () => {
    expect(iso(ROUND_THE_CLOCK.add(new Date('2026-11-28T12:00:00Z'), 'P1DT3S'))).toBe('2026-11-29T12:00:03.000Z');
    expect(ROUND_THE_CLOCK.workingSecondsBetween(new Date('2026-11-28T12:00:00Z'), new Date('2026-11-28T12:00:05Z'))).toBe(5);
  });
});
