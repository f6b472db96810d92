import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Channel, FailureBound } from '@app/domain';
import type { ReplyDeliveryStatus } from '../entities/ticket-reply.entity.js';
import { UnitOfWork } from '../unit-of-work.js';

/** A public reply waiting for delivery, with what its channel needs to post it. */
export interface ReplyToDeliver {
  id: string;
  ticketId: string;
  body: string;
  channel: Channel;
  ticketExternalId: string | null;
  /** The resident's id on the channel: the recipient of an answer to a direct message. */
  ticketAuthorExternalId: string | null;
  authorId: string | null;
  pageId: string | null;
  pageDistrictId: string | null;
  /** The page's sealed credentials (selected here only: the column is never returned by the API). */
  pageCredentials: string | null;
  pageConnectionState: string | null;
}

/** A public reply whose delivery was given up on. */
export interface FailedReply {
  id: string;
  ticketId: string;
  ticketReference: string;
  channel: Channel;
  deliveryError: string | null;
  attempts: number;
  failedAt: Date;
}

/** The outbound side of ticket replies: delivery state written by the outbound worker. */
@Injectable()
export class RepliesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * Locks a still-pending public reply for the rest of the transaction, so two runs of its job can
   * never both post it; null when it is delivered, failed, not a public reply, or locked by a run.
   */
  async lockPending(replyId: string): Promise<ReplyToDeliver | null> {
    const rows = (await this.uow.manager.query(
      `SELECT r.id, r.ticket_id AS "ticketId", r.body, r.author_id AS "authorId", t.channel, t.external_id AS "ticketExternalId",
              t.author_external_id AS "ticketAuthorExternalId", t.page_id AS "pageId", p.district_id AS "pageDistrictId", p.credentials AS "pageCredentials", p.connection_state AS "pageConnectionState"
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
  async markDelivered(replyId: string, externalId: string, at: Date): Promise<number> {
    const [rows] = (await this.uow.manager.query(
      `UPDATE ticket_replies r
          SET delivery_status = 'delivered', delivered_at = $3, delivery_error = NULL,
              delivery_attempts = r.delivery_attempts + 1,
              external_id = CASE WHEN EXISTS (
                SELECT 1 FROM ticket_replies o WHERE o.ticket_id = r.ticket_id AND o.external_id = $2 AND o.id <> r.id
              ) THEN NULL ELSE $2 END
        WHERE r.id = $1
        RETURNING r.delivery_attempts AS attempts`,
      [replyId, externalId, at],
    )) as [Array<{ attempts: number }>, number];
    return rows[0]!.attempts;
  }

  /** Counts a failed attempt and keeps its reason; `final` gives up on the reply (status `failed`). */
  async markAttemptFailed(replyId: string, error: string, final: boolean): Promise<number> {
    const [rows] = (await this.uow.manager.query(
      `UPDATE ticket_replies
          SET delivery_attempts = delivery_attempts + 1, delivery_error = $2,
              delivery_status = CASE WHEN $3::boolean THEN 'failed' ELSE delivery_status END,
              failed_at = CASE WHEN $3::boolean THEN now() ELSE failed_at END
        WHERE id = $1
        RETURNING delivery_attempts AS attempts`,
      [replyId, error, final],
    )) as [Array<{ attempts: number }>, number];
    return rows[0]!.attempts;
  }

  /** Public replies whose delivery failed for good, newest failure first, past `bound` (the failures list's cursor). */
  failedReplies(bound: FailureBound | null, limit: number): Promise<FailedReply[]> {
    return this.dataSource.query(
      `SELECT r.id, r.ticket_id AS "ticketId", t.reference AS "ticketReference", t.channel, r.delivery_error AS "deliveryError",
              r.delivery_attempts AS attempts, r.failed_at AS "failedAt"
         FROM ticket_replies r
         JOIN tickets t ON t.id = r.ticket_id
        WHERE r.delivery_status = 'failed'
          AND ($1::timestamptz IS NULL OR (r.failed_at <= $1 AND (r.failed_at < $1 OR $2::boolean OR r.id < $3::uuid)))
        ORDER BY r.failed_at DESC, r.id DESC LIMIT $4`,
      [bound?.failedAt ?? null, bound?.inclusive ?? false, bound?.idBelow ?? null, limit],
    ) as Promise<FailedReply[]>;
  }

  async countFailed(): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM ticket_replies WHERE delivery_status = 'failed'`)) as Array<{ n: number }>;
    return row!.n;
  }

  /** The reply and its delivery state, locked for a retry decided in the same transaction; null when there is no such public reply. */
  async lockForRetry(replyId: string): Promise<(FailedReply & { deliveryStatus: ReplyDeliveryStatus }) | null> {
    const rows = (await this.uow.manager.query(
      `SELECT r.id, r.ticket_id AS "ticketId", t.reference AS "ticketReference", t.channel, r.delivery_error AS "deliveryError",
              r.delivery_attempts AS attempts, r.failed_at AS "failedAt", r.delivery_status AS "deliveryStatus"
         FROM ticket_replies r
         JOIN tickets t ON t.id = r.ticket_id
        WHERE r.id = $1 AND r.visibility = 'public'
          FOR UPDATE OF r`,
      [replyId],
    )) as Array<FailedReply & { deliveryStatus: ReplyDeliveryStatus }>;
    return rows[0] ?? null;
  }

  /** Back to `pending` with its attempts counted afresh, for the outbound worker to deliver again. */
  async resetForRetry(replyId: string): Promise<void> {
    await this.uow.manager.query(
      `UPDATE ticket_replies SET delivery_status = 'pending', delivery_attempts = 0, delivery_error = NULL, failed_at = NULL WHERE id = $1 AND delivery_status = 'failed'`,
      [replyId],
    );
  }

  /** Pending replies written before `olderThan`: their job may have been lost (Redis was down). */
  async pendingSince(olderThan: Date, limit: number): Promise<string[]> {
    // Replies held for a page awaiting new credentials are sent when those are saved, not by the sweep.
    const rows = (await this.dataSource.query(
      `SELECT r.id FROM ticket_replies r JOIN tickets t ON t.id = r.ticket_id LEFT JOIN pages p ON p.id = t.page_id
        WHERE r.delivery_status = 'pending' AND r.created_at < $1 AND p.connection_state IS DISTINCT FROM 'reauthorization_required'
        ORDER BY r.created_at LIMIT $2`,
      [olderThan, limit],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}
