import { randomBytes } from 'node:crypto';
import { Not, type DataSource, type DeepPartial, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { hashPassword, type Role } from '@app/domain';
import {
  CalendarEntity,
  CategoryEntity,
  DepartmentEntity,
  DistrictEntity,
  PageEntity,
  SavedReplyEntity,
  SlaPolicyEntity,
  TicketEntity,
  TicketEventEntity,
  TicketReplyEntity,
  UserEntity,
} from '@app/database';
import {
  ADMIN_NAME,
  CALENDAR,
  CATEGORIES,
  CHANNEL_LABELS,
  DEPARTMENTS,
  DISTRICTS,
  GOVERNOR_OFFICE_NAME,
  PAGES,
  SAVED_REPLIES,
  SLA_POLICIES,
} from './seed-data.js';
import { seedHistory } from './seed-history.js';
import { planTickets, required, type ReferenceRows } from './ticket-plan.js';

export interface SeedOptions {
  /** Password of every demo account. */
  password: string;
  /** Give each demo account a random password of its own instead (returned once in `logins`), as production requires. */
  randomPasswords?: boolean;
  /** The seed's "today": tickets fall in the 60 days before it, and their history runs up to it (unset: up to the moment it is done). */
  now?: Date;
  /** How many tickets to create when the tickets table is empty (default 200). */
  tickets?: number;
}

export type SeedTable =
  'districts' | 'departments' | 'categories' | 'pages' | 'users' | 'calendars' | 'slaPolicies' | 'savedReplies' | 'tickets' | 'ticketEvents' | 'ticketReplies';

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
 * table, two months of tickets lived through the real services (seed-history.ts). Safe to run
 * again: reference rows are matched by their natural keys and brought back to the demo values, and
 * tickets are never added twice. The history commits write by write, as the services do: one
 * interrupted halfway stays as far as it got (start again on a fresh database).
 */
export async function seed(dataSource: DataSource, options: SeedOptions): Promise<SeedSummary> {
  const now = options.now?.getTime() ?? Date.now();
  const ticketCount = options.tickets ?? 200;
  // scrypt costs ~50 ms a hash and every demo account shares the password: hash it once.
  const passwordHash = options.randomPasswords ? null : await hashPassword(options.password);
  return dataSource.transaction(async (lock) => {
    // Two seeds started together (a demo script and a developer) run one after the other. This
    // transaction only holds the lock: the reference data and the history commit on connections of
    // their own, where the services see them.
    await lock.query(`SELECT pg_advisory_xact_lock(hashtext('tynda:seed'))`);
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
    const reference = await dataSource.transaction((m) => seedReference(m, passwordHash, created));
    const ticketsAlreadyPresent = await dataSource.getRepository(TicketEntity).exists();
    if (!ticketsAlreadyPresent && ticketCount > 0) {
      // Without a fixed `now` the history runs up to the moment it ends, so nothing falls due between.
      await seedHistory(databaseUrl(dataSource), reference, planTickets(reference, now, ticketCount), () => options.now?.getTime() ?? Date.now());
      created.tickets = await dataSource.getRepository(TicketEntity).count();
      created.ticketEvents = await dataSource.getRepository(TicketEventEntity).count();
      created.ticketReplies = await dataSource.getRepository(TicketReplyEntity).count();
    }
    return { created, ticketsAlreadyPresent, logins: reference.logins };
  });
}

/** The history runs the services in a context of their own, on the same database. */
function databaseUrl(dataSource: DataSource): string {
  const url = dataSource.options.type === 'postgres' ? dataSource.options.url : undefined;
  if (!url) throw new Error('the seed needs a data source opened from a database URL');
  return url;
}

// ---------------------------------------------------------------------------------------------
// Reference data

async function seedReference(
  m: EntityManager,
  passwordHash: string | null,
  created: Record<SeedTable, number>,
): Promise<ReferenceRows & { logins: SeedLogin[] }> {
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
        ...d.staff.map((fullName, i) => ({
          email: `staff${i + 1}.${d.code}@tynda.kz`,
          role: 'department_staff' as const,
          fullName,
          districtIds: [],
          departmentId,
        })),
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
  const calendarId = required(
    byKey(calendars.rows, (c) => c.name),
    CALENDAR.name,
  ).id;
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
  created.savedReplies = (
    await upsertBy(
      m,
      SavedReplyEntity,
      (r) => String(r.code),
      SAVED_REPLIES.map((r) => ({ ...r })),
    )
  ).created;

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
