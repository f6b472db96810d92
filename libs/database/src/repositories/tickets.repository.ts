import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import {
  Clock,
  DomainError,
  OPEN_ASSIGNED_STATUSES,
  type Channel,
  type Language,
  type SlaState,
  type StoredTicketEventOf,
  type TicketEventOf,
  type TicketScope,
  type TicketStatus,
} from '@app/domain';
import { TicketEventEntity } from '../entities/ticket-event.entity.js';
import { TicketReplyEntity } from '../entities/ticket-reply.entity.js';
import { TicketEntity } from '../entities/ticket.entity.js';
import { UnitOfWork } from '../unit-of-work.js';
import { ReadBatches } from '../read-batches.js';
import { bulkInsert } from './bulk-insert.js';
import { scopeSql } from './domain-sql.js';
import { payloadText } from './event-sql.js';
import { decodeCursor, encodeCursor, type Page } from './keyset-page.js';

export interface TicketFilters {
  status?: TicketStatus[];
  districtId?: string;
  departmentId?: string;
  assigneeId?: string;
  clusterId?: string;
  slaState?: SlaState;
  channel?: Channel;
  language?: Language;
  suggestedCategory?: string;
  q?: string;
  from?: Date;
  to?: Date;
}

export const TICKET_SORTS = ['newest', 'urgency'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export interface TicketListOptions {
  sort?: TicketSort;
  /** Count every match too (`total`): one more query, over the same filters. */
  count?: boolean;
}

/** The columns a ticket's view reads (libs/tickets toTicketView): a list selects these and no more. */
export const TICKET_VIEW_FIELDS = [
  'id',
  'reference',
  'channel',
  'externalId',
  'pageId',
  'districtId',
  'locality',
  'categoryCode',
  'departmentId',
  'assigneeId',
  'priority',
  'status',
  'authorName',
  'authorExternalId',
  'authorPhone',
  'text',
  'language',
  'receivedAt',
  'createdAt',
  'updatedAt',
  'firstResponseAt',
  'undeliveredReplyAt',
  'resolvedAt',
  'closedAt',
  'parentTicketId',
  'clusterId',
  'escalationLevel',
  'slaPolicyId',
  'firstResponseDueAt',
  'resolutionDueAt',
  'firstResponseBreachedAt',
  'resolutionBreachedAt',
  'slaPausedSeconds',
  'slaState',
  'residentConfirmationState',
  'residentConfirmationAskedAt',
  'residentConfirmationAnsweredAt',
  'residentConfirmationDueAt',
  'formalAppealNumber',
  'formalAppealRegisteredAt',
  'formalAppealForwardDueAt',
  'formalAppealDueAt',
  'formalAppealExtendedUntil',
  'formalAppealExtensionReason',
  'formalAppealWarnedAt',
  'formalAppealBreachedAt',
  'formalAppealEscalatedAt',
  'formalAppealAnsweredAt',
  'version',
] as const satisfies ReadonlyArray<keyof TicketEntity>;
export type TicketRow = Pick<TicketEntity, (typeof TICKET_VIEW_FIELDS)[number]>;
/** Plain rows straight from pg, named as the entity's properties: no entity hydration on the hot path. */
const VIEW_COLUMNS = TICKET_VIEW_FIELDS.map((f) => `t.${f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} AS "${f}"`).join(', ');

export interface TicketListItem {
  ticket: TicketRow;
  /** The category the router suggested at intake, when it was not sure enough to route by itself. */
  suggestedCategoryCode: string | null;
  /** When the first public reply that has not failed was written (before the channel took it, if it is still on its way). */
  publicReplyAt: Date | null;
}

/** Discriminated by `type`: each event's payload is its type's (libs/domain ticket-events.ts). */
export type TicketEventRow = StoredTicketEventOf & Pick<TicketEventEntity, 'id' | 'ticketId' | 'actorId' | 'fromStatus' | 'toStatus' | 'createdAt'>;
export type TicketReplyRow = Pick<
  TicketReplyEntity,
  'id' | 'ticketId' | 'authorId' | 'body' | 'visibility' | 'deliveryStatus' | 'externalId' | 'deliveryAttempts' | 'deliveryError' | 'deliveredAt' | 'createdAt'
>;

type ListRow = TicketRow & { suggestedCategoryCode: string | null; publicReplyAt: Date | null; urgencyBucket?: number; urgencyAt?: Date };

export interface TicketListPage extends Page<TicketListItem> {
  total?: number;
  /** With `total`: more tickets match than were counted (the count stops at TICKET_COUNT_CAP). */
  totalCapped?: boolean;
}

/**
 * `count=true` counts at most this many matches: an exact count over a million tickets on every
 * poll of a screen costs more than the page itself, and nobody reads "10,473" differently from "10,000+".
 */
export const TICKET_COUNT_CAP = 10_000;

/** The category the router suggested at intake for the ticket of row `alias`. */
const suggestionOf = (alias: string) =>
  `(SELECT ${payloadText('e', 'ticket.created', 'suggestedCategoryCode')} FROM ticket_events e WHERE e.ticket_id = ${alias}.id AND e.type = 'ticket.created' ORDER BY e.id LIMIT 1)`;
/** The first public reply written that has not failed, for the rows of a page (`publicReplyAt`). */
const PUBLIC_REPLY_JOIN = `LEFT JOIN LATERAL (SELECT min(r.created_at) AS at FROM ticket_replies r WHERE r.ticket_id = t.id AND r.visibility = 'public' AND r.delivery_status <> 'failed') pr ON TRUE`;
/**
 * The clock a ticket races: first response until answered (on the channel, or by a public reply
 * written that has not failed), then resolution; none once stopped. The reply is looked up per
 * ticket, and only for one not answered on the channel (as NOT EXISTS, PostgreSQL hashed every reply).
 */
const RUNNING_DUE_SQL = `(CASE WHEN t.first_response_at IS NULL
   AND (SELECT 1 FROM ticket_replies r WHERE r.ticket_id = t.id AND r.visibility = 'public' AND r.delivery_status <> 'failed' LIMIT 1) IS NULL THEN t.first_response_due_at
   WHEN t.resolved_at IS NULL THEN t.resolution_due_at END)`;

/** A search term shorter than this matches the start of words (see `searchSql` and docs/console.md). */
const SHORT_TERM = 3;
/** The words of a ticket, as the index tickets_words_idx holds them (the expression must stay identical). */
const TICKET_WORDS_SQL = `to_tsvector('simple', t.text || ' ' || t.reference || ' ' || t.author_name)`;

interface UrgencyPosition {
  now: Date;
  bucket: number;
  at: Date;
  id: string;
}

function encodeUrgencyCursor(p: UrgencyPosition): string {
  return Buffer.from(JSON.stringify(['u', p.now.toISOString(), p.bucket, p.at.toISOString(), p.id])).toString('base64url');
}

function decodeUrgencyCursor(cursor: string): UrgencyPosition {
  try {
    const [tag, now, bucket, at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, number, string, string];
    const pos = { now: new Date(now), bucket, at: new Date(at), id };
    const validDate = (d: Date) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999;
    if (tag !== 'u' || !validDate(pos.now) || !validDate(pos.at) || (bucket !== 0 && bucket !== 1) || !UUID.test(id)) throw new Error('bad');
    return pos;
  } catch {
    throw new DomainError('validation', 'cursor is not valid for sort=urgency: pass back the nextCursor of a previous page unchanged');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event to append, before its ticket is named: a type with that type's payload. */
export type TicketEventDraft = TicketEventOf & Partial<Pick<TicketEventEntity, 'actorId' | 'fromStatus' | 'toStatus'>>;
export type NewTicketEvent = TicketEventDraft & Pick<TicketEventEntity, 'ticketId'>;

export type AssignableTicket = Pick<TicketEntity, 'id' | 'reference' | 'status' | 'assigneeId' | 'departmentId' | 'districtId' | 'version'>;

export interface AssignmentCandidate {
  userId: string;
  openTickets: number;
}

/** The only place that writes SQL for tickets; every read takes the caller's scope. */
@Injectable()
export class TicketsRepository {
  /** The ticket pages opened together in one scope, their timelines, their replies: one statement each (see ReadBatches). */
  private readonly views = new ReadBatches<string, TicketRow | null>((scope, ids) => this.viewsInScope(JSON.parse(scope) as TicketScope, ids));
  private readonly eventBatches = new ReadBatches<string, TicketEventRow[]>((_, ids) =>
    this.rowsByTicket(
      `SELECT id, ticket_id AS "ticketId", type, actor_id AS "actorId", from_status AS "fromStatus", to_status AS "toStatus", payload, created_at AS "createdAt"
         FROM ticket_events WHERE ticket_id = ANY($1::uuid[]) ORDER BY id`,
      ids,
    ),
  );
  private readonly replyBatches = new ReadBatches<string, TicketReplyRow[]>((_, ids) =>
    this.rowsByTicket(
      `SELECT id, ticket_id AS "ticketId", author_id AS "authorId", body, visibility, delivery_status AS "deliveryStatus", external_id AS "externalId",
              delivery_attempts AS "deliveryAttempts", delivery_error AS "deliveryError", delivered_at AS "deliveredAt", created_at AS "createdAt"
         FROM ticket_replies WHERE ticket_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      ids,
    ),
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /**
   * One page of the tickets in scope, with what a list shows beside each ticket: the router's
   * suggestion at intake and the first public reply written (so a queue needs no request per ticket).
   * Plain SQL and plain rows: the console polls this, and entity hydration cost more than the query.
   */
  async list(scope: TicketScope, filters: TicketFilters, limit: number, cursor?: string, options: TicketListOptions = {}): Promise<TicketListPage> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = [scopeSql(scope, p)];
    if (filters.status?.length) where.push(`t.status = ANY(${p(filters.status)}::text[])`);
    if (filters.districtId) where.push(`t.district_id = ${p(filters.districtId)}`);
    if (filters.departmentId) where.push(`t.department_id = ${p(filters.departmentId)}`);
    if (filters.assigneeId) where.push(`t.assignee_id = ${p(filters.assigneeId)}`);
    if (filters.clusterId) where.push(`t.cluster_id = ${p(filters.clusterId)}`);
    if (filters.slaState) where.push(`t.sla_state = ${p(filters.slaState)}`);
    if (filters.channel) where.push(`t.channel = ${p(filters.channel)}`);
    if (filters.language) where.push(`t.language = ${p(filters.language)}`);
    if (filters.suggestedCategory) where.push(`${suggestionOf('t')} = ${p(filters.suggestedCategory)}`);
    if (filters.q) where.push(searchSql(filters.q, p));
    if (filters.from) where.push(`t.received_at >= ${p(filters.from)}`);
    if (filters.to) where.push(`t.received_at < ${p(filters.to)}`);
    let counted: Promise<number> | undefined;
    if (options.count) {
      const countParams = [...params, TICKET_COUNT_CAP + 1];
      counted = this.dataSource
        .query(`SELECT count(*)::int AS n FROM (SELECT FROM tickets t WHERE ${where.join(' AND ')} LIMIT $${countParams.length}) m`, countParams)
        .then((rows: Array<{ n: number }>) => rows[0]!.n);
    }

    if (options.sort === 'urgency') return this.urgencyPage(where, params, limit, cursor, counted);
    if (cursor) {
      const pos = decodeCursor(cursor);
      where.push(`(t.created_at, t.id) < (${p(pos.createdAt)}::timestamptz, ${p(pos.id)}::uuid)`);
    }
    const sql = `SELECT x.*, ${suggestionOf('x')} AS "suggestedCategoryCode"
                   FROM (SELECT ${VIEW_COLUMNS}, pr.at AS "publicReplyAt" FROM tickets t ${PUBLIC_REPLY_JOIN}
                          WHERE ${where.join(' AND ')} ORDER BY t.created_at DESC, t.id DESC LIMIT ${limit + 1}) x
                  ORDER BY x."createdAt" DESC, x.id DESC`;
    return this.page(sql, params, limit, encodeCursor, counted);
  }

  /**
   * The triage queue's order. Every match's running clock has to be known to order them, so the
   * matches are ordered on their id and sort keys alone (the reply lookup only for tickets not
   * answered on the channel), and only the page's rows are read whole.
   */
  private urgencyPage(where: string[], params: unknown[], limit: number, cursor: string | undefined, counted?: Promise<number>): Promise<TicketListPage> {
    const p = (v: unknown) => `$${params.push(v)}`;
    // The first page fixes "now" for every later one (it travels in the cursor), so a ticket that
    // falls overdue while the user pages is neither shown twice nor skipped.
    const pos = cursor ? decodeUrgencyCursor(cursor) : { now: new Date() };
    const now = p(pos.now);
    const after = 'id' in pos ? `WHERE (o.bucket, o.at, o.id) > (${p(pos.bucket)}::int, ${p(pos.at)}::timestamptz, ${p(pos.id)}::uuid)` : '';
    // 0: overdue (its running clock's due instant has passed), 1: the rest. Within the overdue, the
    // earliest due (the most overdue) first; within the rest, the oldest first. OFFSET 0 keeps the
    // running clock computed once per ticket rather than once per use.
    const sql = `SELECT ${VIEW_COLUMNS}, pr.at AS "publicReplyAt", o.bucket AS "urgencyBucket", o.at AS "urgencyAt", ${suggestionOf('t')} AS "suggestedCategoryCode"
                   FROM (SELECT o.id, o.bucket, o.at
                           FROM (SELECT k.id, CASE WHEN k.due < ${now} THEN 0 ELSE 1 END AS bucket, CASE WHEN k.due < ${now} THEN k.due ELSE k.received_at END AS at
                                   FROM (SELECT t.id, t.received_at, ${RUNNING_DUE_SQL} AS due FROM tickets t WHERE ${where.join(' AND ')} OFFSET 0) k) o
                          ${after} ORDER BY o.bucket, o.at, o.id LIMIT ${limit + 1}) o
                   JOIN tickets t ON t.id = o.id ${PUBLIC_REPLY_JOIN}
                  ORDER BY o.bucket, o.at, o.id`;
    return this.page(sql, params, limit, (row) => encodeUrgencyCursor({ now: pos.now, bucket: row.urgencyBucket!, at: row.urgencyAt!, id: row.id }), counted);
  }

  /** Runs a list's page query beside its count. */
  private async page(sql: string, params: unknown[], limit: number, toCursor: (row: ListRow) => string, counted?: Promise<number>): Promise<TicketListPage> {
    const [rows, total] = await Promise.all([this.dataSource.query(sql, params) as Promise<ListRow[]>, counted]);
    const items = rows
      .slice(0, limit)
      .map(({ suggestedCategoryCode, publicReplyAt, urgencyBucket: _b, urgencyAt: _a, ...ticket }) => ({ ticket, suggestedCategoryCode, publicReplyAt }));
    const last = rows[limit - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? toCursor(last) : null,
      ...(total === undefined ? {} : { total: Math.min(total, TICKET_COUNT_CAP), totalCapped: total > TICKET_COUNT_CAP }),
    };
  }

  findInScope(scope: TicketScope, id: string): Promise<TicketEntity | null> {
    return this.scoped(this.dataSource.manager, scope).andWhere('t.id = :id', { id }).getOne();
  }

  /** Row-locks the ticket for the rest of the transaction, so concurrent writes queue up. */
  lockInScope(scope: TicketScope, id: string): Promise<TicketEntity | null> {
    return this.scoped(this.uow.manager, scope).andWhere('t.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  /** A ticket as its page shows it, if the scope may read it: one plain row. */
  viewInScope(scope: TicketScope, id: string): Promise<TicketRow | null> {
    return this.views.load(JSON.stringify(scope), id);
  }

  private async viewsInScope(scope: TicketScope, ids: string[]): Promise<Array<TicketRow | null>> {
    const params: unknown[] = [ids];
    const rows = (await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS} FROM tickets t WHERE t.id = ANY($1::uuid[]) AND ${scopeSql(scope, (v) => `$${params.push(v)}`)}`,
      params,
    )) as TicketRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    // PostgreSQL answers a uuid in lower case whatever case it was asked in.
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  /** The ticket's timeline, oldest first (plain rows: the ticket page reads it on every visit). */
  events(ticketId: string): Promise<TicketEventRow[]> {
    return this.eventBatches.load('', ticketId);
  }

  replies(ticketId: string): Promise<TicketReplyRow[]> {
    return this.replyBatches.load('', ticketId);
  }

  /** Runs `sql` (its `$1`: the tickets' ids) and hands each ticket its own rows, in the order read. */
  private async rowsByTicket<R extends { ticketId: string }>(sql: string, ticketIds: string[]): Promise<R[][]> {
    const byTicket = new Map<string, R[]>();
    for (const row of (await this.dataSource.query(sql, [ticketIds])) as R[]) {
      const rows = byTicket.get(row.ticketId);
      if (rows) rows.push(row);
      else byTicket.set(row.ticketId, [row]);
    }
    return ticketIds.map((id) => byTicket.get(id.toLowerCase()) ?? []);
  }

  /** The users who handled a ticket (its assignee, its reply authors, its events' actors): names and roles only. */
  people(ticketId: string): Promise<Array<{ id: string; fullName: string; role: string }>> {
    return this.dataSource.query(
      `SELECT u.id, u.full_name AS "fullName", u.role FROM users u
        WHERE u.id IN (SELECT assignee_id FROM tickets WHERE id = $1
                       UNION SELECT actor_id FROM ticket_events WHERE ticket_id = $1
                       UNION SELECT author_id FROM ticket_replies WHERE ticket_id = $1)
        ORDER BY u.full_name`,
      [ticketId],
    ) as Promise<Array<{ id: string; fullName: string; role: string }>>;
  }

  async nextReferenceNumbers(count: number): Promise<number[]> {
    const rows = (await this.uow.manager.query(`SELECT nextval('ticket_reference_seq') AS n FROM generate_series(1, $1) ORDER BY n`, [count])) as Array<{
      n: string;
    }>;
    return rows.map((r) => Number(r.n));
  }

  /** One multi-row INSERT; the entities, in the order given, carry the generated columns (id, defaults). */
  insertMany(tickets: Array<Partial<TicketEntity>>): Promise<TicketEntity[]> {
    return bulkInsert(this.uow.manager, TicketEntity, tickets, 'reference');
  }

  /**
   * Locks many tickets for assignment, in id order (two lockers never wait on each other in a
   * cycle), reading only what assignment looks at: it runs for every routed ticket.
   */
  lockForAssignment(ids: string[]): Promise<AssignableTicket[]> {
    return this.uow.manager.query(
      `SELECT id, reference, status, assignee_id AS "assigneeId", department_id AS "departmentId", district_id AS "districtId", version FROM tickets WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    ) as Promise<AssignableTicket[]>;
  }

  /**
   * Hands many locked tickets over in one statement (assignee, department, status; the version bumps
   * as in `update`). The `ANY` keeps the primary key in use when statistics lag behind a burst.
   */
  async assignMany(
    rows: Array<{ ticket: Pick<TicketEntity, 'id' | 'version'>; changes: Pick<TicketEntity, 'assigneeId' | 'departmentId' | 'status'> }>,
  ): Promise<void> {
    if (!rows.length) return;
    const now = this.clock.now();
    await this.uow.manager.query(
      `UPDATE tickets t SET assignee_id = x.assignee_id, department_id = x.department_id, status = x.status, version = t.version + 1, updated_at = $5
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]) AS x(id, assignee_id, department_id, status)
        WHERE t.id = x.id AND t.id = ANY($1::uuid[])`,
      [rows.map((r) => r.ticket.id), rows.map((r) => r.changes.assigneeId), rows.map((r) => r.changes.departmentId), rows.map((r) => r.changes.status), now],
    );
    for (const { ticket, changes } of rows) Object.assign(ticket, changes, { version: ticket.version + 1, updatedAt: now });
  }

  /** Writes the changes and bumps the version; the caller holds the row lock. */
  async update(ticket: TicketEntity, changes: Partial<TicketEntity>): Promise<TicketEntity> {
    const next = { ...changes, version: ticket.version + 1, updatedAt: this.clock.now() };
    await this.uow.manager.getRepository(TicketEntity).update({ id: ticket.id }, next);
    return Object.assign(ticket, next);
  }

  /**
   * Appends events in one statement and returns them as stored, in the order given. Their identity
   * ids are drawn in the order the rows are inserted (ORDER BY the input's position), so sorting the
   * returned rows by id lines them up with the input whatever order RETURNING gives them in.
   */
  async appendEvents(events: NewTicketEvent[]): Promise<TicketEventEntity[]> {
    if (!events.length) return [];
    const rows = (await this.uow.manager.query(
      `INSERT INTO ticket_events (ticket_id, type, actor_id, from_status, to_status, payload, created_at)
       SELECT ticket_id, type, actor_id, from_status, to_status, payload, $2::timestamptz
         FROM json_populate_recordset(NULL::ticket_events, $1::json) WITH ORDINALITY AS e ORDER BY e.ordinality
       RETURNING id, created_at AS "createdAt"`,
      [
        JSON.stringify(
          events.map((e) => ({
            ticket_id: e.ticketId,
            type: e.type,
            actor_id: e.actorId ?? null,
            from_status: e.fromStatus ?? null,
            to_status: e.toStatus ?? null,
            payload: e.payload ?? {},
          })),
        ),
        this.clock.now(),
      ],
    )) as Array<{ id: string; createdAt: Date }>;
    // Decimal strings without leading zeros: the shorter is the smaller.
    rows.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : 1));
    return events.map((e, i) =>
      Object.assign(new TicketEventEntity(), { actorId: null, fromStatus: null, toStatus: null, payload: {} }, e, {
        id: rows[i]!.id,
        createdAt: rows[i]!.createdAt,
      }),
    );
  }

  /** A public reply written that has not failed (delivered, on its way, or on a channel Tynda does not deliver to). */
  async hasPublicReply(ticketId: string): Promise<boolean> {
    // The resident-verdict question of an earlier resolution (issue 16) asks; it answers nothing.
    const rows = (await this.uow.manager.query(
      `SELECT 1 FROM ticket_replies r WHERE r.ticket_id = $1 AND r.visibility = 'public' AND r.delivery_status <> 'failed'
          AND NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = $1 AND e.type = 'resident.asked' AND ${payloadText('e', 'resident.asked', 'replyId')} = r.id::text)
        LIMIT 1`,
      [ticketId],
    )) as unknown[];
    return rows.length > 0;
  }

  insertReply(reply: Partial<TicketReplyEntity>): Promise<TicketReplyEntity> {
    const repo = this.uow.manager.getRepository(TicketReplyEntity);
    return repo.save(repo.create({ createdAt: this.clock.now(), ...reply }));
  }

  /**
   * Active members of a department with their open workload, least loaded first. Staff come before
   * the head at equal load (heads supervise); ties then go to the longest-serving member.
   */
  async assignmentCandidates(departmentId: string): Promise<AssignmentCandidate[]> {
    const rows = (await this.uow.manager.query(
      `SELECT u.id AS "userId", count(t.id)::int AS "openTickets"
         FROM users u
         LEFT JOIN tickets t ON t.assignee_id = u.id AND t.status = ANY($2)
        WHERE u.department_id = $1 AND u.active AND u.role IN ('department_staff', 'department_head')
        GROUP BY u.id
        ORDER BY count(t.id), (u.role = 'department_head'), u.created_at, u.id`,
      [departmentId, OPEN_ASSIGNED_STATUSES],
    )) as AssignmentCandidate[];
    return rows;
  }

  /** Serialises automatic assignment per department so two jobs cannot both pick the same "least loaded" member. */
  async lockDepartmentForAssignment(departmentId: string): Promise<void> {
    await this.uow.manager.query(`SELECT pg_advisory_xact_lock(hashtext('assignment:' || $1))`, [departmentId]);
  }

  /**
   * Sets level-two instants (SLA escalation) that are still unset. A row another worker holds is
   * skipped, not waited for: that worker is setting the same instant (two waiting on each other's
   * rows deadlock).
   */
  async setLevelTwo(instants: Array<{ ticketId: string; at: Date }>): Promise<void> {
    if (!instants.length) return;
    await this.dataSource.query(
      `UPDATE tickets t SET level_two_due_at = x.at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS x(id, at)
        WHERE t.id = x.id
          AND t.id IN (SELECT id FROM tickets WHERE id = ANY($1::uuid[]) AND level_two_due_at IS NULL FOR UPDATE SKIP LOCKED)`,
      [instants.map((i) => i.ticketId), instants.map((i) => i.at)],
    );
  }

  /** Puts tickets into a cluster (or takes them out, with null). */
  async setCluster(ticketIds: readonly string[], clusterId: string | null): Promise<void> {
    await this.uow.manager.query(`UPDATE tickets SET cluster_id = $2 WHERE id = ANY($1::uuid[])`, [ticketIds, clusterId]);
  }

  /** The ticket's resident has heard nothing (a public reply failed for good): flagged until a reply of it is delivered. */
  async flagUndeliveredReply(ticketId: string, at: Date): Promise<void> {
    await this.uow.manager.query(`UPDATE tickets SET undelivered_reply_at = $2 WHERE id = $1 AND undelivered_reply_at IS NULL`, [ticketId, at]);
  }

  /** Triaged tickets with a department and nobody assigned: the assignment sweep re-enqueues them. */
  async awaitingAssignment(olderThan: Date, limit: number): Promise<Array<Pick<TicketEntity, 'id' | 'version'>>> {
    return this.dataSource
      .getRepository(TicketEntity)
      .createQueryBuilder('t')
      .select(['t.id', 't.version'])
      .where(`t.status = 'triaged'`)
      .andWhere('t.departmentId IS NOT NULL')
      .andWhere('t.assigneeId IS NULL')
      .andWhere('t.updatedAt < :olderThan', { olderThan })
      .orderBy('t.updatedAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  private scoped(manager: EntityManager, scope: TicketScope): SelectQueryBuilder<TicketEntity> {
    const qb = manager.getRepository(TicketEntity).createQueryBuilder('t');
    const bind = (value: unknown) => {
      qb.setParameter('scopeValue', value);
      return ':scopeValue';
    };
    return qb.where(scopeSql(scope, bind));
  }
}

/**
 * Words in the text, the reference or the author's name. Three characters or more (or anything but
 * letters and digits): anywhere, as a substring (ILIKE, served by the trigram indexes). One or two
 * letters or digits: the start of a word, through the `simple` text-search index (a trigram index
 * cannot find them, and reading every ticket for them took seconds); the substring test first only
 * rejects cheaply, since a word that begins with the term contains it.
 */
function searchSql(q: string, p: (value: unknown) => string): string {
  const term = q.trim();
  const like = (text: string) => {
    const pattern = p(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return `(t.text ILIKE ${pattern} OR t.reference ILIKE ${pattern} OR t.author_name ILIKE ${pattern})`;
  };
  if ([...term].length >= SHORT_TERM || !/^[\p{L}\p{N}]+$/u.test(term)) return like(q);
  return `(${like(term)} AND ${TICKET_WORDS_SQL} @@ to_tsquery('simple', ${p(`${term}:*`)}))`;
}
