import type { CalendarView, CategoryView, DayTransferView, DepartmentView, DistrictView, HolidayRuleView, SavedReplyView, SlaPolicyView } from '@app/contracts';
import { REFERENCE_TABLES as T } from '@app/reference';
import { toUserView } from '../auth/auth-user.js';
import { toPageView } from '../pages/page.view.js';
import { CreateDayTransferDto, CreateHolidayRuleDto, UpdateDayTransferDto, UpdateHolidayRuleDto } from './national-calendar.dto.js';
import { asLoaded, referenceController } from './reference-controller.factory.js';
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

// The tables' rules (scopes, cross-field checks, re-timing) are in libs/reference; here, their HTTP side.
export const REFERENCE_CONTROLLERS = [
  referenceController({ path: 'districts', table: T.districts, createDto: CreateCodedDto, updateDto: UpdateCodedDto, toView: asLoaded<DistrictView<Date>> }),
  referenceController({
    path: 'departments',
    table: T.departments,
    createDto: CreateCodedDto,
    updateDto: UpdateCodedDto,
    toView: asLoaded<DepartmentView<Date>>,
  }),
  referenceController({
    path: 'categories',
    table: T.categories,
    createDto: CreateCategoryDto,
    updateDto: UpdateCategoryDto,
    toView: asLoaded<CategoryView<Date>>,
  }),
  referenceController({ path: 'pages', table: T.pages, createDto: CreatePageDto, updateDto: UpdatePageDto, toView: toPageView }),
  referenceController({ path: 'users', table: T.users, createDto: CreateUserDto, updateDto: UpdateUserDto, toView: toUserView }),
  referenceController({
    path: 'sla-policies',
    table: T.slaPolicies,
    createDto: CreateSlaPolicyDto,
    updateDto: UpdateSlaPolicyDto,
    toView: asLoaded<SlaPolicyView<Date>>,
  }),
  referenceController({
    path: 'calendars',
    table: T.calendars,
    createDto: CreateCalendarDto,
    updateDto: UpdateCalendarDto,
    toView: asLoaded<CalendarView<Date>>,
  }),
  referenceController({
    path: 'holiday-rules',
    table: T.holidayRules,
    createDto: CreateHolidayRuleDto,
    updateDto: UpdateHolidayRuleDto,
    toView: asLoaded<HolidayRuleView<Date>>,
  }),
  referenceController({
    path: 'saved-replies',
    table: T.savedReplies,
    createDto: CreateSavedReplyDto,
    updateDto: UpdateSavedReplyDto,
    toView: asLoaded<SavedReplyView<Date>>,
  }),
  referenceController({
    path: 'day-transfers',
    table: T.dayTransfers,
    createDto: CreateDayTransferDto,
    updateDto: UpdateDayTransferDto,
    toView: asLoaded<DayTransferView<Date>>,
  }),
];
