import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { Clock, notFound } from '@app/domain';
import { NotificationEntity, type NotificationKind } from '../entities/notification.entity.js';
import { UnitOfWork } from '../unit-of-work.js';
import { decodeCursor, toPage, type Page } from './keyset-page.js';

export type NotificationListRow = Pick<NotificationEntity, 'id' | 'kind' | 'ticketId' | 'step' | 'createdAt' | 'readAt'> & { ticketReference: string | null };

@Injectable()
export class NotificationsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** One page of the user's notifications with each ticket's reference, in one statement (the console polls it). */
  async listFor(userId: string, limit: number, cursor?: string, unreadOnly = false): Promise<Page<NotificationListRow>> {
    const params: unknown[] = [userId];
    const where = ['n.user_id = $1'];
    if (unreadOnly) where.push('n.read_at IS NULL');
    if (cursor) {
      const pos = decodeCursor(cursor);
      where.push(`(n.created_at, n.id) < ($${params.push(pos.createdAt)}::timestamptz, $${params.push(pos.id)}::uuid)`);
    }
    const rows = (await this.dataSource.query(
      `SELECT n.id, n.kind, n.ticket_id AS "ticketId", t.reference AS "ticketReference", n.step, n.created_at AS "createdAt", n.read_at AS "readAt"
         FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id
        WHERE ${where.join(' AND ')} ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit + 1}`,
      params,
    )) as NotificationListRow[];
    return toPage(rows, limit);
  }

  /** The references of the notified tickets, for people who read "ZHM-2026-000123" rather than an id. */
  async ticketReferences(ticketIds: string[]): Promise<Map<string, string>> {
    const rows = (await this.dataSource.query(`SELECT id, reference FROM tickets WHERE id = ANY($1::uuid[])`, [ticketIds])) as Array<{
      id: string;
      reference: string;
    }>;
    return new Map(rows.map((r) => [r.id, r.reference]));
  }

  /** Marks one of the user's own notifications read (idempotent); another user's answers 404. */
  async markRead(userId: string, id: string): Promise<NotificationEntity> {
    const repo = this.dataSource.getRepository(NotificationEntity);
    await repo.update({ id, userId, readAt: IsNull() }, { readAt: this.clock.now() });
    const row = await repo.findOneBy({ id, userId });
    if (!row) throw notFound('notification', id);
    return row;
  }

  /** Marks all the user's unread notifications read; returns how many there were. */
  async markAllRead(userId: string): Promise<number> {
    const result = await this.dataSource.getRepository(NotificationEntity).update({ userId, readAt: IsNull() }, { readAt: this.clock.now() });
    return result.affected ?? 0;
  }

  findById(id: string): Promise<NotificationEntity | null> {
    return this.dataSource.getRepository(NotificationEntity).findOneBy({ id });
  }

  /** One notification per recipient per step: a repeated step inserts nothing. Returns the new ids. */
  async notify(userIds: string[], ticketId: string, kind: NotificationKind, step: string): Promise<string[]> {
    return this.notifyEach(userIds.map((userId) => ({ userId, ticketId, kind, step })));
  }

  /** Many notifications in one statement; a (user, ticket, step) already notified is skipped. */
  async notifyEach(rows: Array<Pick<NotificationEntity, 'userId' | 'ticketId' | 'kind' | 'step'>>): Promise<string[]> {
    if (!rows.length) return [];
    const inserted = (await this.uow.manager.query(
      `INSERT INTO notifications (user_id, ticket_id, kind, step, created_at) SELECT *, $5::timestamptz FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[])
       ON CONFLICT DO NOTHING RETURNING id`,
      [rows.map((r) => r.userId), rows.map((r) => r.ticketId), rows.map((r) => r.kind), rows.map((r) => r.step), this.clock.now()],
    )) as Array<{ id: string }>;
    return inserted.map((r) => r.id);
  }
}
