import { DomainError } from './errors.js';

export const TICKET_STATUSES = [
  'new',
  'triaged',
  'assigned',
  'in_progress',
  'awaiting_resident',
  'resolved',
  'closed',
  'reopened',
  'rejected',
  'merged',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * The one table of allowed transitions. `reopened` behaves like `assigned`; `merged` is terminal;
 * `rejected` and `closed` only leave through `reopened`. Going back to `triaged` is how a department
 * hands a misrouted ticket back to the press secretary (the assignee is cleared).
 */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['triaged', 'assigned', 'rejected', 'merged'],
  triaged: ['assigned', 'rejected', 'merged'],
  assigned: ['in_progress', 'awaiting_resident', 'resolved', 'triaged', 'rejected', 'merged'],
  in_progress: ['awaiting_resident', 'resolved', 'assigned', 'triaged', 'merged'],
  awaiting_resident: ['in_progress', 'resolved', 'closed'],
  reopened: ['in_progress', 'awaiting_resident', 'resolved', 'assigned', 'triaged', 'merged'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  rejected: ['reopened'],
  merged: [],
};

/**
 * Where a department can hand a misrouted ticket back to the press secretaries' queue from
 * (`POST /tickets/:id/hand-back`): it becomes `new` again, without category, department or assignee,
 * its clock running on.
 */
export const HAND_BACK_FROM: readonly TicketStatus[] = ['triaged', 'assigned', 'in_progress', 'reopened'];

// The named sets of statuses, each defined here only: libs/database renders them as SQL
// (domain-sql.ts) and test/scope-rules.e2e-spec.ts checks the partial indexes list the same ones.

/** Not resolved yet: still to be worked on (the backlog, the inbox, Open311's `open`). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'triaged', 'assigned', 'in_progress', 'awaiting_resident', 'reopened'];
/** Every other status (resolved, closed, rejected, merged): Open311's `closed`; no clock is shown running. */
export const NOT_OPEN_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter((s) => !OPEN_STATUSES.includes(s));
/** Statuses in which a ticket is still somebody's open work (counts as load and backlog). */
export const OPEN_ASSIGNED_STATUSES: readonly TicketStatus[] = ['assigned', 'in_progress', 'awaiting_resident', 'reopened'];
/** Counts as resolved in the figures and the public scorecard. */
export const RESOLVED_STATUSES: readonly TicketStatus[] = ['resolved', 'closed'];
/** Not taken up as work of its own (rejected, or merged into another ticket): no answer is due, and the figures of answers leave it out. */
export const NOT_ACTIONABLE_STATUSES: readonly TicketStatus[] = ['rejected', 'merged'];
/**
 * Over unless reopened (merged: for good): the SLA clocks stop, retention may pseudonymise the
 * resident, a breach list shows when it stopped. `resolved` is not: the resident may still dispute it.
 */
export const FINAL_STATUSES: readonly TicketStatus[] = ['closed', 'rejected', 'merged'];
/** Answer a formal appeal (issue 16): the decision is made and told (resolved), or the case is closed or refused. */
export const APPEAL_ANSWERING_STATUSES: readonly TicketStatus[] = ['resolved', 'closed', 'rejected'];

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: TicketStatus, to: TicketStatus): void {
  if (canTransition(from, to)) return;
  const allowed = TRANSITIONS[from];
  throw new DomainError(
    'invalid_transition',
    `cannot move a ticket from '${from}' to '${to}'; allowed from '${from}': ${allowed.length ? allowed.join(', ') : 'none (terminal)'}`,
    { from, to, allowed },
  );
}
