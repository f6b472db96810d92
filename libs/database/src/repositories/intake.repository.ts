import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FailureBound, WebhookChannel } from '@app/domain';
import { CategoryEntity } from '../entities/category.entity.js';
import { InboxDeliveryEntity } from '../entities/inbox-delivery.entity.js';
import { PageEntity } from '../entities/page.entity.js';
import { TicketReplyEntity } from '../entities/ticket-reply.entity.js';
import { TicketEntity } from '../entities/ticket.entity.js';
import { UnitOfWork } from '../unit-of-work.js';

export interface StoredDelivery {
  id: string;
  /** False when the same bytes were already in the inbox (a redelivery): nothing new to process. */
  fresh: boolean;
}

export interface PendingDelivery {
  id: string;
  channel: WebhookChannel;
  body: Buffer;
  receivedAt: Date;
  attempts: number;
}

/** A delivery the intake gave up on; `head` is the start of its body, for a preview. */
export interface FailedDelivery {
  id: string;
  channel: WebhookChannel;
  receivedAt: Date;
  failedAt: Date;
  attempts: number;
  lastError: string | null;
  /** Bytes, not text: the cut may fall inside a UTF-8 character. */
  head: Buffer;
}

/** Bytes of a failed delivery's body read for its preview. */
const PREVIEW_BYTES = 4096;

/** What makes two deliveries the same one: their channel and the SHA-256 of their bytes. */
const deliveryKey = (channel: string, sha: Buffer): string => `${channel}:${sha.toString('hex')}`;

/** The inbox of raw deliveries and the lookups the intake worker needs. */
@Injectable()
export class IntakeRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * Stores the exact bytes of many deliveries in one statement (one commit for all), answering in
   * the order given. The same bytes on the same channel are stored once: a repeat, earlier or in
   * the same list, comes back with the stored id and `fresh` false. Repeats are read in a statement
   * of their own: the INSERT's snapshot misses a row that another request committed while the
   * INSERT waited on it, which would have answered a concurrent redelivery with a 500.
   */
  async storeMany(deliveries: ReadonlyArray<{ channel: WebhookChannel; body: Buffer }>): Promise<StoredDelivery[]> {
    const keyed = deliveries.map((d) => {
      const sha = createHash('sha256').update(d.body).digest();
      return { ...d, sha, key: deliveryKey(d.channel, sha) };
    });
    const unique = [...new Map(keyed.map((d) => [d.key, d])).values()];
    const inserted = (await this.dataSource.query(
      `INSERT INTO inbox_deliveries (channel, body, body_sha256) SELECT * FROM unnest($1::text[], $2::bytea[], $3::bytea[])
       ON CONFLICT (channel, body_sha256) DO NOTHING RETURNING id, channel, body_sha256 AS sha`,
      [unique.map((d) => d.channel), unique.map((d) => d.body), unique.map((d) => d.sha)],
    )) as Array<{ id: string; channel: string; sha: Buffer }>;
    const fresh = new Map(inserted.map((r) => [deliveryKey(r.channel, r.sha), r.id]));
    const repeats = unique.filter((d) => !fresh.has(d.key));
    const earlier = repeats.length
      ? ((await this.dataSource.query(
          `SELECT id, channel, body_sha256 AS sha FROM inbox_deliveries WHERE (channel, body_sha256) IN (SELECT * FROM unnest($1::text[], $2::bytea[]))`,
          [repeats.map((d) => d.channel), repeats.map((d) => d.sha)],
        )) as Array<{ id: string; channel: string; sha: Buffer }>)
      : [];
    const ids = new Map([...earlier.map((r) => [deliveryKey(r.channel, r.sha), r.id] as const), ...fresh]);
    // The first of the list with fresh bytes is the one that stored them; the others repeat it.
    const answered = new Set<string>();
    return keyed.map((d) => {
      const first = fresh.has(d.key) && !answered.has(d.key);
      answered.add(d.key);
      return { id: ids.get(d.key)!, fresh: first };
    });
  }

  /** Locks up to `limit` deliveries still to process (neither processed nor failed), oldest first; other workers skip them. */
  takePending(limit: number): Promise<PendingDelivery[]> {
    return this.uow.manager.query(
      `SELECT id, channel, body, received_at AS "receivedAt", attempts FROM inbox_deliveries WHERE processed_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    ) as Promise<PendingDelivery[]>;
  }

  /**
   * `d.id = ANY(...)` as well as the join: the inbox grows faster than autovacuum analyzes it, and
   * with statistics that still say "empty" the planner hashes the whole table for a join alone.
   */
  async markProcessedMany(done: Array<{ id: string; outcome: Record<string, unknown> }>): Promise<void> {
    if (!done.length) return;
    await this.uow.manager.query(
      `UPDATE inbox_deliveries d SET processed_at = now(), attempts = attempts + 1, outcome = x.outcome, last_error = NULL
         FROM unnest($1::bigint[], $2::jsonb[]) AS x(id, outcome) WHERE d.id = x.id AND d.id = ANY($1::bigint[])`,
      [done.map((d) => d.id), done.map((d) => JSON.stringify(d.outcome))],
    );
  }

  /**
   * A failed attempt; after `giveUpAfter` attempts the delivery is `failed` (never processed): drains
   * skip it instead of blocking on it, and an admin sees it in the failures list and retries it.
   */
  async markFailed(id: string, error: string, giveUpAfter: number): Promise<void> {
    await this.uow.manager.query(
      `UPDATE inbox_deliveries SET attempts = attempts + 1, last_error = $2,
              failed_at = CASE WHEN attempts + 1 >= $3 THEN now() END
        WHERE id = $1`,
      [id, error, giveUpAfter],
    );
  }

  /** Whether a delivery has waited longer than `olderThanMs` unprocessed (its job was never enqueued or was lost). */
  /** Seconds since the oldest delivery still waiting for the intake arrived (0 when none waits): the intake's lag. */
  async pendingLagSeconds(): Promise<number> {
    // By id, which follows arrival: the partial index on unprocessed ids answers without a scan.
    const [row] = (await this.dataSource.query(
      `SELECT coalesce(extract(epoch FROM now() - (SELECT received_at FROM inbox_deliveries WHERE processed_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT 1)), 0)::float8 AS lag`,
    )) as Array<{ lag: number }>;
    return Math.max(0, row!.lag);
  }

  async hasStalePending(olderThanMs: number): Promise<boolean> {
    const [row] = (await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM inbox_deliveries WHERE processed_at IS NULL AND failed_at IS NULL AND received_at < now() - make_interval(secs => $1::double precision / 1000)) AS stale`,
      [olderThanMs],
    )) as Array<{ stale: boolean }>;
    return row!.stale;
  }

  /** Claims many changes in one statement; returns the fresh ones as `channel:key` (a repeat within the list is claimed once). */
  async claimChanges(changes: Array<{ channel: WebhookChannel; key: string; deliveryId: string }>): Promise<Set<string>> {
    const rows = (await this.uow.manager.query(
      `INSERT INTO channel_changes (channel, change_key, delivery_id) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
       ON CONFLICT DO NOTHING RETURNING channel, change_key AS key`,
      [changes.map((c) => c.channel), changes.map((c) => c.key), changes.map((c) => c.deliveryId)],
    )) as Array<{ channel: string; key: string }>;
    return new Set(rows.map((r) => `${r.channel}:${r.key}`));
  }

  /** Records a channel change as applied; false when it already was (a redelivery), so it is skipped. */
  async claimChange(channel: WebhookChannel, key: string, deliveryId: string | null): Promise<boolean> {
    const rows = (await this.uow.manager.query(
      `INSERT INTO channel_changes (channel, change_key, delivery_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING change_key`,
      [channel, key, deliveryId],
    )) as unknown[];
    return rows.length === 1;
  }

  /** The ticket made from a channel's comment or message, locked for the change about to be applied. */
  ticketByExternalId(channel: WebhookChannel, externalId: string): Promise<TicketEntity | null> {
    return this.uow.manager.getRepository(TicketEntity).findOne({ where: { channel, externalId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Whether the ticket already has this channel reply (ours, delivered by the outbound worker, echoed back by the channel). */
  async hasReply(ticketId: string, externalId: string): Promise<boolean> {
    return this.uow.manager.getRepository(TicketReplyEntity).existsBy({ ticketId, externalId });
  }

  /**
   * Deliveries the intake gave up on, newest failure first, past `bound` (the failures list's
   * cursor), through the failed-deliveries index. Only the body's first bytes are read: a preview.
   */
  failedDeliveries(bound: FailureBound | null, limit: number): Promise<FailedDelivery[]> {
    return this.dataSource.query(
      `SELECT id, channel, received_at AS "receivedAt", failed_at AS "failedAt", attempts, last_error AS "lastError",
              substring(body FROM 1 FOR ${PREVIEW_BYTES}) AS head
         FROM inbox_deliveries
        WHERE failed_at IS NOT NULL
          AND ($1::timestamptz IS NULL OR (failed_at <= $1 AND (failed_at < $1 OR $2::boolean OR id < $3::bigint)))
        ORDER BY failed_at DESC, id DESC LIMIT $4`,
      [bound?.failedAt ?? null, bound?.inclusive ?? false, bound?.idBelow ?? null, limit],
    ) as Promise<FailedDelivery[]>;
  }

  async countFailed(): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM inbox_deliveries WHERE failed_at IS NOT NULL`)) as Array<{ n: number }>;
    return row!.n;
  }

  /**
   * Sends a failed delivery back to the inbox: pending again, its attempts counted afresh. Answers
   * the delivery as it was, `not_failed` (processed, pending, or retried meanwhile) or `unknown`.
   * The row is locked first, so of two concurrent retries one wins and the other sees it pending.
   */
  async retryFailed(id: string): Promise<FailedDelivery | 'not_failed' | 'unknown'> {
    const [rows] = (await this.dataSource.query(
      `UPDATE inbox_deliveries d SET failed_at = NULL, attempts = 0, last_error = NULL
         FROM (SELECT id, failed_at, attempts, last_error FROM inbox_deliveries WHERE id = $1 FOR UPDATE) old
        WHERE d.id = old.id AND d.failed_at IS NOT NULL
        RETURNING d.id, d.channel, d.received_at AS "receivedAt", old.failed_at AS "failedAt", old.attempts, old.last_error AS "lastError",
                  substring(d.body FROM 1 FOR ${PREVIEW_BYTES}) AS head`,
      [id],
    )) as [FailedDelivery[], number];
    if (rows[0]) return rows[0];
    return (await this.dataSource.getRepository(InboxDeliveryEntity).existsBy({ id })) ? 'not_failed' : 'unknown';
  }

  pages(): Promise<PageEntity[]> {
    return this.dataSource.getRepository(PageEntity).find();
  }

  categories(): Promise<CategoryEntity[]> {
    return this.dataSource.getRepository(CategoryEntity).find();
  }
}
