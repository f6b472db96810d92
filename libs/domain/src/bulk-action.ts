import type { ErrorCode } from './error-codes.js';
import { DomainError } from './errors.js';

/**
 * The most tickets one bulk action takes (a screen of the triage queue is 50): each ticket is its
 * own transaction, so a bulk request stays within a few seconds and holds no lock for long.
 */
export const MAX_BULK_TICKETS = 100;

/** A ticket of a bulk action, with the version the caller saw (the single actions' If-Match). */
export interface BulkTicket {
  id: string;
  version: number;
}

/** What happened to one ticket: its new version, or the stable code of the refusal. */
export type BulkOutcome = { id: string; ok: true; version: number } | { id: string; ok: false; code: ErrorCode; message: string };

/**
 * Applies `act` to each ticket in turn and reports each outcome: a ticket refused for a reason of
 * its own (stale, out of scope, already triaged) does not stop the others. One at a time, so two
 * bulk actions over the same tickets never wait on each other's locks in a cycle. Anything but a
 * DomainError (the database gone) propagates: it says nothing about the ticket.
 */
export async function eachTicket(tickets: readonly BulkTicket[], act: (ticket: BulkTicket) => Promise<{ version: number }>): Promise<BulkOutcome[]> {
  if (tickets.length > MAX_BULK_TICKETS) {
    throw new DomainError(
      'validation',
      `a bulk action takes at most ${MAX_BULK_TICKETS} tickets (got ${tickets.length}): split the selection`,
      { max: MAX_BULK_TICKETS },
      'ticket.bulk_too_many',
    );
  }
  const outcomes: BulkOutcome[] = [];
  for (const ticket of tickets) {
    try {
      outcomes.push({ id: ticket.id, ok: true, version: (await act(ticket)).version });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      outcomes.push({ id: ticket.id, ok: false, code: e.errorCode, message: e.message });
    }
  }
  return outcomes;
}
