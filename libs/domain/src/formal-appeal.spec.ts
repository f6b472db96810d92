import { KAZAKHSTAN } from './business-calendar.js';
import { DomainError } from './errors.js';
import { assertExtension, endOfNthWorkingDay, extensionNotice, formalAppealCalendar, formalAppealSchedule, formalAppealState } from './formal-appeal.js';

const calendar = formalAppealCalendar(KAZAKHSTAN);
const almaty = (local: string) => new Date(`${local}+05:00`);

describe('formal appeal clock (working days of the national calendar)', () => {
  it('counts 15 working days from the day after registration, to the close of the last one; forwarding within 3', () => {
    // Friday 28 August 2026: Monday 31 August is a working day since the 2026 Constitution.
    const s = formalAppealSchedule(calendar, almaty('2026-08-28T10:00:00'));
    expect(s.forwardDueAt).toEqual(almaty('2026-09-02T18:00:00'));
    expect(s.dueAt).toEqual(almaty('2026-09-18T18:00:00'));
    expect(s.levelTwoDueAt).toEqual(almaty('2026-09-21T18:00:00'));
    // Two months after 28 August: Wednesday 28 October.
    expect(s.latestDueAt).toEqual(almaty('2026-10-28T18:00:00'));
    expect(s.warningAt.getTime()).toBeGreaterThan(almaty('2026-09-14T00:00:00').getTime());
    expect(s.warningAt.getTime()).toBeLessThan(s.dueAt.getTime());
  });

  it('skips Constitution Day on 15 March from 2027', () => {
    expect(endOfNthWorkingDay(calendar, almaty('2027-03-12T10:00:00'), 1)).toEqual(almaty('2027-03-16T18:00:00'));
    expect(endOfNthWorkingDay(calendar, almaty('2026-03-13T10:00:00'), 1)).toEqual(almaty('2026-03-16T18:00:00'));
  });

  it('a registration on a Saturday counts from Monday', () => {
    expect(endOfNthWorkingDay(calendar, almaty('2026-09-05T12:00:00'), 1)).toEqual(almaty('2026-09-07T18:00:00'));
  });

  it('an extended appeal is due when extended to, and warned at the same share of the longer term', () => {
    const registeredAt = almaty('2026-08-28T10:00:00');
    const s = formalAppealSchedule(calendar, registeredAt, almaty('2026-10-02T18:00:00'));
    expect(s.dueAt).toEqual(almaty('2026-10-02T18:00:00'));
    expect(s.warningAt.getTime()).toBeGreaterThan(formalAppealSchedule(calendar, registeredAt).warningAt.getTime());
  });
});

describe('extension rules', () => {
  const registeredAt = almaty('2026-08-28T10:00:00');
  const dueAt = almaty('2026-09-18T18:00:00');
  const open = { registeredAt, dueAt, extendedUntil: null, answeredAt: null };
  const now = almaty('2026-09-10T12:00:00');
  const refused = (f: () => void, code: string) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe(code);
      return;
    }
    throw new Error('expected a refusal');
  };

  it('allows one, later than the term and within two months of registration', () => {
    expect(() => assertExtension(open, almaty('2026-10-09T18:00:00'), now, calendar)).not.toThrow();
    expect(() => assertExtension(open, almaty('2026-10-28T18:00:00'), now, calendar)).not.toThrow();
  });
  it('refuses a second one, one after the term ran out, one too short or too long, one after the answer', () => {
    refused(() => assertExtension({ ...open, extendedUntil: almaty('2026-10-01T18:00:00') }, almaty('2026-10-02T18:00:00'), now, calendar), 'conflict');
    refused(() => assertExtension(open, almaty('2026-10-02T18:00:00'), almaty('2026-09-19T09:00:00'), calendar), 'conflict');
    refused(() => assertExtension(open, dueAt, now, calendar), 'validation');
    refused(() => assertExtension(open, almaty('2026-10-29T09:00:00'), now, calendar), 'validation');
    refused(() => assertExtension({ ...open, answeredAt: now }, almaty('2026-10-02T18:00:00'), now, calendar), 'conflict');
  });
});

describe('state and notice', () => {
  it('answered wins, then overdue, then warning', () => {
    const at = new Date();
    expect(formalAppealState({ answeredAt: at, breachedAt: at, warnedAt: at })).toBe('answered');
    expect(formalAppealState({ answeredAt: null, breachedAt: at, warnedAt: at })).toBe('overdue');
    expect(formalAppealState({ answeredAt: null, breachedAt: null, warnedAt: at })).toBe('warning');
    expect(formalAppealState({ answeredAt: null, breachedAt: null, warnedAt: null })).toBe('open');
  });
  it('tells the resident the new date in their language', () => {
    expect(extensionNotice('kk', almaty('2026-10-02T18:00:00'), 'сараптама')).toBe('Өтінішіңізді қарау мерзімі 02.10.2026 дейін ұзартылды. Себебі: сараптама');
    expect(extensionNotice('ru', almaty('2026-10-02T18:00:00'), 'экспертиза')).toMatch(/продлён до 02\.10\.2026/);
  });
});

describe('latest extended due', () => {
  it('is two months on, moved back to a working day, clamped to the month end', () => {
    // 31 December + 2 months: 28 February 2027 is a Sunday, so Friday 26 February.
    const s = formalAppealSchedule(calendar, almaty('2026-12-31T10:00:00'));
    expect(s.latestDueAt).toEqual(almaty('2027-02-26T18:00:00'));
  });
});
