import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { OPEN_ASSIGNED_STATUSES, type SlaState, type TicketScope, type TicketStatus } from '@app/domain';
import { TicketEventEntity } from '../entities/ticket-event.entity.js';
import { TicketReplyEntity } from '../entities/ticket-reply.entity.js';
import { TicketEntity } from '../entities/ticket.entity.js';
import { bulkInsert } from './bulk-insert.js';
import { decodeCursor, toPage, type Page } from './keyset-page.js';

export interface TicketFilters {
  status?: TicketStatus[];
  districtId?: string;
  departmentId?: string;
  assigneeId?: string;
  clusterId?: string;
  slaState?: SlaState;
  q?: string;
  from?: Date;
  to?: Date;
}

export type NewTicketEvent = Pick<TicketEventEntity, 'ticketId' | 'type'> & Partial<Pick<TicketEventEntity, 'actorId' | 'fromStatus' | 'toStatus' | 'payload'>>;

export type AssignableTicket = Pick<TicketEntity, 'id' | 'reference' | 'status' | 'assigneeId' | 'departmentId' | 'version'>;

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

  async list(scope: TicketScope, filters: TicketFilters, limit: number, cursor?: string): Promise<Page<TicketEntity>> {
    const qb = this.scoped(this.dataSource.manager, scope);
    if (filters.status?.length) qb.andWhere('t.status IN (:...status)', { status: filters.status });
    if (filters.districtId) qb.andWhere('t.districtId = :districtId', { districtId: filters.districtId });
    if (filters.departmentId) qb.andWhere('t.departmentId = :departmentId', { departmentId: filters.departmentId });
    if (filters.assigneeId) qb.andWhere('t.assigneeId = :assigneeId', { assigneeId: filters.assigneeId });
    if (filters.clusterId) qb.andWhere('t.clusterId = :clusterId', { clusterId: filters.clusterId });
    if (filters.slaState) qb.andWhere('t.slaState = :slaState', { slaState: filters.slaState });
    if (filters.q) qb.andWhere('t.text ILIKE :q', { q: `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    if (filters.from) qb.andWhere('t.receivedAt >= :from', { from: filters.from });
    if (filters.to) qb.andWhere('t.receivedAt < :to', { to: filters.to });
    if (cursor) {
      const pos = decodeCursor(cursor);
      qb.andWhere('(t.createdAt, t.id) < (:at, :id)', { at: pos.createdAt, id: pos.id });
    }
    const rows = await qb.orderBy('t.createdAt', 'DESC').addOrderBy('t.id', 'DESC').limit(limit + 1).getMany();
    return toPage(rows, limit);
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
      `SELECT id, reference, status, assignee_id AS "assigneeId", department_id AS "departmentId", version FROM tickets WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
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
