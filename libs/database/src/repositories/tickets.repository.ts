import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { DomainError, OPEN_ASSIGNED_STATUSES, type Channel, type Language, type SlaState, type TicketScope, type TicketStatus } from '@app/domain';
import { TicketEventEntity } from '../entities/ticket-event.entity.js';
import { TicketReplyEntity } from '../entities/ticket-reply.entity.js';
import { TicketEntity } from '../entities/ticket.entity.js';
import { bulkInsert } from './bulk-insert.js';
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

export interface TicketListItem {
  ticket: TicketEntity;
  /** The category the router suggested at intake, when it was not sure enough to route by itself. */
  suggestedCategoryCode: string | null;
  /** When the first public reply that has not failed was written (before the channel took it, if it is still on its way). */
  publicReplyAt: Date | null;
}

export interface TicketListPage extends Page<TicketListItem> {
  total?: number;
}

const SUGGESTION_SQL = `(SELECT e.payload->>'suggestedCategoryCode' FROM ticket_events e WHERE e.ticket_id = t.id AND e.type = 'ticket.created' ORDER BY e.id LIMIT 1)`;
const PUBLIC_REPLY_SQL = `(SELECT min(r.created_at) FROM ticket_replies r WHERE r.ticket_id = t.id AND r.visibility = 'public' AND r.delivery_status <> 'failed')`;
/** The clock a ticket races: first response until answered, then resolution; none once stopped. */
const RUNNING_DUE_SQL = `(CASE WHEN t.first_response_at IS NULL AND ${PUBLIC_REPLY_SQL} IS NULL THEN t.first_response_due_at WHEN t.resolved_at IS NULL THEN t.resolution_due_at END)`;
/** 0: overdue (its running clock's due instant has passed), 1: the rest. */
const URGENCY_BUCKET_SQL = `(CASE WHEN ${RUNNING_DUE_SQL} < :urgencyNow THEN 0 ELSE 1 END)`;
/** Within the overdue: the earliest due (the most overdue) first; within the rest: the oldest first. */
const URGENCY_AT_SQL = `(CASE WHEN ${RUNNING_DUE_SQL} < :urgencyNow THEN ${RUNNING_DUE_SQL} ELSE t.received_at END)`;

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

export type NewTicketEvent = Pick<TicketEventEntity, 'ticketId' | 'type'> & Partial<Pick<TicketEventEntity, 'actorId' | 'fromStatus' | 'toStatus' | 'payload'>>;

export type AssignableTicket = Pick<TicketEntity, 'id' | 'reference' | 'status' | 'assigneeId' | 'departmentId' | 'districtId' | 'version'>;

export interface AssignmentCandidate {
  userId: string;
  openTickets: number;
}

/** The only place that writes SQL for tickets; every read takes the caller's scope. */
@Injectable()
export class TicketsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * One page of the tickets in scope, with what a list shows beside each ticket: the router's
   * suggestion at intake and the first public reply written (so a queue needs no request per ticket).
   */
  async list(scope: TicketScope, filters: TicketFilters, limit: number, cursor?: string, options: TicketListOptions = {}): Promise<TicketListPage> {
    const qb = this.scoped(this.dataSource.manager, scope);
    if (filters.status?.length) qb.andWhere('t.status IN (:...status)', { status: filters.status });
    if (filters.districtId) qb.andWhere('t.districtId = :districtId', { districtId: filters.districtId });
    if (filters.departmentId) qb.andWhere('t.departmentId = :departmentId', { departmentId: filters.departmentId });
    if (filters.assigneeId) qb.andWhere('t.assigneeId = :assigneeId', { assigneeId: filters.assigneeId });
    if (filters.clusterId) qb.andWhere('t.clusterId = :clusterId', { clusterId: filters.clusterId });
    if (filters.slaState) qb.andWhere('t.slaState = :slaState', { slaState: filters.slaState });
    if (filters.channel) qb.andWhere('t.channel = :channel', { channel: filters.channel });
    if (filters.language) qb.andWhere('t.language = :language', { language: filters.language });
    if (filters.suggestedCategory) qb.andWhere(`${SUGGESTION_SQL} = :suggestedCategory`, { suggestedCategory: filters.suggestedCategory });
    if (filters.q) {
      qb.andWhere(new Brackets((w) => w.where('t.text ILIKE :q').orWhere('t.reference ILIKE :q').orWhere('t.authorName ILIKE :q')), {
        q: `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    if (filters.from) qb.andWhere('t.receivedAt >= :from', { from: filters.from });
    if (filters.to) qb.andWhere('t.receivedAt < :to', { to: filters.to });
    const total = options.count ? await qb.clone().getCount() : undefined;
    qb.addSelect(SUGGESTION_SQL, 'suggested_category_code').addSelect(PUBLIC_REPLY_SQL, 'public_reply_at');

    let toCursor: (row: TicketEntity, raw: Record<string, unknown>) => string;
    if (options.sort === 'urgency') {
      // The first page fixes "now" for every later one (it travels in the cursor), so a ticket that
      // falls overdue while the user pages is neither shown twice nor skipped.
      const pos = cursor ? decodeUrgencyCursor(cursor) : { now: new Date() };
      qb.addSelect(URGENCY_BUCKET_SQL, 'urgency_bucket').addSelect(URGENCY_AT_SQL, 'urgency_at').setParameter('urgencyNow', pos.now);
      if ('id' in pos) qb.andWhere(`(${URGENCY_BUCKET_SQL}, ${URGENCY_AT_SQL}, t.id) > (:cursorBucket, :cursorAt, :cursorId)`, { cursorBucket: pos.bucket, cursorAt: pos.at, cursorId: pos.id });
      qb.orderBy(URGENCY_BUCKET_SQL, 'ASC').addOrderBy(URGENCY_AT_SQL, 'ASC').addOrderBy('t.id', 'ASC');
      toCursor = (row, raw) => encodeUrgencyCursor({ now: pos.now, bucket: Number(raw.urgency_bucket), at: new Date(raw.urgency_at as string | Date), id: row.id });
    } else {
      if (cursor) {
        const pos = decodeCursor(cursor);
        qb.andWhere('(t.createdAt, t.id) < (:at, :id)', { at: pos.createdAt, id: pos.id });
      }
      qb.orderBy('t.createdAt', 'DESC').addOrderBy('t.id', 'DESC');
      toCursor = (row) => encodeCursor(row);
    }
    const { entities, raw } = await qb.limit(limit + 1).getRawAndEntities<Record<string, unknown>>();
    const rawById = new Map(raw.map((r) => [r.t_id as string, r]));
    const items = entities.slice(0, limit).map((ticket) => {
      const r = rawById.get(ticket.id)!;
      return { ticket, suggestedCategoryCode: (r.suggested_category_code as string | null) ?? null, publicReplyAt: r.public_reply_at ? new Date(r.public_reply_at as string | Date) : null };
    });
    const last = items[items.length - 1];
    return { items, nextCursor: entities.length > limit && last ? toCursor(last.ticket, rawById.get(last.ticket.id)!) : null, ...(total === undefined ? {} : { total }) };
  }

  findInScope(scope: TicketScope, id: string): Promise<TicketEntity | null> {
    return this.scoped(this.dataSource.manager, scope).andWhere('t.id = :id', { id }).getOne();
  }

  /** Row-locks the ticket for the rest of the transaction, so concurrent writes queue up. */
  lockInScope(manager: EntityManager, scope: TicketScope, id: string): Promise<TicketEntity | null> {
    return this.scoped(manager, scope).andWhere('t.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  events(ticketId: string): Promise<TicketEventEntity[]> {
    return this.dataSource.getRepository(TicketEventEntity).find({ where: { ticketId }, order: { id: 'ASC' } });
  }

  replies(ticketId: string): Promise<TicketReplyEntity[]> {
    return this.dataSource.getRepository(TicketReplyEntity).find({ where: { ticketId }, order: { createdAt: 'ASC' } });
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

  async nextReferenceNumbers(manager: EntityManager, count: number): Promise<number[]> {
    const rows = (await manager.query(`SELECT nextval('ticket_reference_seq') AS n FROM generate_series(1, $1) ORDER BY n`, [count])) as Array<{ n: string }>;
    return rows.map((r) => Number(r.n));
  }

  /** One multi-row INSERT; the entities, in the order given, carry the generated columns (id, defaults). */
  insertMany(manager: EntityManager, tickets: Array<Partial<TicketEntity>>): Promise<TicketEntity[]> {
    return bulkInsert(manager, TicketEntity, tickets, 'reference');
  }

  /**
   * Locks many tickets for assignment, in id order (two lockers never wait on each other in a
   * cycle), reading only what assignment looks at: it runs for every routed ticket.
   */
  lockForAssignment(manager: EntityManager, ids: string[]): Promise<AssignableTicket[]> {
    return manager.query(
      `SELECT id, reference, status, assignee_id AS "assigneeId", department_id AS "departmentId", district_id AS "districtId", version FROM tickets WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    ) as Promise<AssignableTicket[]>;
  }

  /**
   * Hands many locked tickets over in one statement (assignee, department, status; the version bumps
   * as in `update`). The `ANY` keeps the primary key in use when statistics lag behind a burst.
   */
  async assignMany(manager: EntityManager, rows: Array<{ ticket: Pick<TicketEntity, 'id' | 'version'>; changes: Pick<TicketEntity, 'assigneeId' | 'departmentId' | 'status'> }>): Promise<void> {
    if (!rows.length) return;
    const now = new Date();
    await manager.query(
      `UPDATE tickets t SET assignee_id = x.assignee_id, department_id = x.department_id, status = x.status, version = t.version + 1, updated_at = $5
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]) AS x(id, assignee_id, department_id, status)
        WHERE t.id = x.id AND t.id = ANY($1::uuid[])`,
      [rows.map((r) => r.ticket.id), rows.map((r) => r.changes.assigneeId), rows.map((r) => r.changes.departmentId), rows.map((r) => r.changes.status), now],
    );
    for (const { ticket, changes } of rows) Object.assign(ticket, changes, { version: ticket.version + 1, updatedAt: now });
  }

  /** Writes the changes and bumps the version; the caller holds the row lock. */
  async update(manager: EntityManager, ticket: TicketEntity, changes: Partial<TicketEntity>): Promise<TicketEntity> {
    const next = { ...changes, version: ticket.version + 1, updatedAt: new Date() };
    await manager.getRepository(TicketEntity).update({ id: ticket.id }, next);
    return Object.assign(ticket, next);
  }

  /**
   * Appends events in one statement and returns them as stored, in the order given. Their identity
   * ids are drawn in the order the rows are inserted (ORDER BY the input's position), so sorting the
   * returned rows by id lines them up with the input whatever order RETURNING gives them in.
   */
  async appendEvents(manager: EntityManager, events: NewTicketEvent[]): Promise<TicketEventEntity[]> {
    if (!events.length) return [];
    const rows = (await manager.query(
      `INSERT INTO ticket_events (ticket_id, type, actor_id, from_status, to_status, payload)
       SELECT ticket_id, type, actor_id, from_status, to_status, payload
         FROM json_populate_recordset(NULL::ticket_events, $1::json) WITH ORDINALITY AS e ORDER BY e.ordinality
       RETURNING id, created_at AS "createdAt"`,
      [JSON.stringify(events.map((e) => ({ ticket_id: e.ticketId, type: e.type, actor_id: e.actorId ?? null, from_status: e.fromStatus ?? null, to_status: e.toStatus ?? null, payload: e.payload ?? {} })))],
    )) as Array<{ id: string; createdAt: Date }>;
    // Decimal strings without leading zeros: the shorter is the smaller.
    rows.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : 1));
    return events.map((e, i) =>
      Object.assign(new TicketEventEntity(), { actorId: null, fromStatus: null, toStatus: null, payload: {} }, e, { id: rows[i]!.id, createdAt: rows[i]!.createdAt }),
    );
  }

  /** A public reply written that has not failed (delivered, on its way, or on a channel Tynda does not deliver to). */
  async hasPublicReply(manager: EntityManager, ticketId: string): Promise<boolean> {
    // The resident-verdict question of an earlier resolution (issue 16) asks; it answers nothing.
    const rows = (await manager.query(
      `SELECT 1 FROM ticket_replies r WHERE r.ticket_id = $1 AND r.visibility = 'public' AND r.delivery_status <> 'failed'
          AND NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = $1 AND e.type = 'resident.asked' AND e.payload->>'replyId' = r.id::text)
        LIMIT 1`,
      [ticketId],
    )) as unknown[];
    return rows.length > 0;
  }

  insertReply(manager: EntityManager, reply: Partial<TicketReplyEntity>): Promise<TicketReplyEntity> {
    const repo = manager.getRepository(TicketReplyEntity);
    return repo.save(repo.create(reply));
  }

  /**
   * Active members of a department with their open workload, least loaded first. Staff come before
   * the head at equal load (heads supervise); ties then go to the longest-serving member.
   */
  async assignmentCandidates(manager: EntityManager, departmentId: string): Promise<AssignmentCandidate[]> {
    const rows = (await manager.query(
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
  async lockDepartmentForAssignment(manager: EntityManager, departmentId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('assignment:' || $1))`, [departmentId]);
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
    const qb = manager.getRepository(TicketEntity).createQueryBuilder('t').where('TRUE');
    switch (scope.kind) {
      case 'all':
        return qb;
      case 'districts':
        return qb.andWhere(
          new Brackets((w) => w.where('t.districtId = ANY(:districtIds)', { districtIds: scope.districtIds }).orWhere('t.districtId IS NULL')),
        );
      case 'department':
        return qb.andWhere('t.departmentId = :scopeDepartmentId', { scopeDepartmentId: scope.departmentId });
      case 'assignee':
        return qb.andWhere('t.assigneeId = :scopeUserId', { scopeUserId: scope.userId });
    }
  }
}
