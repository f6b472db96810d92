import type { CalendarDefinition, Channel, ConnectionState, Priority } from '@app/domain';

// The reference tables (GET /districts, /categories, /sla-policies, ...). Most answer their rows as
// stored, so these are the tables' columns; users (users.ts) and pages have views of their own.

/** What every reference row has. */
export interface ReferenceRowView<I = string> {
  id: string;
  createdAt: I;
  updatedAt: I;
}

/** A row addressed by a stable code and named in both official languages: a district, a department. */
export interface CodedView<I = string> extends ReferenceRowView<I> {
  code: string;
  nameKk: string;
  nameRu: string;
}

export type DistrictView<I = string> = CodedView<I>;
export type DepartmentView<I = string> = CodedView<I>;

export interface CategoryView<I = string> extends CodedView<I> {
  departmentId: string | null;
  /** Word stems that route a resident's text to the category. */
  keywords: string[];
  /** Phrases whose words never count for it. */
  exclusions: string[];
}

/** A page of a channel (not a page of a list): whether it holds credentials and how its connection stands, never the credentials. */
export interface PageView<I = string> extends ReferenceRowView<I> {
  channel: Channel;
  externalId: string;
  districtId: string | null;
  departmentId: string | null;
  title: string;
  hasCredentials: boolean;
  connection: { state: ConnectionState; checkedAt: I | null; message: string | null };
  reconciliation: { recoveredComments: number; lastRunAt: I | null };
}

/** An answer template in both official languages. */
export interface SavedReplyView<I = string> extends ReferenceRowView<I> {
  code: string;
  title: string;
  bodyKk: string;
  bodyRu: string;
  categoryCode: string | null;
}

export interface SlaPolicyView<I = string> extends ReferenceRowView<I> {
  name: string;
  categoryCode: string | null;
  priority: Priority | null;
  channel: Channel | null;
  /** ISO-8601 durations (PT8H). */
  firstResponse: string;
  resolution: string;
  /** null: the 24x7 clock. */
  calendarId: string | null;
  warningRatio: number;
  escalateAfter: string | null;
  isDefault: boolean;
}

/** A business calendar; its days are ISO dates (a day, not an instant). */
export interface CalendarView<I = string> extends ReferenceRowView<I>, CalendarDefinition {
  name: string;
}

/** A national holiday: a fixed month and day, or its dates, valid over a period. */
export interface HolidayRuleView<I = string> extends ReferenceRowView<I> {
  nameKk: string;
  nameRu: string;
  month: number | null;
  day: number | null;
  dates: string[];
  validFrom: string | null;
  validUntil: string | null;
  carriedOver: boolean;
}

/** A working day or day off set by a Government decree. */
export interface DayTransferView<I = string> extends ReferenceRowView<I> {
  date: string;
  working: boolean;
  decree: string;
}
