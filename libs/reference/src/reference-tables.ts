import type { DeepPartial, EntityTarget } from 'typeorm';
import {
  CalendarEntity,
  CategoryEntity,
  DayTransferEntity,
  DepartmentEntity,
  DistrictEntity,
  HolidayRuleEntity,
  PageEntity,
  SavedReplyEntity,
  SlaPolicyEntity,
  UserEntity,
  type ReferenceEntity,
} from '@app/database';
import { DomainError, hashPassword, type Actor } from '@app/domain';

/**
 * A reference table an admin manages, with the rules of its writes and reads. `I` is what a write
 * brings (validated by the caller); a table without `toValues` takes it as column values.
 */
export interface ReferenceTable<E extends ReferenceEntity, I extends object = object> {
  label: string;
  entity: EntityTarget<E>;
  /** Turns a validated write into column values (hash a password, check cross-field rules). */
  toValues?(input: I, existing?: E): Promise<DeepPartial<E>> | DeepPartial<E>;
  /** Refuses a delete that would break an invariant (the default SLA policy must exist). */
  beforeRemove?(row: E): void;
  /** An SLA rule: every create, update or delete re-times the open tickets it governs (a worker job, staged with the change). */
  retimesTickets?: boolean;
  /**
   * Who may read the rows: the column values a reader's rows must have (`{}`: every row), or a
   * DomainError for a reader who may not read any. Unset: every signed-in user reads every row.
   */
  readScope?(actor: Actor): Record<string, string | null>;
}

const table = <E extends ReferenceEntity, I extends object = object>(t: ReferenceTable<E, I>): ReferenceTable<E, I> => t;

/** An account as an admin writes it: the password in clear, stored only as its hash. */
export type UserInput = Partial<Pick<UserEntity, 'email' | 'fullName' | 'role' | 'districtIds' | 'departmentId' | 'active'>> & { password?: string };

/** Each role's scope must be complete, or its user would see nothing (or everything). */
async function userValues(input: UserInput, existing?: UserEntity): Promise<DeepPartial<UserEntity>> {
  const { password, ...rest } = input;
  const role = input.role ?? existing?.role;
  const districtIds = input.districtIds ?? existing?.districtIds ?? [];
  const departmentId = input.departmentId ?? existing?.departmentId ?? null;
  if (role === 'press_secretary' && districtIds.length === 0) {
    throw new DomainError('validation', 'a press_secretary needs districtIds (the districts they answer for)');
  }
  if ((role === 'department_head' || role === 'department_staff') && !departmentId) {
    throw new DomainError('validation', `a ${role} needs a departmentId`);
  }
  return { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) };
}

/** Accounts (e-mails, roles) are for admins; a department head sees the members of their own department, to assign work. */
function usersReadScope(actor: Actor): Record<string, string | null> {
  if (actor.role === 'admin') return {};
  if (actor.role === 'department_head') return { departmentId: actor.departmentId };
  throw new DomainError('forbidden', 'the users list is for admins (a department head sees their own department)');
}

/** Templates answer residents: for everyone who replies to them, not for the governor's office (notes only). */
function savedRepliesReadScope(actor: Actor): Record<string, string | null> {
  if (actor.role === 'governor_office')
    throw new DomainError('forbidden', "saved replies are for the people who answer residents; the governor's office writes internal notes only");
  return {};
}

export type PageInput = Partial<Pick<PageEntity, 'districtId' | 'departmentId'>>;

function pageValues(input: PageInput, existing?: PageEntity): DeepPartial<PageEntity> {
  const districtId = input.districtId ?? existing?.districtId;
  const departmentId = input.departmentId ?? existing?.departmentId;
  if (districtId && departmentId) throw new DomainError('validation', 'a page belongs to a district or to a department, not both');
  return input;
}

function keepDefaultPolicy(policy: SlaPolicyEntity): void {
  if (policy.isDefault) throw new DomainError('conflict', 'the default SLA policy cannot be deleted; change its targets instead');
}

export type HolidayRuleInput = Partial<Pick<HolidayRuleEntity, 'month' | 'day' | 'dates' | 'validFrom' | 'validUntil'>>;

/** The rules a single field cannot say: a fixed day or dates, a real day of the month, a period that ends after it starts. */
function holidayRuleValues(input: HolidayRuleInput, existing?: HolidayRuleEntity): DeepPartial<HolidayRuleEntity> {
  const month = input.month !== undefined ? input.month : (existing?.month ?? null);
  const day = input.day !== undefined ? input.day : (existing?.day ?? null);
  const dates = input.dates ?? existing?.dates ?? [];
  const validFrom = input.validFrom !== undefined ? input.validFrom : (existing?.validFrom ?? null);
  const validUntil = input.validUntil !== undefined ? input.validUntil : (existing?.validUntil ?? null);
  if ((month === null) !== (day === null)) throw new DomainError('validation', 'month and day go together: give both for a fixed day, or neither and dates');
  if (month === null && !dates.length) throw new DomainError('validation', 'a holiday needs a fixed month and day, or its dates');
  if (month !== null && day !== null && day > new Date(Date.UTC(2024, month, 0)).getUTCDate())
    throw new DomainError('validation', `month ${month} has no day ${day}`);
  if (validFrom && validUntil && validFrom > validUntil) throw new DomainError('validation', 'validUntil is before validFrom');
  return { ...input, month, day, dates };
}

export const REFERENCE_TABLES = {
  districts: table({ label: 'district', entity: DistrictEntity }),
  departments: table({ label: 'department', entity: DepartmentEntity }),
  categories: table({ label: 'category', entity: CategoryEntity }),
  pages: table<PageEntity, PageInput>({ label: 'page', entity: PageEntity, toValues: pageValues }),
  users: table({ label: 'user', entity: UserEntity, toValues: userValues, readScope: usersReadScope }),
  slaPolicies: table({ label: 'SLA policy', entity: SlaPolicyEntity, beforeRemove: keepDefaultPolicy, retimesTickets: true }),
  calendars: table({ label: 'calendar', entity: CalendarEntity, retimesTickets: true }),
  holidayRules: table<HolidayRuleEntity, HolidayRuleInput>({
    label: 'holiday rule',
    entity: HolidayRuleEntity,
    toValues: holidayRuleValues,
    retimesTickets: true,
  }),
  savedReplies: table({ label: 'saved reply', entity: SavedReplyEntity, readScope: savedRepliesReadScope }),
  dayTransfers: table({ label: 'day transfer', entity: DayTransferEntity, retimesTickets: true }),
};
