import { can, type Role } from './roles.js';
import { TRANSITIONS, type TicketStatus } from './ticket-status.js';

/** Moves that need more than a target status: they have endpoints of their own (assign, merge). */
export const OWN_ENDPOINT_TARGETS: readonly TicketStatus[] = ['assigned', 'merged'];

/**
 * The status moves worth offering a user as plain buttons: the transition table's, minus those with
 * an endpoint of their own, minus a move to `triaged` for a ticket with no department (refused:
 * nobody's queue), and none at all for a role that never moves tickets. A button that always fails
 * is worse than none.
 */
export function offeredTransitions(from: TicketStatus, role: Role, hasDepartment: boolean): TicketStatus[] {
  if (!can(role, 'transition')) return [];
  return TRANSITIONS[from].filter((to) => !OWN_ENDPOINT_TARGETS.includes(to) && (to !== 'triaged' || hasDepartment));
}
