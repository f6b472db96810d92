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
} from '@app/database';
import { DomainError, hashPassword } from '@app/domain';
import { toUserView, type AuthUser } from '../auth/auth-user.js';
import { toPageView } from '../pages/page.view.js';
import { CreateDayTransferDto, CreateHolidayRuleDto, UpdateDayTransferDto, UpdateHolidayRuleDto, holidayRuleValues } from './national-calendar.dto.js';
import { referenceController } from './reference-controller.factory.js';
import { CreateSavedReplyDto, UpdateSavedReplyDto } from './saved-reply.dto.js';
import {
  CreateCalendarDto,
  CreateCategoryDto,
  CreateCodedDto,
  CreatePageDto,
  CreateSlaPolicyDto,
  CreateUserDto,
  UpdateCalendarDto,
  UpdateCategoryDto,
  UpdateCodedDto,
  UpdatePageDto,
  UpdateSlaPolicyDto,
  UpdateUserDto,
} from './reference.dto.js';

/** Each role's scope must be complete, or its user would see nothing (or everything). */
async function userValues(dto: Partial<CreateUserDto> & { active?: boolean }, existing?: UserEntity): Promise<Partial<UserEntity>> {
  const { password, ...rest } = dto;
  const role = dto.role ?? existing?.role;
  const districtIds = dto.districtIds ?? existing?.districtIds ?? [];
  const departmentId = dto.departmentId ?? existing?.departmentId ?? null;
  if (role === 'press_secretary' && districtIds.length === 0) {
    throw new DomainError('validation', 'a press_secretary needs districtIds (the districts they answer for)');
  }
  if ((role === 'department_head' || role === 'department_staff') && !departmentId) {
    throw new DomainError('validation', `a ${role} needs a departmentId`);
  }
  return { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) };
}

/** Accounts (e-mails, roles) are for admins; a department head sees the members of their own department, to assign work. */
function usersReadScope(user: AuthUser): Record<string, string | null> {
  if (user.role === 'admin') return {};
  if (user.role === 'department_head') return { departmentId: user.departmentId };
  throw new DomainError('forbidden', 'the users list is for admins (a department head sees their own department)');
}

/** Templates answer residents: for everyone who replies to them, not for the governor's office (notes only). */
function savedRepliesReadScope(user: AuthUser): Record<string, string | null> {
  if (user.role === 'governor_office') throw new DomainError('forbidden', "saved replies are for the people who answer residents; the governor's office writes internal notes only");
  return {};
}

function pageValues(dto: Partial<CreatePageDto>, existing?: PageEntity): Partial<PageEntity> {
  const districtId = dto.districtId ?? existing?.districtId;
  const departmentId = dto.departmentId ?? existing?.departmentId;
  if (districtId && departmentId) throw new DomainError('validation', 'a page belongs to a district or to a department, not both');
  return dto;
}

function keepDefaultPolicy(policy: SlaPolicyEntity): void {
  if (policy.isDefault) throw new DomainError('conflict', 'the default SLA policy cannot be deleted; change its targets instead');
}

export const REFERENCE_CONTROLLERS = [
  referenceController({ path: 'districts', label: 'district', entity: DistrictEntity, createDto: CreateCodedDto, updateDto: UpdateCodedDto }),
  referenceController({ path: 'departments', label: 'department', entity: DepartmentEntity, createDto: CreateCodedDto, updateDto: UpdateCodedDto }),
  referenceController({ path: 'categories', label: 'category', entity: CategoryEntity, createDto: CreateCategoryDto, updateDto: UpdateCategoryDto }),
  referenceController({ path: 'pages', label: 'page', entity: PageEntity, createDto: CreatePageDto, updateDto: UpdatePageDto, toValues: pageValues, toView: toPageView }),
  referenceController({ path: 'users', label: 'user', entity: UserEntity, createDto: CreateUserDto, updateDto: UpdateUserDto, toValues: userValues, toView: toUserView, readScope: usersReadScope }),
  referenceController({ path: 'sla-policies', label: 'SLA policy', entity: SlaPolicyEntity, createDto: CreateSlaPolicyDto, updateDto: UpdateSlaPolicyDto, beforeRemove: keepDefaultPolicy, retimesTickets: true }),
  referenceController({ path: 'calendars', label: 'calendar', entity: CalendarEntity, createDto: CreateCalendarDto, updateDto: UpdateCalendarDto, retimesTickets: true }),
  referenceController({ path: 'holiday-rules', label: 'holiday rule', entity: HolidayRuleEntity, createDto: CreateHolidayRuleDto, updateDto: UpdateHolidayRuleDto, toValues: holidayRuleValues, retimesTickets: true }),
  referenceController({ path: 'saved-replies', label: 'saved reply', entity: SavedReplyEntity, createDto: CreateSavedReplyDto, updateDto: UpdateSavedReplyDto, readScope: savedRepliesReadScope }),
  referenceController({ path: 'day-transfers', label: 'day transfer', entity: DayTransferEntity, createDto: CreateDayTransferDto, updateDto: UpdateDayTransferDto, retimesTickets: true }),
];
