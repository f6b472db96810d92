import { zoneOffsetMs } from './zoned-time.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('zoneOffsetMs', () => {
  it('is +5 h in Almaty, before and after the 2024 switch from +6 h', () => {
    expect(zoneOffsetMs(at('2026-12-02T03:00:00Z'), 'Asia/Almaty')).toBe(5 * HOUR);
    expect(zoneOffsetMs(at('2024-01-15T03:00:00Z'), 'Asia/Almaty')).toBe(6 * HOUR);
  });

  it('stays exact around a DST change, whichever instant of the quarter hour is read first', () => {
    // Berlin moves from +1 h to +2 h at 01:00 UTC on 29 March 2026.
    const change = at('2026-03-29T01:00:00Z');
    for (const first of [change - 1000, change, change + 14 * 60_000]) zoneOffsetMs(first, 'Europe/Berlin');
    expect(zoneOffsetMs(change - 1000, 'Europe/Berlin')).toBe(HOUR);
    expect(zoneOffsetMs(change, 'Europe/Berlin')).toBe(2 * HOUR);
    expect(zoneOffsetMs(change + 14 * 60_000, 'Europe/Berlin')).toBe(2 * HOUR);
    // Lord Howe moves by half an hour, at 15:30 UTC on 3 October 2026 (02:00 local).
    const half = at('2026-10-03T15:30:00Z');
    expect(zoneOffsetMs(half - 1000, 'Australia/Lord_Howe')).toBe(10.5 * HOUR);
    expect(zoneOffsetMs(half + 1000, 'Australia/Lord_Howe')).toBe(11 * HOUR);
    expect(zoneOffsetMs(half - 1000, 'Australia/Lord_Howe')).toBe(10.5 * HOUR);
  });
});
