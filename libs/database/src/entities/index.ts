import { CalendarEntity } from './calendar.entity.js';
import { CategoryEntity } from './category.entity.js';
import { ClusterEntity } from './cluster.entity.js';
import { DepartmentEntity } from './department.entity.js';
import { DistrictEntity } from './district.entity.js';
import { InboxDeliveryEntity } from './inbox-delivery.entity.js';
import { DayTransferEntity, HolidayRuleEntity } from './national-calendar.entity.js';
import { NotificationEntity } from './notification.entity.js';
import { PageEntity } from './page.entity.js';
import { SavedReplyEntity } from './saved-reply.entity.js';
import { SlaPolicyEntity } from './sla-policy.entity.js';
import { TicketEventEntity } from './ticket-event.entity.js';
import { TicketReplyEntity } from './ticket-reply.entity.js';
import { TicketEntity } from './ticket.entity.js';
import { UserEntity } from './user.entity.js';

export * from './base.js';
export * from './calendar.entity.js';
export * from './category.entity.js';
export * from './cluster.entity.js';
export * from './department.entity.js';
export * from './district.entity.js';
export * from './inbox-delivery.entity.js';
export * from './national-calendar.entity.js';
export * from './notification.entity.js';
export * from './page.entity.js';
export * from './saved-reply.entity.js';
export * from './sla-policy.entity.js';
export * from './ticket-event.entity.js';
export * from './ticket-reply.entity.js';
export * from './ticket.entity.js';
export * from './user.entity.js';

export const ENTITIES = [
  DistrictEntity,
  DepartmentEntity,
  CategoryEntity,
  PageEntity,
  UserEntity,
  CalendarEntity,
  HolidayRuleEntity,
  DayTransferEntity,
  SlaPolicyEntity,
  TicketEntity,
  TicketEventEntity,
  TicketReplyEntity,
  NotificationEntity,
  InboxDeliveryEntity,
  ClusterEntity,
  SavedReplyEntity,
];
