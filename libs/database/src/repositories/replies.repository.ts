import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Channel } from '@app/domain';

/** A public reply waiting for delivery, with what its channel needs to post it. */
export interface ReplyToDeliver {
  id: string;
  ticketId: string;
  body: string;
  channel: Channel;
  ticketExternalId: string | null;
  pageId: string | null;
  /** The page's Graph API token (selected here only: the column is never returned by the API). */
  pageAccessToken: string | null;
}

/** The outbound side of ticket replies: delivery state written by the outbound worker. */
@Injectable()
export class RepliesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Locks a still-pending public reply for the rest of the transaction, so two runs of its job can
   * never both post it; null when it is delivered, failed, not a public reply, or locked by a run.
   */
  async lockPending(m: EntityManager, replyId: string): Promise<ReplyToDeliver | null> {
    const rows = (await m.query(
      `SELECT r.id, r.ticket_id AS "ticketId", r.body, t.channel, t.external_id AS "ticketExternalId",
              t.page_id AS "pageId", p.access_token AS "pageAccessToken"
         FROM ticket_replies r
         JOIN tickets t ON t.id = r.ticket_id
         LEFT JOIN pages p ON p.id = t.page_id
        WHERE r.id = $1 AND r.delivery_status = 'pending' AND r.visibility = 'public'
          FOR UPDATE OF r SKIP LOCKED`,
      [replyId],
    )) as ReplyToDeliver[];
    return rows[0] ?? null;
  }

  /**
   * Records the delivery and returns the attempts it took. The channel id is kept unless intake
   * already stored the same comment as a native page reply (its webhook can beat this commit).
   */
  async markDelivered(m: EntityManager, replyId: string, externalId: string): Promise<number> {
    const [rows] = (await m.query(
      `UPDATE ticket_replies r
          SET delivery_status = 'delivered', delivered_at = now(), delivery_error = NULL,
              delivery_attempts = r.delivery_attempts + 1,
              external_id = CASE WHEN EXISTS (
                SELECT 1 FROM ticket_replies o WHERE o.ticket_id = r.ticket_id AND o.external_id = $2 AND o.id <> r.id
              ) THEN NULL ELSE $2 END
        WHERE r.id = $1
        RETURNING r.delivery_attempts AS attempts`,
      [replyId, externalId],
    )) as [Array<{ attempts: number }>, number];
    return rows[0]!.attempts;
  }

  /** Counts a failed attempt and keeps its reason; `final` gives up on the reply (status `failed`). */
  async markAttemptFailed(m: EntityManager, replyId: string, error: string, final: boolean): Promise<number> {
    const [rows] = (await m.query(
      `UPDATE ticket_replies
          SET delivery_attempts = delivery_attempts + 1, delivery_error = $2,
              delivery_status = CASE WHEN $3::boolean THEN 'failed' ELSE delivery_status END
        WHERE id = $1
        RETURNING delivery_attempts AS attempts`,
      [replyId, error, final],
    )) as [Array<{ attempts: number }>, number];
    return rows[0]!.attempts;
  }

  /** Pending replies written before `olderThan`: their job may have been lost (Redis was down). */
  async pendingSince(olderThan: Date, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM ticket_replies WHERE delivery_status = 'pending' AND created_at < $1 ORDER BY created_at LIMIT $2`,
      [olderThan, limit],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}
