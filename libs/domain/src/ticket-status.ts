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

/** Statuses in which a ticket is still somebody's open work (counts as load and backlog). */
export const OPEN_ASSIGNED_STATUSES: readonly TicketStatus[] = ['assigned', 'in_progress', 'awaiting_resident', 'reopened'];
export const TERMINAL_STATUSES: readonly TicketStatus[] = ['merged'];

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

export function isTicketStatus(value: string): value is TicketStatus {
  return (TICKET_STATUSES as readonly string[]).includes(value);
}
