import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** What a pseudonymised ticket's text reads (and how the purge recognises one it already did). */
export const REMOVED_TEXT = '[removed under the retention policy]';

/**
 * The retention purge's statements, each bounded to one batch (docs/retention.md). Rows are
 * emptied or pseudonymised, never deleted: the figures count tickets and deliveries, and foreign
 * keys (channel_changes → inbox_deliveries) stay intact.
 */
@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Empties the raw payload of up to `limit` deliveries handled (processed or failed) before
   * `cutoff`, walking the inbox from id `afterId` in arrival order. Answers how many were emptied,
   * the last id looked at, and whether the walk reached deliveries received after the cutoff
   * (nothing later can qualify, so the caller stops there).
   */
  async emptyRawDeliveries(cutoff: Date, afterId: string, limit: number): Promise<{ emptied: number; lastId: string | null; reachedCutoff: boolean }> {
    const [row] = (await this.dataSource.query(
      `WITH batch AS (
         SELECT id, received_at, coalesce(processed_at, failed_at) AS handled_at, octet_length(body) AS size
           FROM inbox_deliveries WHERE id > $1 ORDER BY id LIMIT $2
       ), emptied AS (
         UPDATE inbox_deliveries d SET body = ''::bytea, last_error = NULL
          WHERE d.id IN (SELECT id FROM batch WHERE handled_at < $3 AND size > 0)
            AND d.id IN (SELECT id FROM inbox_deliveries WHERE id IN (SELECT id FROM batch) FOR UPDATE SKIP LOCKED)
          RETURNING d.id
       )
       SELECT (SELECT count(*) FROM emptied)::int AS emptied, (SELECT max(id) FROM batch)::text AS "lastId",
              coalesce((SELECT bool_or(received_at >= $3) FROM batch), false) AS "reachedCutoff"`,
      [afterId, limit, cutoff],
    )) as Array<{ emptied: number; lastId: string | null; reachedCutoff: boolean }>;
    return row!;
  }

  /**
   * Pseudonymises up to `limit` tickets finished (closed, rejected or merged) before `cutoff`: the
   * resident's name and channel id become a keyed pseudonym (the same resident, the same pseudonym,
   * so "residents per cluster" stays true), the phone goes, the text is replaced. Everything the
   * figures read (timestamps, district, category, department, SLA fields, status) is untouched.
   */
  async pseudonymiseTickets(cutoff: Date, key: string, limit: number): Promise<number> {
    const rows = (await this.dataSource.query(
      `UPDATE tickets t
          SET author_name = 'resident-' || left(p.pseudonym, 8),
              author_external_id = CASE WHEN t.author_external_id IS NULL THEN NULL ELSE 'pseudonym:' || p.pseudonym END,
              author_phone = NULL,
              text = $4
         FROM (
           SELECT id, md5($2 || channel || ':' || coalesce(author_external_id, author_name)) AS pseudonym
             FROM tickets
            WHERE status IN ('closed', 'rejected', 'merged') AND coalesce(closed_at, updated_at) < $1 AND text <> $4
            LIMIT $3 FOR UPDATE SKIP LOCKED
         ) p
        WHERE t.id = p.id
        RETURNING t.id`,
      [cutoff, key, limit, REMOVED_TEXT],
    )) as [Array<{ id: string }>, number];
    return rows[1];
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
