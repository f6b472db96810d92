import { randomBytes, randomUUID } from 'node:crypto';
import { Not, type DataSource, type DeepPartial, type EntityManager, type EntityTarget, type ObjectLiteral, type QueryDeepPartialEntity } from 'typeorm';
import {
  BusinessCalendar,
  FINAL_STATUSES,
  RESOLVED_STATUSES,
  ROUND_THE_CLOCK,
  assertTransition,
  detectLanguage,
  formatTicketReference,
  hashPassword,
  levelTwoAt,
  pickPolicy,
  slaSchedule,
  slaState,
  type Channel,
  type Language,
  type Priority,
  type Role,
  type SlaSchedule,
  type TicketCriteria,
  type TicketStatus,
  type WorkingClock,
} from '@app/domain';
import {
  CalendarEntity,
  CategoryEntity,
  DepartmentEntity,
  DistrictEntity,
  NotificationEntity,
  PageEntity,
  SavedReplyEntity,
  SlaPolicyEntity,
  TicketEntity,
  TicketEventEntity,
  TicketReplyEntity,
  UserEntity,
  type NotificationKind,
  type ReplyDeliveryStatus,
  type TicketEventType,
} from '../entities/index.js';
import type { SlaStep } from '../repositories/sla.repository.js';
import {
  ADMIN_NAME,
  CALENDAR,
  CATEGORIES,
  CHANNEL_LABELS,
  DEPARTMENTS,
  DISTRICTS,
  DUPLICATE_LEADS,
  GOVERNOR_OFFICE_NAME,
  PAGES,
  REPLY_TEMPLATES,
  RESIDENT_NAMES,
  SAVED_REPLIES,
  SLA_POLICIES,
  STATUS_NOTES,
  TICKET_TEXTS,
  type TicketTextSeed,
} from './seed-data.js';

export interface SeedOptions {
  /** Password of every demo account. */
  password: string;
  /** Give each demo account a random password of its own instead (returned once in `logins`), as production requires. */
  randomPasswords?: boolean;
  /** The seed's "today": tickets fall in the 60 days before it. */
  now?: Date;
  /** How many tickets to create when the tickets table is empty (default 200). */
  tickets?: number;
}

export type SeedTable =
  | 'districts'
  | 'departments'
  | 'categories'
  | 'pages'
  | 'users'
  | 'calendars'
  | 'slaPolicies'
  | 'savedReplies'
  | 'tickets'
  | 'ticketEvents'
  | 'ticketReplies';

export interface SeedLogin {
  email: string;
  role: Role;
  fullName: string;
  /** Only with `randomPasswords`: this account's password, which is stored nowhere else but as a hash. */
  password?: string;
}

export interface SeedSummary {
  /** Rows this run inserted, per table; existing reference rows are updated in place, not counted. */
  created: Record<SeedTable, number>;
  /** The tickets table already had rows, so no tickets, events or replies were added. */
  ticketsAlreadyPresent: boolean;
  logins: SeedLogin[];
}

/**
 * Loads the Zhambyl demo: reference data, staff accounts, SLA policies and, on an empty tickets
 * table, two months of tickets with their timelines. Safe to run again: reference rows are matched
 * by their natural keys and brought back to the demo values, and tickets are never added twice.
 */
export async function seed(dataSource: DataSource, options: SeedOptions): Promise<SeedSummary> {
  const now = (options.now ?? new Date()).getTime();
  const ticketCount = options.tickets ?? 200;
  // scrypt costs ~50 ms a hash and every demo account shares the password: hash it once.
  const passwordHash = options.randomPasswords ? null : await hashPassword(options.password);
  return dataSource.transaction(async (m) => {
    // Two seeds started together (a demo script and a developer) run one after the other.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('tynda:seed'))`);
    const created: Record<SeedTable, number> = {
      districts: 0,
      departments: 0,
      categories: 0,
      pages: 0,
      users: 0,
      calendars: 0,
      slaPolicies: 0,
      savedReplies: 0,
      tickets: 0,
      ticketEvents: 0,
      ticketReplies: 0,
    };
    const reference = await seedReference(m, passwordHash, created);
    const ticketsAlreadyPresent = await m.getRepository(TicketEntity).exists();
    if (!ticketsAlreadyPresent) await seedTickets(m, reference, ticketCount, now, created);
    return { created, ticketsAlreadyPresent, logins: reference.logins };
  });
}

// ---------------------------------------------------------------------------------------------
// Reference data

/** The seeded rows the ticket planner needs, keyed by code unless said otherwise. */
interface ReferenceRows {
  districts: Map<string, DistrictEntity>;
  categories: Map<string, CategoryEntity>;
  /** Keyed `${channel}:${districtCode}`. */
  pages: Map<string, PageEntity>;
  /** Keyed by district code. */
  pressSecretaries: Map<string, UserEntity>;
  /** Keyed by department id, as tickets carry it. */
  heads: Map<string, UserEntity>;
  /** Keyed by department id. */
  staff: Map<string, UserEntity[]>;
  logins: SeedLogin[];
}

async function seedReference(m: EntityManager, passwordHash: string | null, created: Record<SeedTable, number>): Promise<ReferenceRows> {
  const coded = ({ code, nameKk, nameRu }: { code: string; nameKk: string; nameRu: string }) => ({ code, nameKk, nameRu });

  const districts = await upsertBy(m, DistrictEntity, (d) => String(d.code), DISTRICTS.map(coded));
  const departments = await upsertBy(m, DepartmentEntity, (d) => String(d.code), DEPARTMENTS.map(coded));
  const districtByCode = byKey(districts.rows, (d) => d.code);
  const departmentByCode = byKey(departments.rows, (d) => d.code);

  const categories = await upsertBy(
    m,
    CategoryEntity,
    (c) => String(c.code),
    CATEGORIES.map((c) => ({
      ...coded(c),
      departmentId: c.departmentCode ? required(departmentByCode, c.departmentCode).id : null,
      keywords: [...c.keywords],
      exclusions: [...(c.exclusions ?? [])],
    })),
  );

  const pages = await upsertBy(
    m,
    PageEntity,
    (p) => `${p.channel}:${p.externalId}`,
    PAGES.map((p) => ({
      channel: p.channel,
      externalId: p.externalId,
      districtId: required(districtByCode, p.districtCode).id,
      departmentId: null,
      title: `${required(districtByCode, p.districtCode).nameKk} әкімдігі / ${CHANNEL_LABELS[p.channel]}`,
    })),
  );

  const people: Array<SeedLogin & { districtIds: string[]; departmentId: string | null }> = [
    { email: 'admin@tynda.kz', role: 'admin', fullName: ADMIN_NAME, districtIds: [], departmentId: null },
    { email: 'governor@tynda.kz', role: 'governor_office', fullName: GOVERNOR_OFFICE_NAME, districtIds: [], departmentId: null },
    ...DISTRICTS.map((d) => ({
      email: `press.${d.code}@tynda.kz`,
      role: 'press_secretary' as const,
      fullName: d.pressSecretary,
      districtIds: [required(districtByCode, d.code).id],
      departmentId: null,
    })),
    ...DEPARTMENTS.flatMap((d) => {
      const departmentId = required(departmentByCode, d.code).id;
      return [
        { email: `head.${d.code}@tynda.kz`, role: 'department_head' as const, fullName: d.head, districtIds: [], departmentId },
        ...d.staff.map((fullName, i) => ({ email: `staff${i + 1}.${d.code}@tynda.kz`, role: 'department_staff' as const, fullName, districtIds: [], departmentId })),
      ];
    }),
  ];
  // Random passwords (production): 18 bytes each, hashed one by one; shown once by the caller.
  const accounts = await Promise.all(
    people.map(async (p) => {
      const password = passwordHash ? undefined : randomBytes(18).toString('base64url');
      return { ...p, password, passwordHash: passwordHash ?? (await hashPassword(password!)) };
    }),
  );
  // Printed logins must work, so an existing demo account gets the demo password back.
  const users = await upsertBy(
    m,
    UserEntity,
    (u) => String(u.email).toLowerCase(),
    accounts.map(({ password: _, ...p }) => ({ ...p, active: true })),
  );

  const calendars = await upsertBy(m, CalendarEntity, (c) => String(c.name), [
    { ...CALENDAR, holidays: [...CALENDAR.holidays], exceptions: [...CALENDAR.exceptions] },
  ]);
  const calendarId = required(byKey(calendars.rows, (c) => c.name), CALENDAR.name).id;
  // Only one policy may be the default (a unique index): the demo's default takes the role over.
  const defaultPolicy = SLA_POLICIES.find((p) => p.isDefault);
  if (defaultPolicy) await m.update(SlaPolicyEntity, { isDefault: true, name: Not(defaultPolicy.name) }, { isDefault: false });
  const policies = await upsertBy(
    m,
    SlaPolicyEntity,
    (p) => String(p.name),
    SLA_POLICIES.map((p) => ({ ...p, categoryCode: null, channel: null, calendarId, warningRatio: 0.8 })),
  );

  created.districts = districts.created;
  created.departments = departments.created;
  created.categories = categories.created;
  created.pages = pages.created;
  created.users = users.created;
  created.calendars = calendars.created;
  created.slaPolicies = policies.created;
  created.savedReplies = (await upsertBy(m, SavedReplyEntity, (r) => String(r.code), SAVED_REPLIES.map((r) => ({ ...r })))).created;

  const pageKey = new Map(PAGES.map((p) => [`${p.channel}:${p.externalId}`, `${p.channel}:${p.districtCode}`]));
  const userByEmail = byKey(users.rows, (u) => u.email.toLowerCase());
  const staff = new Map<string, UserEntity[]>();
  for (const d of DEPARTMENTS) {
    const id = required(departmentByCode, d.code).id;
    staff.set(
      id,
      d.staff.map((_, i) => required(userByEmail, `staff${i + 1}.${d.code}@tynda.kz`)),
    );
  }
  return {
    districts: districtByCode,
    categories: byKey(categories.rows, (c) => c.code),
    pages: new Map(pages.rows.map((p) => [required(pageKey, `${p.channel}:${p.externalId}`), p])),
    pressSecretaries: new Map(DISTRICTS.map((d) => [d.code, required(userByEmail, `press.${d.code}@tynda.kz`)])),
    heads: new Map(DEPARTMENTS.map((d) => [required(departmentByCode, d.code).id, required(userByEmail, `head.${d.code}@tynda.kz`)])),
    staff,
    logins: accounts.map(({ email, role, fullName, password }) => ({ email, role, fullName, ...(password ? { password } : {}) })),
  };
}

/**
 * Inserts the rows whose key is not in the table yet and updates the others in place (a save of
 * an unchanged row writes nothing). Reference tables are small, so they are read whole.
 */
async function upsertBy<E extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<E>,
  keyOf: (row: NoInfer<DeepPartial<E>>) => string,
  wanted: Array<NoInfer<DeepPartial<E>>>,
): Promise<{ rows: E[]; created: number }> {
  const repo = m.getRepository(entity);
  const existing = new Map((await repo.find()).map((row) => [keyOf(row), row]));
  const rows: E[] = [];
  let created = 0;
  for (const values of wanted) {
    const found = existing.get(keyOf(values));
    if (!found) created++;
    rows.push(await repo.save(found ? repo.merge(found, values) : repo.create(values)));
  }
  return { rows, created };
}

function byKey<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T> {
  return new Map(rows.map((row) => [keyOf(row), row]));
}

function required<T>(map: ReadonlyMap<string, T>, key: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`seed data is inconsistent: nothing for '${key}'`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Tickets

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const WINDOW = 60 * DAY;
// Kazakhstan has been on UTC+5 all year since March 2024; office and posting hours are local.
const ALMATY_OFFSET = 5 * HOUR;
/** Fixed PRNG seed: every run builds the same tickets (relative to `now`). */
const PRNG_SEED = 0x7a4d2026;
/** Rows per INSERT; tickets have ~30 columns, well under PostgreSQL's 65,535 parameters. */
const CHUNK = 500;

const STATUS_SHARE: Readonly<Record<TicketStatus, number>> = {
  new: 0.1,
  triaged: 0.07,
  assigned: 0.09,
  in_progress: 0.14,
  awaiting_resident: 0.06,
  resolved: 0.12,
  closed: 0.25,
  reopened: 0.04,
  rejected: 0.07,
  merged: 0.06,
};

type PrimaryStatus = Exclude<TicketStatus, 'merged'>;

/** How old (in days) a ticket that ended in each status can be; merged duplicates follow their parent. */
const AGE_DAYS: Readonly<Record<PrimaryStatus, readonly [number, number]>> = {
  new: [0.02, 3],
  triaged: [0.2, 5],
  assigned: [0.5, 10],
  in_progress: [1, 25],
  awaiting_resident: [2, 30],
  resolved: [3, 45],
  closed: [6, 58],
  reopened: [6, 55],
  rejected: [0.5, 58],
};

// Most resident feedback arrives as comments under the akims' Facebook posts.
const CHANNEL_SHARE: Readonly<Record<Channel, number>> = { facebook: 50, instagram: 15, telegram: 8, vk: 5, manual: 12, open311: 10 };
const PRIORITY_SHARE: Readonly<Record<Priority, number>> = { normal: 88, high: 6, low: 4, urgent: 2 };
const REPLY_CHANCE: Readonly<Record<TicketStatus, number>> = {
  new: 0,
  triaged: 0.3,
  assigned: 0.7,
  in_progress: 0.9,
  awaiting_resident: 1,
  resolved: 0.95,
  closed: 0.95,
  reopened: 1,
  rejected: 0.7,
  merged: 0.5,
};
/**
 * The share of acknowledgements that wait one to three days in a backlog. Evenings and weekends do
 * not count against the one-working-day target, so this leaves 25-35 % of answers late: the SLA
 * pages then show both sides.
 */
const LATE_REPLY_SHARE = 0.6;
const WITH_ASSIGNEE: ReadonlySet<TicketStatus> = new Set(['assigned', 'in_progress', 'awaiting_resident', 'resolved', 'closed', 'reopened']);
const SOCIAL: ReadonlySet<Channel> = new Set(['facebook', 'instagram', 'telegram', 'vk']);

interface Resident {
  name: string;
  facebookId: string;
  instagramId: string;
  telegramId: string;
  vkId: string;
  phone: string;
}

interface PlannedStep {
  status: TicketStatus;
  at: number;
  actorId: string | null;
  automatic: boolean;
}

type ReplyKind = keyof typeof REPLY_TEMPLATES;

interface PlannedReply {
  id: string;
  at: number;
  authorId: string;
  kind: ReplyKind;
  /** Picks one of the kind's templates. */
  variant: number;
}

interface TicketPlan {
  id: string;
  status: TicketStatus;
  source: TicketTextSeed;
  text: string;
  language: Language;
  channel: Channel;
  page: PageEntity | null;
  districtId: string | null;
  locality: string | null;
  category: CategoryEntity | null;
  priority: Priority;
  resident: Resident;
  externalId: string | null;
  authorPhone: string | null;
  assignee: UserEntity | null;
  receivedAt: number;
  /** The first step is the creation (`new`), the last one the current status. */
  steps: PlannedStep[];
  reply: PlannedReply | null;
  parent: TicketPlan | null;
}

async function seedTickets(m: EntityManager, ref: ReferenceRows, count: number, now: number, created: Record<SeedTable, number>): Promise<void> {
  const plans = new TicketPlanner(ref, now).plan(count);
  plans.sort((a, b) => a.steps[0]!.at - b.steps[0]!.at);
  const sla = await slaContext(m);
  const notices = new Notices(now);

  // References follow creation order, as they would have been handed out.
  const sequence = (await m.query(`SELECT nextval('ticket_reference_seq') AS n FROM generate_series(1, $1) ORDER BY n`, [plans.length])) as Array<{ n: string }>;
  const references = new Map(plans.map((p, i) => [p.id, formatTicketReference(Number(sequence[i]!.n), new Date(p.steps[0]!.at))]));

  const tickets: Array<QueryDeepPartialEntity<TicketEntity>> = [];
  const events: EventRow[] = [];
  const replies: Array<QueryDeepPartialEntity<TicketReplyEntity>> = [];
  for (const p of plans) {
    const reference = required(references, p.id);
    const at = (status: TicketStatus) => p.steps.findLast((s) => s.status === status)?.at;
    const resolvedAt = RESOLVED_STATUSES.includes(p.status) ? at('resolved') : undefined;
    const closedAt = p.status === 'closed' ? at('closed') : undefined;
    const replay = replaySla(p, sla, now);
    const lastAt = Math.max(p.steps.at(-1)!.at, p.reply?.at ?? 0, replay.steps.at(-1)?.at ?? 0);
    tickets.push({
      id: p.id,
      reference,
      channel: p.channel,
      externalId: p.externalId,
      pageId: p.page?.id ?? null,
      districtId: p.districtId,
      locality: p.locality,
      categoryCode: p.category?.code ?? null,
      departmentId: p.category?.departmentId ?? null,
      assigneeId: p.assignee?.id ?? null,
      priority: p.priority,
      status: p.status,
      authorName: p.resident.name,
      authorExternalId: authorExternalId(p.channel, p.resident),
      authorPhone: p.authorPhone,
      text: p.text,
      language: p.language,
      receivedAt: new Date(p.receivedAt),
      createdAt: new Date(p.steps[0]!.at),
      updatedAt: new Date(lastAt),
      firstResponseAt: p.reply ? new Date(p.reply.at) : null,
      resolvedAt: resolvedAt === undefined ? null : new Date(resolvedAt),
      closedAt: closedAt === undefined ? null : new Date(closedAt),
      parentTicketId: p.parent?.id ?? null,
      ...replay.fields,
      // Every write after the creation bumps the version, as the API and the SLA engine do.
      version: p.steps.length + (p.reply ? 1 : 0) + replay.steps.length,
    });

    for (const [i, step] of p.steps.entries()) {
      const { type, payload } = stepEvent(p, step, references);
      events.push({ ticketId: p.id, type, actorId: step.actorId, fromStatus: i === 0 ? null : p.steps[i - 1]!.status, toStatus: step.status, payload, createdAt: new Date(step.at) });
      // The parent's timeline shows what was merged into it, without a status change.
      if (step.status === 'merged' && p.parent) {
        events.push({
          ticketId: p.parent.id,
          type: 'ticket.merged',
          actorId: step.actorId,
          fromStatus: null,
          toStatus: null,
          payload: { mergedTicketId: p.id, mergedReference: reference },
          createdAt: new Date(step.at),
        });
      }
    }

    if (p.reply) {
      replies.push({
        id: p.reply.id,
        ticketId: p.id,
        authorId: p.reply.authorId,
        body: replyBody(p, reference, p.parent ? required(references, p.parent.id) : ''),
        visibility: 'public',
        deliveryStatus: (SOCIAL.has(p.channel) ? 'delivered' : 'not_applicable') satisfies ReplyDeliveryStatus,
        createdAt: new Date(p.reply.at),
      });
      events.push({
        ticketId: p.id,
        type: 'ticket.replied',
        actorId: p.reply.authorId,
        fromStatus: null,
        toStatus: null,
        payload: { replyId: p.reply.id, visibility: 'public', firstResponse: true },
        createdAt: new Date(p.reply.at),
      });
    }

    for (const step of replay.steps) {
      const { kind, clock } = SLA_STEP_EFFECT[step.step];
      events.push({
        ticketId: p.id,
        type: kind,
        actorId: null,
        fromStatus: null,
        toStatus: null,
        // Shaped as SlaRepository.takeDueSteps writes it, nulls included.
        payload: { step: step.step, clock, dueAt: new Date(step.dueAt).toISOString(), assigneeId: step.assigneeId, escalationLevel: step.escalationLevel },
        createdAt: new Date(step.eventAt),
      });
      for (const user of recipients(sla.users, stepAudience(kind, step.assigneeId, step.departmentId, p.districtId))) notices.add(user.id, p.id, kind, step.step, step.at);
    }
  }
  // Event ids are the timeline's order: insert in time order so ids and created_at agree.
  events.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  await insertChunked(m, TicketEntity, tickets);
  // Saved rather than inserted: a save hands the ids back (assignment notifications name their event),
  // and its typing accepts the nulls the SLA payloads keep.
  const saved = await m.getRepository(TicketEventEntity).save(events, { chunk: CHUNK });
  await insertChunked(m, TicketReplyEntity, replies);
  for (const e of saved) {
    const assigneeId = e.type === 'ticket.assigned' ? e.payload.assigneeId : undefined;
    if (typeof assigneeId === 'string') notices.add(assigneeId, e.ticketId, 'ticket.assigned', `assigned:${e.id}`, e.createdAt.getTime());
  }
  await insertChunked(m, NotificationEntity, notices.rows);
  created.tickets = tickets.length;
  created.ticketEvents = events.length;
  created.ticketReplies = replies.length;
}

type EventPayload = Record<string, string | number | boolean | null>;

type EventRow = Omit<TicketEventEntity, 'id' | 'payload'> & { payload: EventPayload };

/** The timeline event of one step, shaped as the API's own writes shape it (unknown values left out). */
function stepEvent(p: TicketPlan, step: PlannedStep, references: ReadonlyMap<string, string>): { type: TicketEventType; payload: EventPayload } {
  const note = (key: keyof typeof STATUS_NOTES) => ({ note: STATUS_NOTES[key][p.language === 'kk' ? 'kk' : 'ru'] });
  const departmentId = p.category?.departmentId;
  switch (step.status) {
    case 'new':
      return { type: 'ticket.created', payload: { channel: p.channel } };
    case 'triaged':
      return { type: 'ticket.triaged', payload: known({ categoryCode: p.category?.code, departmentId, priority: p.priority }) };
    case 'assigned':
      return { type: 'ticket.assigned', payload: known({ assigneeId: p.assignee?.id, departmentId, automatic: step.automatic }) };
    case 'merged': {
      const parentId = p.parent?.id ?? '';
      return { type: 'ticket.merged', payload: { intoTicketId: parentId, intoReference: required(references, parentId) } };
    }
    case 'awaiting_resident':
    case 'reopened':
      return { type: 'ticket.status_changed', payload: note(step.status) };
    case 'rejected':
      return { type: 'ticket.status_changed', payload: note(p.source.rejection ?? 'off_topic') };
    default:
      return { type: 'ticket.status_changed', payload: {} };
  }
}

/** A JSON payload without the values that are not known (a rejected comment has no department). */
function known(values: Record<string, string | number | boolean | null | undefined>): EventPayload {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string | number | boolean] => entry[1] != null));
}

async function insertChunked<E extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<E>, rows: Array<QueryDeepPartialEntity<E>>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await m.insert(entity, rows.slice(i, i + CHUNK));
}

function authorExternalId(channel: Channel, resident: Resident): string | null {
  switch (channel) {
    case 'facebook':
      return resident.facebookId;
    case 'instagram':
      return resident.instagramId;
    case 'telegram':
      return resident.telegramId;
    case 'vk':
      return resident.vkId;
    case 'manual':
    case 'open311':
      return null;
  }
}

function replyBody(p: TicketPlan, reference: string, parentReference: string): string {
  const { kind, variant } = p.reply!;
  const fill = (lang: 'kk' | 'ru') =>
    REPLY_TEMPLATES[kind][lang][variant % REPLY_TEMPLATES[kind][lang].length]!
      .replaceAll('{reference}', reference)
      .replaceAll('{parentReference}', parentReference)
      .replaceAll('{name}', p.resident.name.split(' ')[0]!);
  if (p.language === 'kk') return fill('kk');
  if (p.language === 'mixed') return `${fill('kk')}\n\n${fill('ru')}`;
  return fill('ru');
}

// ---------------------------------------------------------------------------------------------
// SLA: the seeded history replayed through the engine's rules, as if it had been running all along

type SlaNotificationKind = 'sla.warning' | 'sla.breached' | 'sla.escalated';

/** What each step records and who hears of it (SlaRepository's STEP_SQL); the event type is the kind. */
const SLA_STEP_EFFECT: Readonly<Record<SlaStep, { kind: SlaNotificationKind; clock: 'first_response' | 'resolution' | null }>> = {
  'first_response.warning': { kind: 'sla.warning', clock: 'first_response' },
  'resolution.warning': { kind: 'sla.warning', clock: 'resolution' },
  'first_response.breach': { kind: 'sla.breached', clock: 'first_response' },
  'resolution.breach': { kind: 'sla.breached', clock: 'resolution' },
  level_two: { kind: 'sla.escalated', clock: null },
};
/** The order in which the engine takes steps due at the same moment (SLA_STEPS). */
const SLA_STEP_ORDER = Object.keys(SLA_STEP_EFFECT) as SlaStep[];
/** How long after a step its event is written: never at the instant of the change it follows. */
const ENGINE_LAG = 1.5 * SECOND;

interface SlaContext {
  policies: SlaPolicyEntity[];
  /** Keyed by calendar id. */
  clocks: Map<string, WorkingClock>;
  /** Active users: who the engine can notify. */
  users: UserEntity[];
}

interface ReplayedStep {
  step: SlaStep;
  /** When the engine took the step: the ticket's columns and the notifications carry this instant. */
  at: number;
  /** When its event was written, a moment later. */
  eventAt: number;
  /** When the step was due (a warning's instant, a clock's due instant, level two's), as the event names it. */
  dueAt: number;
  assigneeId: string | null;
  departmentId: string | null;
  /** The ticket's level once the step is taken. */
  escalationLevel: number;
}

type SlaFields = Pick<
  TicketEntity,
  | 'slaPolicyId'
  | 'firstResponseDueAt'
  | 'resolutionDueAt'
  | 'firstResponseWarningAt'
  | 'resolutionWarningAt'
  | 'slaPausedSeconds'
  | 'slaPausedSince'
  | 'firstResponseWarnedAt'
  | 'resolutionWarnedAt'
  | 'firstResponseBreachedAt'
  | 'resolutionBreachedAt'
  | 'escalationLevel'
  | 'levelTwoDueAt'
  | 'escalatedAt'
  | 'slaState'
  | 'firstResponseBusinessSeconds'
>;

/** Policies, clocks and users as the live engine reads them: every row, not only the seeded ones. */
async function slaContext(m: EntityManager): Promise<SlaContext> {
  const calendars = await m.getRepository(CalendarEntity).find();
  return {
    policies: await m.getRepository(SlaPolicyEntity).find(),
    clocks: new Map(calendars.map((c) => [c.id, new BusinessCalendar({ timeZone: c.timeZone, workingHours: c.workingHours, holidays: c.holidays, exceptions: c.exceptions })])),
    users: await m.getRepository(UserEntity).findBy({ active: true }),
  };
}

function policyClock(sla: SlaContext, criteria: TicketCriteria): { policy: SlaPolicyEntity; clock: WorkingClock } {
  const policy = pickPolicy(sla.policies, criteria);
  if (!policy) throw new Error('seed data is inconsistent: no SLA policy matches and none is the default');
  return { policy, clock: (policy.calendarId ? sla.clocks.get(policy.calendarId) : undefined) ?? ROUND_THE_CLOCK };
}

/**
 * The ticket's SLA columns and the steps taken, from its planned history: at every change the
 * clock is settled as SlaService.settle does (a pause adds its working time on resume, a reopen the
 * time spent resolved, triage may bring another policy), and between changes every step that falls
 * due while the clock runs is taken at that instant, under the conditions of SlaRepository's STEP_SQL.
 */
function replaySla(p: TicketPlan, sla: SlaContext, now: number): { fields: SlaFields; steps: ReplayedStep[] } {
  const receivedAt = new Date(p.receivedAt);
  // Intake leaves no category and a normal priority; triage (or a rejection or merge) sets them.
  const classifiedAt = p.steps[1]?.at ?? Infinity;
  const assignedAt = p.steps.find((s) => s.status === 'assigned')?.at ?? Infinity;
  let { policy, clock } = policyClock(sla, { categoryCode: null, priority: 'normal', channel: p.channel });
  let status: TicketStatus = 'new';
  let paused = 0;
  let pausedSince: number | null = null;
  let firstResponseAt: number | null = null;
  let firstResponseBusinessSeconds: number | null = null;
  let resolvedAt: number | null = null;
  let schedule: SlaSchedule = slaSchedule(clock, policy, receivedAt, paused);
  let timed = { policyId: policy.id, paused };
  // When each step was taken (a breach: the due instant it records), null until it is.
  const done: Record<'firstWarned' | 'resolutionWarned' | 'firstBreached' | 'resolutionBreached' | 'levelTwoDue' | 'escalated', number | null> = {
    firstWarned: null,
    resolutionWarned: null,
    firstBreached: null,
    resolutionBreached: null,
    levelTwoDue: null,
    escalated: null,
  };
  let level = 0;
  const steps: ReplayedStep[] = [];

  /** When the step falls due, or null while it cannot happen. */
  const instantOf = (step: SlaStep): number | null => {
    const firstOpen = firstResponseAt === null && done.firstBreached === null;
    const resolutionOpen = resolvedAt === null && done.resolutionBreached === null;
    switch (step) {
      case 'first_response.warning':
        return firstOpen && done.firstWarned === null ? schedule.firstResponseWarningAt.getTime() : null;
      case 'resolution.warning':
        return resolutionOpen && done.resolutionWarned === null ? schedule.resolutionWarningAt.getTime() : null;
      case 'first_response.breach':
        return firstOpen ? schedule.firstResponseDueAt.getTime() : null;
      case 'resolution.breach':
        return resolutionOpen ? schedule.resolutionDueAt.getTime() : null;
      case 'level_two': {
        // Only while a breached clock is still unmet.
        const unmet = (done.firstBreached !== null && firstResponseAt === null) || (done.resolutionBreached !== null && resolvedAt === null);
        return level === 1 && unmet ? done.levelTwoDue : null;
      }
    }
  };

  /** Takes a step due at `dueAt` at the instant `at` (later when it fell due while the clock stood). */
  const take = (step: SlaStep, dueAt: number, at: number, before: number): void => {
    if (step === 'level_two') {
      level = 2;
      done.escalated = at;
    } else if (step.endsWith('.warning')) {
      done[step === 'first_response.warning' ? 'firstWarned' : 'resolutionWarned'] = at;
    } else {
      // A breach is dated at the due instant itself, and sets the level-two instant once.
      done[step === 'first_response.breach' ? 'firstBreached' : 'resolutionBreached'] = dueAt;
      level = Math.max(level, 1);
      done.levelTwoDue ??= levelTwoAt(clock, new Date(dueAt), policy.escalateAfter)?.getTime() ?? null;
    }
    steps.push({
      step,
      at,
      eventAt: Math.min(at + ENGINE_LAG, (at + before) / 2),
      dueAt,
      assigneeId: at >= assignedAt ? (p.assignee?.id ?? null) : null,
      departmentId: at >= classifiedAt ? (p.category?.departmentId ?? null) : null,
      escalationLevel: level,
    });
  };

  /** Takes, in order, the steps that fall due in [from, before) while the clock runs; one already overdue is taken at `from`. */
  const run = (from: number, before: number): void => {
    if (FINAL_STATUSES.includes(status) || pausedSince !== null) return;
    for (;;) {
      let next: { step: SlaStep; dueAt: number; at: number } | null = null;
      for (const step of SLA_STEP_ORDER) {
        const dueAt = instantOf(step);
        if (dueAt === null) continue;
        const at = Math.max(dueAt, from);
        if (at < before && (!next || at < next.at)) next = { step, dueAt, at };
      }
      if (!next) return;
      take(next.step, next.dueAt, next.at, before);
    }
  };

  const settle = (to: TicketStatus, at: number, classifies: boolean): void => {
    if (classifies) ({ policy, clock } = policyClock(sla, { categoryCode: p.category?.code ?? null, priority: p.priority, channel: p.channel }));
    if (status === 'awaiting_resident' && to !== 'awaiting_resident') {
      paused += clock.workingSecondsBetween(new Date(pausedSince ?? at), new Date(at));
      pausedSince = null;
    }
    if (status !== 'awaiting_resident' && to === 'awaiting_resident') pausedSince = at;
    if (to === 'reopened' && resolvedAt !== null) paused += clock.workingSecondsBetween(new Date(resolvedAt), new Date(at));
    resolvedAt = to === 'resolved' ? at : to === 'reopened' ? null : resolvedAt;
    status = to;
    paused = Math.round(paused);
    // Re-timing with the same policy and pause gives the same instants; business-calendar arithmetic is most of the seed's time.
    if (policy.id !== timed.policyId || paused !== timed.paused) {
      schedule = slaSchedule(clock, policy, receivedAt, paused);
      timed = { policyId: policy.id, paused };
    }
  };

  const changes = [
    ...p.steps.slice(1).map((step, i) => ({ at: step.at, apply: () => settle(step.status, step.at, i === 0) })),
    ...(p.reply
      ? [{ at: p.reply.at, apply: () => ((firstResponseAt = p.reply!.at), (firstResponseBusinessSeconds = Math.round(clock.workingSecondsBetween(receivedAt, new Date(p.reply!.at))))) }]
      : []),
  ].sort((a, b) => a.at - b.at);
  let cursor = p.steps[0]!.at;
  for (const change of changes) {
    run(cursor, change.at);
    change.apply();
    cursor = change.at;
  }
  run(cursor, now);

  const date = (t: number | null): Date | null => (t === null ? null : new Date(t));
  const firstResponseBreachedAt = date(done.firstBreached);
  const resolutionBreachedAt = date(done.resolutionBreached);
  return {
    fields: {
      slaPolicyId: policy.id,
      ...schedule,
      slaPausedSeconds: paused,
      slaPausedSince: date(pausedSince),
      firstResponseWarnedAt: date(done.firstWarned),
      resolutionWarnedAt: date(done.resolutionWarned),
      firstResponseBreachedAt,
      resolutionBreachedAt,
      escalationLevel: level,
      levelTwoDueAt: date(done.levelTwoDue),
      escalatedAt: date(done.escalated),
      firstResponseBusinessSeconds,
      slaState: slaState({
        paused: pausedSince !== null,
        stopped: FINAL_STATUSES.includes(status),
        firstResponseAt: date(firstResponseAt),
        resolvedAt: date(resolvedAt),
        firstResponseBreachedAt,
        resolutionBreachedAt,
        warned: (done.firstWarned !== null && firstResponseAt === null) || (done.resolutionWarned !== null && resolvedAt === null),
      }),
    },
    steps,
  };
}

interface Audience {
  assigneeId?: string | null;
  departmentHeadsOf?: string | null;
  pressOf?: string | null;
  governorOffice?: boolean;
}

/** Who hears of a step (the engine's `who`): a warning whoever holds the ticket, a breach its heads and press, level two the governor's office. */
function stepAudience(kind: SlaNotificationKind, assigneeId: string | null, departmentId: string | null, districtId: string | null): Audience {
  if (kind === 'sla.warning') return assigneeId ? { assigneeId } : { pressOf: districtId };
  if (kind === 'sla.breached') return { departmentHeadsOf: departmentId, pressOf: districtId };
  return { governorOffice: true };
}

/** The active users an audience names, as the engine selects them. */
function recipients(users: readonly UserEntity[], who: Audience): UserEntity[] {
  return users.filter(
    (u) =>
      u.id === who.assigneeId ||
      (u.role === 'department_head' && who.departmentHeadsOf != null && u.departmentId === who.departmentHeadsOf) ||
      (u.role === 'press_secretary' && who.pressOf !== undefined && (who.pressOf === null || u.districtIds.includes(who.pressOf))) ||
      (u.role === 'governor_office' && who.governorOffice === true),
  );
}

/** Notifications as the steps sent them; older ones have mostly been read, the last two days' wait. */
class Notices {
  readonly rows: Array<QueryDeepPartialEntity<NotificationEntity>> = [];
  // Its own sequence, so notifications do not shift the tickets' draws.
  private readonly rng = mulberry32(PRNG_SEED + 1);

  constructor(private readonly now: number) {}

  add(userId: string, ticketId: string, kind: NotificationKind, step: string, at: number): void {
    // Drawn either way, so the PRNG sequence (hence the data) does not depend on `now`.
    const readAfter = logBetween(this.rng, 5 * MINUTE, 6 * HOUR);
    const reads = this.rng() < 0.85;
    const readAt = reads && at < this.now - 2 * DAY ? new Date(at + readAfter) : null;
    this.rows.push({ userId, ticketId, kind, step, createdAt: new Date(at), readAt });
  }
}

/** Builds ticket plans: who wrote what, where, on which channel, and what happened to it when. */
class TicketPlanner {
  private readonly rng = mulberry32(PRNG_SEED);
  private readonly usedExternalIds = new Set<string>();
  private readonly residents: () => Resident;
  private readonly anyText: () => TicketTextSeed;
  private readonly actionableText: () => TicketTextSeed;
  private readonly rejectableText: () => TicketTextSeed;

  constructor(
    private readonly ref: ReferenceRows,
    private readonly now: number,
  ) {
    this.residents = dealer(
      this.rng,
      RESIDENT_NAMES.map((name) => ({
        name,
        facebookId: this.digits(15, '100'),
        instagramId: this.digits(17, '17'),
        telegramId: this.digits(10, ''),
        vkId: this.digits(9, ''),
        phone: `+7 70${this.digits(1, '')} ${this.digits(3, '')} ${this.digits(2, '')} ${this.digits(2, '')}`,
      })),
    );
    this.anyText = dealer(this.rng, TICKET_TEXTS);
    this.actionableText = dealer(
      this.rng,
      TICKET_TEXTS.filter((t) => !t.rejection),
    );
    this.rejectableText = dealer(
      this.rng,
      TICKET_TEXTS.filter((t) => t.rejection),
    );
  }

  plan(count: number): TicketPlan[] {
    const mix = statusMix(this.rng, count);
    const primaries = mix
      .filter((s): s is PrimaryStatus => s !== 'merged')
      .map((status) => {
        const [minDays, maxDays] = AGE_DAYS[status];
        const source = status === 'new' ? this.anyText() : status === 'rejected' ? this.rejectableText() : this.actionableText();
        const receivedAt = this.postingTime(this.now - between(this.rng, minDays, maxDays) * DAY);
        return this.ticket(status, source, source.text, receivedAt, null);
      });

    // Parents are taken from statuses at least a day old, so the choice does not depend on `now`.
    const parents = primaries.filter((p) => p.category?.departmentId && p.status !== 'merged' && p.status !== 'rejected' && AGE_DAYS[p.status][0] >= 1);
    const duplicates = mix
      .filter((s) => s === 'merged')
      .map(() => {
        // Without an earlier ticket to be a duplicate of (a tiny seed), it simply waits for triage.
        if (!parents.length) {
          const source = this.anyText();
          return this.ticket('new', source, source.text, this.postingTime(this.now - between(this.rng, ...AGE_DAYS.new) * DAY), null);
        }
        const parent = pick(this.rng, parents);
        const nearby = TICKET_TEXTS.filter((t) => t !== parent.source && !t.rejection && t.categoryCode === parent.source.categoryCode && t.districtCode === parent.source.districtCode);
        const source = nearby.length ? pick(this.rng, nearby) : parent.source;
        const text = nearby.length ? source.text : `${pick(this.rng, DUPLICATE_LEADS[parent.language === 'ru' ? 'ru' : 'kk'])} ${source.text}`;
        const received = Math.min(parent.receivedAt + logBetween(this.rng, HOUR, 3 * DAY), this.now - 2 * HOUR);
        const daytime = this.postingTime(received);
        const receivedAt = daytime > parent.steps[0]!.at ? daytime : received;
        return this.ticket('merged', source, text, receivedAt, parent);
      });
    return [...primaries, ...duplicates];
  }

  private ticket(status: TicketStatus, source: TicketTextSeed, text: string, receivedAt: number, parent: TicketPlan | null): TicketPlan {
    const rng = this.rng;
    const path = statusPath(rng, status);
    const channel = weighted(rng, CHANNEL_SHARE);
    const page = SOCIAL.has(channel) ? (this.ref.pages.get(`${channel}:${source.districtCode}`) ?? null) : null;
    const triaged = status !== 'new';
    const category = triaged ? (parent?.category ?? required(this.ref.categories, source.categoryCode)) : null;
    const departmentId = category?.departmentId ?? null;
    const press = required(this.ref.pressSecretaries, source.districtCode);
    const assignee = WITH_ASSIGNEE.has(status) && departmentId ? pick(rng, required(this.ref.staff, departmentId)) : null;
    const resident = this.residents();
    const entered = channel === 'manual' || channel === 'open311';

    const steps: PlannedStep[] = [];
    for (const [i, to] of path.entries()) {
      if (i === 0) {
        steps.push({ status: to, at: receivedAt + createdDelay(rng, channel), actorId: channel === 'manual' ? press.id : null, automatic: true });
        continue;
      }
      const from = path[i - 1]!;
      assertTransition(from, to);
      const automatic = to === 'assigned' && rng() < 0.8;
      const actorId = to === 'assigned' ? (automatic ? null : required(this.ref.heads, departmentId!).id) : isAssigneeStep(to) ? assignee!.id : press.id;
      const after = steps[i - 1]!.at + stepGap(rng, from, to, automatic);
      const at = automatic ? after : onShift(rng, after, actorId === press.id ? PRESS_SHIFT : DEPARTMENT_SHIFT);
      steps.push({ status: to, at, actorId, automatic });
    }

    const plan: TicketPlan = {
      id: randomUUID(),
      status,
      source,
      text,
      language: detectLanguage(text),
      channel,
      page,
      // Until triage only a page says where a comment came from; a private message has no district yet.
      districtId: !triaged && SOCIAL.has(channel) && !page ? null : required(this.ref.districts, source.districtCode).id,
      locality: triaged || entered ? source.locality : null,
      category,
      // Intake leaves `normal`; triage sets the priority of whatever needs acting on.
      priority: triaged && !source.rejection ? (source.priority ?? weighted(rng, PRIORITY_SHARE)) : 'normal',
      resident,
      externalId: this.externalId(channel, page, resident),
      authorPhone: channel === 'manual' || (channel === 'open311' && rng() < 0.5) ? resident.phone : null,
      assignee,
      receivedAt,
      steps,
      reply: null,
      parent,
    };
    plan.reply = this.reply(plan, press);
    // A duplicate stays after its parent's creation, so the parent's timeline can record the merge.
    this.fitBeforeNow(plan, parent ? parent.steps[0]!.at : this.now - WINDOW);
    return plan;
  }

  /** The first public answer: by the press secretary after triage, or by the assignee once assigned. */
  private reply(p: TicketPlan, press: UserEntity): PlannedReply | null {
    const rng = this.rng;
    if (p.source.rejection === 'spam' || rng() >= REPLY_CHANCE[p.status]) return null;
    const kind: ReplyKind = p.status === 'merged' ? 'merged' : p.status === 'rejected' ? (p.source.rejection ?? 'off_topic') : 'acknowledge';
    const last = p.steps.length - 1;
    let anchor = kind === 'acknowledge' ? (p.steps[2]?.status === 'assigned' && rng() < 0.35 ? 2 : 1) : last;
    // Nobody answers in the seconds between a triage and the automatic assignment that follows it.
    while (anchor < last && p.steps[anchor + 1]!.automatic) anchor++;
    const byAssignee = anchor >= 2 && p.assignee !== null && rng() < 0.5;
    // A backlogged answer may come after work on the ticket has started, never after it is resolved.
    const late = rng() < LATE_REPLY_SHARE && kind === 'acknowledge';
    const from = p.steps[anchor]!.at;
    const next = (late ? p.steps.slice(anchor + 1).find((s) => s.status === 'resolved') : p.steps[anchor + 1])?.at ?? Infinity;
    const delay = late ? logBetween(rng, DAY, 3 * DAY) : logBetween(rng, 2 * MINUTE, 6 * HOUR);
    const planned = onShift(rng, from + delay, byAssignee ? DEPARTMENT_SHIFT : PRESS_SHIFT);
    // Drawn either way, so the PRNG sequence (hence the data) does not depend on `now`.
    const squeezed = from + (next - from) * between(rng, 0.2, 0.8);
    return {
      id: randomUUID(),
      at: planned < next ? planned : squeezed,
      authorId: byAssignee ? p.assignee!.id : press.id,
      kind,
      variant: Math.floor(rng() * 1000),
    };
  }

  /**
   * Keeps the whole history in the past. A history that runs past `now` moves back by whole weeks
   * (weekdays and office hours stay as they were) while it stays within the window; otherwise it
   * is compressed towards `receivedAt`.
   */
  private fitBeforeNow(p: TicketPlan, earliest: number): void {
    const latest = this.now - MINUTE;
    const last = Math.max(p.steps.at(-1)!.at, p.reply?.at ?? 0);
    if (last <= latest) return;
    const shift = Math.ceil((last - latest) / WEEK) * WEEK;
    const move =
      p.receivedAt - shift >= earliest
        ? (t: number) => t - shift
        : (t: number) => p.receivedAt + (t - p.receivedAt) * ((latest - p.receivedAt) / (last - p.receivedAt));
    for (const step of p.steps) step.at = move(step.at);
    if (p.reply) p.reply.at = move(p.reply.at);
    p.receivedAt = move(p.receivedAt);
  }

  /** Channel-shaped ids, unique per channel: a Facebook `post_comment`, a Telegram `chat:message`, ... */
  private externalId(channel: Channel, page: PageEntity | null, resident: Resident): string | null {
    if (channel === 'manual') return null;
    for (;;) {
      const id = {
        facebook: () => `${this.digits(16, '')}_${this.digits(16, '')}`,
        instagram: () => this.digits(17, '178'),
        telegram: () => `${page?.externalId ?? resident.telegramId}:${this.digits(5, '')}`,
        vk: () => `${page ? `-${page.externalId}` : resident.vkId}_${this.digits(5, '')}`,
        open311: () => this.digits(6, ''),
      }[channel]();
      if (!this.usedExternalIds.has(`${channel}:${id}`)) {
        this.usedExternalIds.add(`${channel}:${id}`);
        return id;
      }
    }
  }

  /** Residents write between 07:00 and midnight: a night-time draw moves to a daytime hour of that day. */
  private postingTime(t: number): number {
    const sinceMidnight = (t + ALMATY_OFFSET) % DAY;
    // Drawn either way, so the PRNG sequence (hence the data) does not depend on `now`.
    const daytime = t - sinceMidnight + between(this.rng, 7 * HOUR, DAY);
    if (sinceMidnight >= 7 * HOUR) return t;
    return daytime < this.now - 10 * MINUTE ? daytime : daytime - DAY;
  }

  /** `prefix` followed by random digits up to `length`, never starting with 0, like the channels' numeric ids. */
  private digits(length: number, prefix: string): string {
    let out = prefix;
    while (out.length < length) out += String(out.length === 0 ? 1 + Math.floor(this.rng() * 9) : Math.floor(this.rng() * 10));
    return out;
  }
}

/** The statuses of `count` tickets in the STATUS_SHARE proportions (largest remainder), shuffled. */
function statusMix(rng: Rng, count: number): TicketStatus[] {
  const entries = Object.entries(STATUS_SHARE) as Array<[TicketStatus, number]>;
  const counts = entries.map(([status, share]) => ({ status, n: Math.floor(share * count), rest: share * count - Math.floor(share * count) }));
  let missing = count - counts.reduce((sum, c) => sum + c.n, 0);
  for (const c of [...counts].sort((a, b) => b.rest - a.rest)) {
    if (missing-- <= 0) break;
    c.n++;
  }
  return shuffle(rng, counts.flatMap((c) => Array.from({ length: c.n }, () => c.status)));
}

/** A plausible route through the state machine to `final` (every step is checked against TRANSITIONS). */
function statusPath(rng: Rng, final: TicketStatus): TicketStatus[] {
  const intake: TicketStatus[] = ['new', 'triaged', 'assigned'];
  const work = (): TicketStatus[] => {
    const r = rng();
    if (r < 0.6) return [...intake, 'in_progress'];
    if (r < 0.75) return [...intake, 'in_progress', 'awaiting_resident', 'in_progress'];
    if (r < 0.85) return [...intake, 'awaiting_resident'];
    return intake;
  };
  switch (final) {
    case 'new':
      return ['new'];
    case 'triaged':
      return ['new', 'triaged'];
    case 'assigned':
      return intake;
    case 'in_progress':
      return [...intake, 'in_progress'];
    case 'awaiting_resident':
      return rng() < 0.5 ? [...intake, 'awaiting_resident'] : [...intake, 'in_progress', 'awaiting_resident'];
    case 'resolved':
      return [...work(), 'resolved'];
    case 'closed':
      return [...work(), 'resolved', 'closed'];
    case 'reopened':
      return rng() < 0.6 ? [...work(), 'resolved', 'reopened'] : [...work(), 'resolved', 'closed', 'reopened'];
    case 'rejected':
      return rng() < 0.6 ? ['new', 'rejected'] : ['new', 'triaged', 'rejected'];
    case 'merged':
      return rng() < 0.5 ? ['new', 'merged'] : ['new', 'triaged', 'merged'];
  }
}

function isAssigneeStep(status: TicketStatus): boolean {
  return status === 'in_progress' || status === 'awaiting_resident' || status === 'resolved';
}

/** Intake lag: a webhook lands in seconds, an operator types a phone call in within minutes. */
function createdDelay(rng: Rng, channel: Channel): number {
  if (channel === 'manual') return logBetween(rng, 2 * MINUTE, 20 * MINUTE);
  if (channel === 'open311') return logBetween(rng, SECOND, 20 * SECOND);
  return logBetween(rng, 3 * SECOND, 3 * MINUTE);
}

function stepGap(rng: Rng, from: TicketStatus, to: TicketStatus, automatic: boolean): number {
  switch (to) {
    case 'new':
      throw new Error(`'new' is only the first step, not a move from '${from}'`);
    case 'triaged':
      return logBetween(rng, 5 * MINUTE, 8 * HOUR);
    case 'assigned':
      return automatic ? logBetween(rng, 3 * SECOND, 90 * SECOND) : logBetween(rng, 20 * MINUTE, DAY);
    case 'in_progress':
      return logBetween(rng, 30 * MINUTE, 3 * DAY);
    case 'awaiting_resident':
      return logBetween(rng, HOUR, 2 * DAY);
    case 'resolved':
      return logBetween(rng, 4 * HOUR, 10 * DAY);
    case 'closed':
      return logBetween(rng, DAY, 5 * DAY);
    case 'reopened':
      return logBetween(rng, DAY, 7 * DAY);
    case 'rejected':
    case 'merged':
      return logBetween(rng, 10 * MINUTE, DAY);
  }
}

interface Shift {
  /** Minutes after local midnight. */
  from: number;
  to: number;
  weekends: boolean;
}

// Press services watch the akims' pages every day into the evening; departments keep office hours.
const PRESS_SHIFT: Shift = { from: 8 * 60, to: 21 * 60, weekends: true };
const DEPARTMENT_SHIFT: Shift = { from: 9 * 60, to: 18 * 60 + 30, weekends: false };

/** An action that would fall outside the actor's shift (Almaty time) waits for the next one to start. */
function onShift(rng: Rng, t: number, shift: Shift): number {
  // Drawn either way, so the PRNG sequence (hence the data) does not depend on `now`.
  const delay = between(rng, 0, 90 * MINUTE);
  const local = new Date(t + ALMATY_OFFSET);
  const weekday = local.getUTCDay();
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  const works = (day: number) => shift.weekends || (day % 7 >= 1 && day % 7 <= 5);
  if (works(weekday) && minutes >= shift.from && minutes < shift.to) return t;
  const midnight = t - ((t + ALMATY_OFFSET) % DAY);
  let days = works(weekday) && minutes < shift.from ? 0 : 1;
  while (!works(weekday + days)) days++;
  return midnight + days * DAY + shift.from * MINUTE + delay;
}

type Rng = () => number;

/** mulberry32: a tiny seeded PRNG, good enough for demo data and identical on every platform. */
function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function between(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

/** Waiting times spread over orders of magnitude: minutes are as common as hours and days. */
function logBetween(rng: Rng, min: number, max: number): number {
  return Math.exp(between(rng, Math.log(min), Math.log(max)));
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function weighted<K extends string>(rng: Rng, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as Array<[K, number]>;
  let r = rng() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, w] of entries) {
    r -= w;
    if (r < 0) return key;
  }
  return entries.at(-1)![0];
}

function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Deals items in shuffled rounds, so every one is used before any repeats. */
function dealer<T>(rng: Rng, items: readonly T[]): () => T {
  let deck: T[] = [];
  return () => {
    if (!deck.length) deck = shuffle(rng, items);
    return deck.pop()!;
  };
}
