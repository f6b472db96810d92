import {
  almatyInstant,
  formatDateTime,
  formatDuration,
  formatMonth,
  formatNumber,
  formatPoints,
  lastFullMonth,
  localDateTimeInput,
  localDay,
  secondsUntil,
  toCsv,
} from './format.js';

describe('web console formatting', () => {
  it("takes today's date in Almaty, not in UTC", () => {
    // 20:15 UTC on 2 December is 01:15 on 3 December in Almaty (UTC+5).
    expect(localDay(Date.parse('2026-12-02T20:15:00Z'))).toBe('2026-12-03');
    expect(localDay(Date.parse('2026-12-02T18:59:00Z'))).toBe('2026-12-02');
  });

  it('fills a date-time field on Almaty time and reads it back as an instant with the offset', () => {
    expect(localDateTimeInput(Date.parse('2026-12-02T20:15:00Z'))).toBe('2026-12-03T01:15');
    expect(almatyInstant('2026-12-03T01:15')).toBe('2026-12-03T01:15:00+05:00');
    expect(Date.parse(almatyInstant(localDateTimeInput(Date.parse('2026-09-01T05:00:00Z'))))).toBe(Date.parse('2026-09-01T05:00:00Z'));
  });

  it('writes durations in words people read, in each language', () => {
    const t = 2 * 3600 + 15 * 60 + 42;
    expect(formatDuration(t, 'kk')).toBe('2 сағ 15 мин');
    expect(formatDuration(t, 'ru')).toBe('2 ч 15 мин');
    expect(formatDuration(t, 'en')).toBe('2 h 15 min');
  });

  it('keeps the two largest units, drops a zero second unit and the sign', () => {
    expect(formatDuration(26 * 3600 + 60, 'ru')).toBe('1 дн 2 ч');
    expect(formatDuration(3 * 86_400, 'kk')).toBe('3 күн');
    expect(formatDuration(2 * 3600, 'en')).toBe('2 h');
    expect(formatDuration(-(45 * 60), 'ru')).toBe('45 мин');
    expect(formatDuration(42, 'kk')).toBe('42 сек');
    expect(formatDuration(0, 'en')).toBe('0 s');
  });

  it('shows times in Almaty time whatever the machine zone', () => {
    // 04:29:50 UTC is 09:29 or 10:29 in Almaty depending on the tz database (UTC+5 since 2024).
    expect(formatDateTime('2025-11-25T04:29:50Z', 'ru')).toMatch(/^25\.11\.2025,? (09|10):29$/);
    expect(formatDateTime('2025-11-25T04:29:50Z', 'en')).toMatch(/^25\/11\/2025,? (09|10):29$/);
  });

  it('groups thousands as each language does', () => {
    expect(formatNumber(12345, 'en')).toBe('12,345');
    expect(formatNumber(12345, 'ru').replace(/\s/g, ' ')).toBe('12 345');
  });

  it('counts down to a due time and goes negative once overdue', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(secondsUntil('2026-01-01T01:00:00Z', now)).toBe(3600);
    expect(secondsUntil('2025-12-31T23:00:00Z', now)).toBe(-3600);
    expect(secondsUntil(null, now)).toBeNull();
  });

  it('opens the monthly analysis on the last month that has ended in Almaty', () => {
    // 2 December 20:15 UTC is 3 December in Almaty: November is the last full month.
    expect(lastFullMonth(Date.parse('2026-12-02T20:15:00Z'))).toBe('2026-11');
    // 31 January 19:30 UTC is already 1 February in Almaty: January has just ended.
    expect(lastFullMonth(Date.parse('2026-01-31T19:30:00Z'))).toBe('2026-01');
    expect(lastFullMonth(Date.parse('2026-01-15T10:00:00Z'))).toBe('2025-12');
    expect(formatMonth('2026-03', 'en')).toBe('March 2026');
    expect(formatMonth('2026-11', 'kk')).toBe('2026 ж. қараша');
  });

  it('writes a change of a rate in signed percentage points', () => {
    expect(formatPoints(0.052, 'en')).toBe('+5');
    expect(formatPoints(-0.1, 'en')).toBe('−10');
    expect(formatPoints(0.001, 'en')).toBe('0');
  });

  it('quotes CSV cells that need it', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['x,y', 'say "hi"'],
        [1, null],
      ]),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n1,\r\n');
  });
});
