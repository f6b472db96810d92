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
  { kind: 'all' } | { kind: 'districts'; districtIds: string[] } | { kind: 'department'; departmentId: string } | { kind: 'assignee'; userId: string };

export function scopeOf(actor: Actor): TicketScope {
  switch (actor.role) {
    case 'admin':
    case 'governor_office':
      return { kind: 'all' };
    case 'press_secretary':
      return { kind: 'districts', districtIds: actor.districtIds };
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

/**
 * What a scope (other than `all`) tests: one field of the ticket against the scope's value, or its
 * list of values (`many`); a ticket with no value in that field is in only where `orNull`. inScope
 * reads it and libs/database writes it as SQL (domain-sql.ts), so the two cannot drift.
 */
export interface ScopeRule {
  field: keyof ScopedTicketFields;
  many: boolean;
  orNull: boolean;
}

export type NarrowScope = Exclude<TicketScope, { kind: 'all' }>;

export const SCOPE_RULES: Readonly<Record<NarrowScope['kind'], ScopeRule>> = {
  districts: { field: 'districtId', many: true, orNull: true },
  department: { field: 'departmentId', many: false, orNull: false },
  assignee: { field: 'assigneeId', many: false, orNull: false },
};

/** The value a scope's rule compares the ticket's field with. */
export function scopeValue(scope: NarrowScope): string | readonly string[] {
  switch (scope.kind) {
    case 'districts':
      return scope.districtIds;
    case 'department':
      return scope.departmentId;
    case 'assignee':
      return scope.userId;
  }
}

export function inScope(scope: TicketScope, t: ScopedTicketFields): boolean {
  if (scope.kind === 'all') return true;
  const rule = SCOPE_RULES[scope.kind];
  const value = t[rule.field];
  if (value === null) return rule.orNull;
  const allowed = scopeValue(scope);
  return typeof allowed === 'string' ? value === allowed : allowed.includes(value);
}
