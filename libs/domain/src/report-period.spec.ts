import { DomainError } from './errors.js';
import { formatReportInstant, monthOf, monthPeriod, parseReportInstant, previousMonth, reportPeriod } from './report-period.js';

const iso = (d: Date) => d.toISOString();

describe('report period', () => {
  it('reads a date as the start of that day in Almaty (UTC+5)', () => {
    expect(iso(parseReportInstant('2026-03-01'))).toBe('2026-02-28T19:00:00.000Z');
  });

  it('reads a date-time without offset as Almaty local time, and one with an offset exactly', () => {
    expect(iso(parseReportInstant('2026-03-01T10:30'))).toBe('2026-03-01T05:30:00.000Z');
    expect(iso(parseReportInstant('2026-03-01T10:30:15.250'))).toBe('2026-03-01T05:30:15.250Z');
    expect(iso(parseReportInstant('2026-03-01T10:30:00Z'))).toBe('2026-03-01T10:30:00.000Z');
    expect(iso(parseReportInstant('2026-03-01T10:30:00+03:00'))).toBe('2026-03-01T07:30:00.000Z');
    expect(iso(parseReportInstant('2026-03-01T10:30:00-0130'))).toBe('2026-03-01T12:00:00.000Z');
  });

  it('refuses what is not a date or not a real day', () => {
    for (const bad of ['2026-02-30', '2026-13-01', 'March', '2026-03-01T25:00', '2026-03-01 10:00']) {
      expect(() => parseReportInstant(bad)).toThrow(DomainError);
    }
  });

  it('covers a whole month, local midnight to local midnight', () => {
    expect(monthPeriod('2026-03')).toEqual({ from: new Date('2026-02-28T19:00:00Z'), to: new Date('2026-03-31T19:00:00Z') });
    expect(monthPeriod('2026-12').to).toEqual(new Date('2026-12-31T19:00:00Z'));
    expect(() => monthPeriod('2026-00')).toThrow(DomainError);
    expect(() => monthPeriod('2026-3')).toThrow(DomainError);
  });

  it('knows the month of an instant in Almaty and the month before', () => {
    expect(monthOf(new Date('2026-03-31T19:30:00Z'))).toBe('2026-04');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-10')).toBe('2026-09');
  });

  it('defaults to the current month and takes both bounds or neither', () => {
    const now = new Date('2026-03-31T20:00:00Z'); // 1 April, 01:00 in Almaty
    expect(reportPeriod({}, now)).toEqual(monthPeriod('2026-04'));
    expect(reportPeriod({ from: '2026-03-01', to: '2026-03-08' }, now)).toEqual({
      from: new Date('2026-02-28T19:00:00Z'),
      to: new Date('2026-03-07T19:00:00Z'),
    });
    expect(() => reportPeriod({ from: '2026-03-01' }, now)).toThrow(/both from and to/);
    expect(() => reportPeriod({ to: '2026-03-01' }, now)).toThrow(/both from and to/);
  });

  it('refuses an empty or backwards period and one longer than a year and a day', () => {
    const now = new Date('2026-03-31T20:00:00Z');
    expect(() => reportPeriod({ from: '2026-03-01', to: '2026-03-01' }, now)).toThrow(/after from/);
    expect(() => reportPeriod({ from: '2026-01-01', to: '2027-01-03' }, now)).not.toThrow();
    expect(() => reportPeriod({ from: '2026-01-01', to: '2027-01-04' }, now)).toThrow(/at most 367 days/);
  });

  it('prints an instant in local time with its offset, to the millisecond', () => {
    expect(formatReportInstant(new Date('2026-02-28T19:00:00Z'))).toBe('2026-03-01T00:00:00.000+05:00');
    expect(formatReportInstant(new Date('2026-03-05T04:05:06.789Z'))).toBe('2026-03-05T09:05:06.789+05:00');
    expect(formatReportInstant(new Date('2026-03-05T04:05:06Z'), 'America/St_Johns')).toBe('2026-03-05T00:35:06.000-03:30');
  });
});
