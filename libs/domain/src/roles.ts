import { DomainError } from './errors.js';

export const ROLES = ['admin', 'press_secretary', 'department_head', 'department_staff', 'governor_office'] as const;
export type Role = (typeof ROLES)[number];

export type TicketAction =
  | 'read'
  | 'create'
  | 'triage'
  | 'assign'
  | 'reply_public'
  | 'note'
  | 'transition'
  | 'merge'
  | 'hand_back'
  // Issue 16: recording a phoned-in resident's verdict; registering and extending a formal appeal.
  | 'record_verdict'
  | 'formal_appeal';

/** What each role may ever do to tickets; scope (which tickets) is decided separately. */
const ABILITIES: Readonly<Record<Role, readonly TicketAction[]>> = {
  admin: ['read', 'create', 'triage', 'assign', 'reply_public', 'note', 'transition', 'merge', 'hand_back', 'record_verdict', 'formal_appeal'],
  press_secretary: ['read', 'create', 'triage', 'reply_public', 'note', 'transition', 'merge', 'record_verdict', 'formal_appeal'],
  department_head: ['read', 'assign', 'reply_public', 'note', 'transition', 'hand_back', 'formal_appeal'],
  department_staff: ['read', 'reply_public', 'note', 'transition', 'hand_back'],
  governor_office: ['read', 'note'],
};

export function can(role: Role, action: TicketAction): boolean {
  return ABILITIES[role].includes(action);
}

export function assertCan(role: Role, action: TicketAction): void {
  if (!can(role, action)) throw new DomainError('forbidden', `role '${role}' may not ${action.replace('_', ' ')} tickets`);
}

export interface Actor {
  id: string;
  role: Role;
  districtIds: string[];
  departmentId: string | null;
}

/**
 * Which tickets a user sees. Every ticket query takes one, so a forgotten filter cannot leak data.
 * Press secretaries also see tickets whose district is unknown (an unregistered page or a private
 * message): somebody has to triage them, and they carry no district to leak.
 */
export type TicketScope =
  | { kind: 'all' }
  | { kind: 'districts'; districtIds: string[]; includeUnknownDistrict: true }
  | { kind: 'department'; departmentId: string }
  | { kind: 'assignee'; userId: string };

export function scopeOf(actor: Actor): TicketScope {
  switch (actor.role) {
    case 'admin':
    case 'governor_office':
      return { kind: 'all' };
    case 'press_secretary':
      return { kind: 'districts', districtIds: actor.districtIds, includeUnknownDistrict: true };
    case 'department_head':
      return actor.departmentId ? { kind: 'department', departmentId: actor.departmentId } : { kind: 'assignee', userId: actor.id };
    case 'department_staff':
      return { kind: 'assignee', userId: actor.id };
  }
}

export interface ScopedTicketFields {
  districtId: string | null;
  departmentId: string | null;
  assigneeId: string | null;
}

export function inScope(scope: TicketScope, t: ScopedTicketFields): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'districts':
      return t.districtId === null || scope.districtIds.includes(t.districtId);
    case 'department':
      return t.departmentId === scope.departmentId;
    case 'assignee':
      return t.assigneeId === scope.userId;
  }
}
