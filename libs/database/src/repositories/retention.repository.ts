import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { FINAL_STATUSES, FREE_TEXT_REASON_EVENTS, PERSONAL_EVENT_KEYS } from '@app/domain';
import { UnitOfWork } from '../unit-of-work.js';
import { sqlList } from './domain-sql.js';

/** What a pseudonymised ticket's text reads (and how the purge recognises one it already did). */
export const REMOVED_TEXT = '[removed under the retention policy]';

/** What one batch of finished tickets took out. */
export interface PseudonymisedBatch {
  tickets: number;
  replies: number;
  events: number;
}

/**
 * The retention purge's statements, each bounded to one batch (docs/retention.md). Rows are
 * emptied or pseudonymised, never deleted: the figures count tickets and deliveries, and foreign
 * keys (channel_changes → inbox_deliveries) stay intact. A pseudonym is a keyed hash: the same
 * value, the same pseudonym (so "residents per cluster" stays true), and none can be recomputed
 * from a known id without the key.
 */
@Injectable()
export class RetentionRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * Empties the raw payload of up to `limit` deliveries handled (processed or failed) before
   * `cutoff`, walking the deliveries not emptied yet from id `afterId` in arrival order, and
   * pseudonymises the keys of the changes they carried (`message:<comment id>`...: by then no
   * channel redelivers them). An outcome's orphans (keys of unknown comments) become their count.
   * Answers how many were emptied, the last id looked at, and whether the walk reached deliveries
   * received after the cutoff (nothing later can qualify, so the caller stops there).
   */
  async emptyRawDeliveries(
    cutoff: Date,
    key: string,
    afterId: string,
    limit: number,
  ): Promise<{ emptied: number; lastId: string | null; reachedCutoff: boolean }> {
    const [row] = (await this.dataSource.query(
      `WITH batch AS (
         SELECT id, received_at, coalesce(processed_at, failed_at) AS handled_at
           FROM inbox_deliveries WHERE id > $1 AND body <> ''::bytea ORDER BY id LIMIT $2
       ), emptied AS (
         UPDATE inbox_deliveries d
            SET body = ''::bytea, last_error = NULL,
                outcome = CASE WHEN jsonb_typeof(d.outcome->'orphans') = 'array' THEN jsonb_set(d.outcome, '{orphans}', to_jsonb(jsonb_array_length(d.outcome->'orphans'))) ELSE d.outcome END
          WHERE d.id IN (SELECT id FROM batch WHERE handled_at < $3)
            AND d.id IN (SELECT id FROM inbox_deliveries WHERE id IN (SELECT id FROM batch) FOR UPDATE SKIP LOCKED)
          RETURNING d.id
       ), changes AS (
         UPDATE channel_changes c SET change_key = ${pseudonym('$4', 'c.channel', 'c.change_key')}
          WHERE c.delivery_id IN (SELECT id FROM emptied) AND c.change_key NOT LIKE 'pseudonym:%'
       )
       SELECT (SELECT count(*) FROM emptied)::int AS emptied, (SELECT max(id) FROM batch)::text AS "lastId",
              coalesce((SELECT bool_or(received_at >= $3) FROM batch), false) AS "reachedCutoff"`,
      [afterId, limit, cutoff, key],
    )) as Array<{ emptied: number; lastId: string | null; reachedCutoff: boolean }>;
    return row!;
  }

  /**
   * Pseudonymises up to `limit` tickets finished (closed, rejected or merged) before `cutoff`, with
   * everything under them that quotes or identifies the resident, in one transaction: the name
   * and channel ids become pseudonyms, the phone goes, the text and an Open311 address are
   * replaced; the replies' words (they address the resident by name, quote them, carry a formal
   * appeal's notice) and channel ids go; events lose PERSONAL_EVENT_KEYS; the claim of the comment
   * (when no delivery holds it) is pseudonymised. Everything the figures read (timestamps, district,
   * category, department, SLA fields, statuses, verdicts, event types) is untouched.
   */
  pseudonymiseTickets(cutoff: Date, key: string, limit: number): Promise<PseudonymisedBatch> {
    return this.uow.run(async (m) => {
      // The one writer the events' trigger lets take keys out of a payload (migration 1764210000000).
      await m.query(`SELECT set_config('tynda.retention_purge', 'on', true)`);
      const [row] = (await m.query(
        `WITH batch AS (
           SELECT id, channel, external_id, md5($2 || channel || ':' || coalesce(author_external_id, author_name)) AS resident
             FROM tickets
            WHERE status IN ${sqlList(FINAL_STATUSES)} AND coalesce(closed_at, updated_at) < $1 AND text <> $4
            LIMIT $3 FOR UPDATE SKIP LOCKED
         ), done AS (
           UPDATE tickets t
              SET author_name = 'resident-' || left(b.resident, 8),
                  author_external_id = CASE WHEN t.author_external_id IS NULL THEN NULL ELSE 'pseudonym:' || b.resident END,
                  author_phone = NULL,
                  text = $4,
                  external_id = CASE WHEN t.external_id IS NULL THEN NULL ELSE ${pseudonym('$2', 't.channel', 't.external_id')} END,
                  locality = CASE WHEN t.channel = 'open311' THEN NULL ELSE t.locality END,
                  formal_appeal_extension_reason = CASE WHEN t.formal_appeal_extension_reason IS NULL THEN NULL ELSE $4 END
             FROM batch b
            WHERE t.id = b.id
            RETURNING t.id
         ), replies AS (
           UPDATE ticket_replies r SET body = $4, external_id = NULL, delivery_error = NULL
            WHERE r.ticket_id IN (SELECT id FROM batch) AND (r.body <> $4 OR r.external_id IS NOT NULL OR r.delivery_error IS NOT NULL)
            RETURNING r.id
         ), events AS (
           UPDATE ticket_events e
              SET payload = e.payload - ($5::text[] || CASE WHEN e.type = ANY($6::text[]) THEN ARRAY['reason'] ELSE ARRAY[]::text[] END)
            WHERE e.ticket_id IN (SELECT id FROM batch) AND (e.payload ?| $5::text[] OR (e.type = ANY($6::text[]) AND e.payload ? 'reason'))
            RETURNING e.id
         ), claims AS (
           UPDATE channel_changes c SET change_key = ${pseudonym('$2', 'c.channel', 'c.change_key')}
             FROM batch b
            WHERE b.external_id IS NOT NULL AND c.channel = b.channel AND c.change_key = 'message:' || b.external_id
         )
         SELECT (SELECT count(*) FROM done)::int AS tickets, (SELECT count(*) FROM replies)::int AS replies, (SELECT count(*) FROM events)::int AS events`,
        [cutoff, key, limit, REMOVED_TEXT, PERSONAL_EVENT_KEYS, FREE_TEXT_REASON_EVENTS],
      )) as PseudonymisedBatch[];
      return row!;
    });
  }

  /**
   * A cluster's title is cut from its first ticket's text: once every ticket of a cluster last
   * changed before `cutoff` has been pseudonymised, the title goes the same way (up to `limit`).
   */
  async pseudonymiseClusters(cutoff: Date, limit: number): Promise<number> {
    const rows = (await this.dataSource.query(
      `UPDATE clusters SET title = $2
        WHERE id IN (
          SELECT c.id FROM clusters c
           WHERE c.updated_at < $1 AND c.title <> $2
             AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.cluster_id = c.id AND t.text <> $2)
           LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [cutoff, REMOVED_TEXT, limit],
    )) as [Array<{ id: string }>, number];
    return rows[1];
  }
}

/** SQL for the keyed pseudonym of a channel's id (or change key): unique per channel and value, and recognisable. */
function pseudonym(keyParam: string, channel: string, value: string): string {
  return `'pseudonym:' || md5(${keyParam} || ${channel} || ':' || ${value})`;
}
