import { BusinessCalendar, DEFAULT_WORKING_HOURS, ROUND_THE_CLOCK } from './business-calendar.js';
import { levelTwoAt, slaSchedule, slaState, type SlaFacts } from './sla-clock.js';

const cal = new BusinessCalendar({ timeZone: 'Asia/Almaty', workingHours: DEFAULT_WORKING_HOURS, holidays: [], exceptions: [] });
const at = (local: string) => new Date(`${local}+05:00`);
const targets = { firstResponse: 'PT8H', resolution: 'P5D', warningRatio: 0.75, escalateAfter: 'PT4H' };

describe('SLA schedule', () => {
  it('puts due and warning instants on working time', () => {
    const s = slaSchedule(cal, targets, at('2026-11-27T14:00:00'), 0);
    expect(s.firstResponseDueAt).toEqual(at('2026-11-30T13:00:00'));
    // 75 % of 8 working hours = 6 h: Friday 14-18, then Monday 9-11.
    expect(s.firstResponseWarningAt).toEqual(at('2026-11-30T11:00:00'));
    expect(s.resolutionDueAt).toEqual(at('2026-12-04T14:00:00'));
  });

  it('shifts every instant by the working time spent paused', () => {
    const s = slaSchedule(cal, targets, at('2026-11-27T14:00:00'), 2 * 3600);
    expect(s.firstResponseDueAt).toEqual(at('2026-11-30T15:00:00'));
    expect(s.firstResponseWarningAt).toEqual(at('2026-11-30T13:00:00'));
    expect(s.resolutionDueAt).toEqual(at('2026-12-04T16:00:00'));
  });

  it('works in seconds on the round-the-clock calendar', () => {
    const received = new Date('2026-11-28T03:00:00Z');
    const s = slaSchedule(ROUND_THE_CLOCK, { firstResponse: 'PT3S', resolution: 'PT10S', warningRatio: 0.8, escalateAfter: 'PT2S' }, received, 5);
    expect(s.firstResponseDueAt).toEqual(new Date('2026-11-28T03:00:08Z'));
    expect(s.firstResponseWarningAt.getTime()).toBe(received.getTime() + 2400 + 5000);
    expect(s.resolutionDueAt).toEqual(new Date('2026-11-28T03:00:15Z'));
    expect(levelTwoAt(ROUND_THE_CLOCK, new Date('2026-11-28T03:00:08Z'), 'PT2S')).toEqual(new Date('2026-11-28T03:00:10Z'));
    expect(levelTwoAt(ROUND_THE_CLOCK, new Date(), null)).toBeNull();
  });
});

describe('SLA state', () => {
  const open: SlaFacts = {
    paused: false,
    stopped: false,
    firstResponseAt: null,
    resolvedAt: null,
    firstResponseBreachedAt: null,
    resolutionBreachedAt: null,
    warned: false,
  };
  const t = new Date('2026-11-28T03:00:00Z');

  it.each<[string, SlaFacts, string]>([
    ['a fresh ticket', open, 'ok'],
    ['after a warning', { ...open, warned: true }, 'warning'],
    ['waiting for the resident', { ...open, firstResponseAt: t, paused: true }, 'paused'],
    ['answered and resolved in time', { ...open, firstResponseAt: t, resolvedAt: t }, 'met'],
    ['answered late', { ...open, firstResponseAt: t, firstResponseBreachedAt: t }, 'breached'],
    ['resolved after a breach', { ...open, firstResponseAt: t, resolvedAt: t, resolutionBreachedAt: t }, 'breached'],
    ['paused after a breach', { ...open, paused: true, firstResponseBreachedAt: t }, 'breached'],
    ['closed without a breach', { ...open, stopped: true }, 'met'],
    ['closed after a breach', { ...open, stopped: true, resolutionBreachedAt: t }, 'breached'],
  ])('%s is %s', (_name, facts, state) => {
    expect(slaState(facts)).toBe(state);
  });
});
