import { DomainError } from './errors.js';
import {
  APPEAL_ANSWERING_STATUSES,
  FINAL_STATUSES,
  NOT_ACTIONABLE_STATUSES,
  NOT_OPEN_STATUSES,
  OPEN_ASSIGNED_STATUSES,
  OPEN_STATUSES,
  RESOLVED_STATUSES,
  TICKET_STATUSES,
  TRANSITIONS,
  assertTransition,
  canTransition,
  type TicketStatus,
} from './ticket-status.js';

const allowed: Array<[TicketStatus, TicketStatus]> = [
  ['new', 'triaged'],
  ['new', 'assigned'],
  ['new', 'rejected'],
  ['new', 'merged'],
  ['triaged', 'assigned'],
  ['triaged', 'rejected'],
  ['triaged', 'merged'],
  ['assigned', 'in_progress'],
  ['assigned', 'awaiting_resident'],
  ['assigned', 'resolved'],
  ['assigned', 'triaged'],
  ['assigned', 'rejected'],
  ['assigned', 'merged'],
  ['in_progress', 'awaiting_resident'],
  ['in_progress', 'resolved'],
  ['in_progress', 'assigned'],
  ['in_progress', 'triaged'],
  ['in_progress', 'merged'],
  ['awaiting_resident', 'in_progress'],
  ['awaiting_resident', 'resolved'],
  ['awaiting_resident', 'closed'],
  ['reopened', 'in_progress'],
  ['reopened', 'awaiting_resident'],
  ['reopened', 'resolved'],
  ['reopened', 'assigned'],
  ['reopened', 'triaged'],
  ['reopened', 'merged'],
  ['resolved', 'closed'],
  ['resolved', 'reopened'],
  ['closed', 'reopened'],
  ['rejected', 'reopened'],
];

describe('ticket state machine', () => {
  it.each(allowed)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it('allows exactly the listed transitions and nothing else', () => {
    const table = TICKET_STATUSES.flatMap((from) => TRANSITIONS[from].map((to) => `${from}->${to}`)).sort();
    expect(table).toEqual(allowed.map(([f, t]) => `${f}->${t}`).sort());
  });

  it.each<[TicketStatus, TicketStatus]>([
    ['new', 'resolved'],
    ['new', 'closed'],
    ['triaged', 'in_progress'],
    ['resolved', 'in_progress'],
    ['closed', 'new'],
    ['rejected', 'assigned'],
    ['merged', 'reopened'],
    ['merged', 'new'],
    ['awaiting_resident', 'awaiting_resident'],
    ['assigned', 'assigned'],
    ['closed', 'resolved'],
  ])('forbids %s -> %s and names the allowed ones', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    let error: unknown;
    try {
      assertTransition(from, to);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_transition');
    expect((error as DomainError).message).toContain(`from '${from}' to '${to}'`);
    for (const next of TRANSITIONS[from]) expect((error as DomainError).message).toContain(next);
  });

  it('keeps merged terminal and gives every other status a way out', () => {
    expect(TRANSITIONS.merged).toEqual([]);
    for (const s of TICKET_STATUSES.filter((x) => x !== 'merged')) expect(TRANSITIONS[s].length).toBeGreaterThan(0);
  });

  describe('the named sets of statuses', () => {
    const outside = (inner: readonly TicketStatus[], outer: readonly TicketStatus[]) => inner.filter((x) => !outer.includes(x));

    it('split every status into open and not open', () => {
      expect([...OPEN_STATUSES, ...NOT_OPEN_STATUSES].sort()).toEqual([...TICKET_STATUSES].sort());
      expect(outside(OPEN_STATUSES, NOT_OPEN_STATUSES)).toEqual(OPEN_STATUSES);
    });

    it("hold together: a member's load is open work; resolved, dismissed, final and answering tickets are no longer open", () => {
      expect(outside(OPEN_ASSIGNED_STATUSES, OPEN_STATUSES)).toEqual([]);
      for (const set of [RESOLVED_STATUSES, NOT_ACTIONABLE_STATUSES, FINAL_STATUSES, APPEAL_ANSWERING_STATUSES])
        expect(outside(set, NOT_OPEN_STATUSES)).toEqual([]);
    });

    it('leave a final status only by reopening it (merged never), and an open one can still be resolved or dismissed', () => {
      for (const s of FINAL_STATUSES) expect(outside(TRANSITIONS[s], ['reopened'])).toEqual([]);
      for (const s of OPEN_STATUSES) expect(TRANSITIONS[s].some((to) => NOT_OPEN_STATUSES.includes(to))).toBe(true);
    });
  });
});
