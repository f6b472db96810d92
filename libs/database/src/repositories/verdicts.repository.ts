import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, type Channel } from '@app/domain';
import { TicketEntity } from '../entities/ticket.entity.js';
import { UnitOfWork } from '../unit-of-work.js';

/** The resident-verdict side of tickets (issue 16): finding the ticket an answer is about, and the unanswered ones. */
@Injectable()
export class VerdictsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /**
   * The ticket waiting for this resident's verdict in this thread, locked: the comment answers the
   * question (its parent is the question's id on the channel) or the resident's own comment (Facebook
   * and Instagram keep one level of replies, so an answer under the question names the top comment).
   * Only the ticket's own author can give its verdict.
   */
  async lockAwaitingVerdict(channel: Channel, parentExternalId: string, authorExternalId: string): Promise<TicketEntity | null> {
    const m = this.uow.manager;
    const rows = (await m.query(
      `SELECT t.id FROM tickets t
        WHERE t.channel = $1 AND t.resident_confirmation_state = 'asked' AND t.author_external_id = $3
          AND (t.external_id = $2 OR EXISTS (SELECT 1 FROM ticket_replies r WHERE r.id = t.resident_confirmation_reply_id AND r.external_id = $2))
        LIMIT 1`,
      [channel, parentExternalId, authorExternalId],
    )) as Array<{ id: string }>;
    if (!rows[0]) return null;
    return m.getRepository(TicketEntity).findOne({ where: { id: rows[0].id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Tickets whose question went unanswered past the window. A question still waiting for delivery
   * is not counted against the resident: the window runs once the channel has it (or gave up on it).
   */
  async unansweredDue(limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT t.id FROM tickets t
         LEFT JOIN ticket_replies r ON r.id = t.resident_confirmation_reply_id
        WHERE t.resident_confirmation_state = 'asked' AND t.resident_confirmation_due_at <= $2
          AND (r.id IS NULL OR r.delivery_status IN ('delivered', 'failed', 'not_applicable'))
        ORDER BY t.resident_confirmation_due_at LIMIT $1`,
      [limit, this.clock.now()],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** The ticket, locked, if it still waits for a verdict whose window has run out. */
  lockUnanswered(id: string): Promise<TicketEntity | null> {
    return this.uow.manager
      .getRepository(TicketEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where(`t.id = :id AND t.resident_confirmation_state = 'asked' AND t.resident_confirmation_due_at <= :now`, { id, now: this.clock.now() })
      .getOne();
  }

  /**
   * Formal appeals not answered yet, a batch at a time by id: re-timed when the national calendar
   * changes (they share this repository with the verdicts: both are issue 16's accountability columns).
   */
  async openFormalAppealIds(afterId: string | null, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM tickets
        WHERE formal_appeal_registered_at IS NOT NULL AND formal_appeal_answered_at IS NULL AND status <> 'merged' AND ($1::uuid IS NULL OR id > $1)
        ORDER BY id LIMIT $2`,
      [afterId, limit],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Who hears that a resident disputed: the ticket's assignee and its department's head. */
  async disputeAudience(t: Pick<TicketEntity, 'assigneeId' | 'departmentId'>): Promise<string[]> {
    const rows = (await this.uow.manager.query(`SELECT id FROM users WHERE active AND (id = $1 OR (role = 'department_head' AND department_id = $2))`, [
      t.assigneeId,
      t.departmentId,
    ])) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}
