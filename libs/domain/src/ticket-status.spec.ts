import { DomainError } from './errors.js';
import { TICKET_STATUSES, TRANSITIONS, assertTransition, canTransition, type TicketStatus } from './ticket-status.js';

const allowed: Array<[TicketStatus, TicketStatus]> = [
  ['new', 'triaged'], ['new', 'assigned'], ['new', 'rejected'], ['new', 'merged'],
  ['triaged', 'assigned'], ['triaged', 'rejected'], ['triaged', 'merged'],
  ['assigned', 'in_progress'], ['assigned', 'awaiting_resident'], ['assigned', 'resolved'],
  ['assigned', 'triaged'], ['assigned', 'rejected'], ['assigned', 'merged'],
  ['in_progress', 'awaiting_resident'], ['in_progress', 'resolved'], ['in_progress', 'assigned'],
  ['in_progress', 'triaged'], ['in_progress', 'merged'],
  ['awaiting_resident', 'in_progress'], ['awaiting_resident', 'resolved'], ['awaiting_resident', 'closed'],
  ['reopened', 'in_progress'], ['reopened', 'awaiting_resident'], ['reopened', 'resolved'],
  ['reopened', 'assigned'], ['reopened', 'triaged'], ['reopened', 'merged'],
  ['resolved', 'closed'], ['resolved', 'reopened'],
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
    ['new', 'resolved'], ['new', 'closed'], ['triaged', 'in_progress'], ['resolved', 'in_progress'],
    ['closed', 'new'], ['rejected', 'assigned'], ['merged', 'reopened'], ['merged', 'new'],
    ['awaiting_resident', 'awaiting_resident'], ['assigned', 'assigned'], ['closed', 'resolved'],
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
});
