import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ConnectionState } from '@app/domain';
import { UnitOfWork } from '../unit-of-work.js';

/** A page with its sealed credentials: only the services that open them ever select the column. */
export interface SealedPage {
  id: string;
  channel: string;
  externalId: string;
  districtId: string | null;
  connectionState: ConnectionState;
  credentials: string | null;
}

/** The channel side of pages: sealed credentials, connection state, reconciliation bookkeeping. */
@Injectable()
export class PagesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async sealed(pageId: string): Promise<SealedPage | null> {
    const rows = (await this.dataSource.query(
      `SELECT id, channel, external_id AS "externalId", district_id AS "districtId", connection_state AS "connectionState", credentials
         FROM pages WHERE id = $1`,
      [pageId],
    )) as SealedPage[];
    return rows[0] ?? null;
  }

  /** Every page holding credentials of the channels whose webhooks carry a per-page secret (the API's cache). */
  withCredentials(channels: string[]): Promise<SealedPage[]> {
    return this.dataSource.query(
      `SELECT id, channel, external_id AS "externalId", district_id AS "districtId", connection_state AS "connectionState", credentials
         FROM pages WHERE credentials IS NOT NULL AND channel = ANY($1::text[])`,
      [channels],
    ) as Promise<SealedPage[]>;
  }

  /** New credentials replace the old ones; the page is unverified until they are checked. */
  async saveCredentials(pageId: string, sealed: string, keyId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE pages SET credentials = $2, credentials_key_id = $3, connection_state = 'unverified', connection_checked_at = NULL,
              connection_message = NULL, updated_at = now() WHERE id = $1`,
      [pageId, sealed, keyId],
    );
  }

  async setConnection(pageId: string, state: ConnectionState, message: string | null): Promise<void> {
    await this.uow.manager.query(
      `UPDATE pages SET connection_state = $2, connection_message = $3, connection_checked_at = now(), updated_at = now() WHERE id = $1`,
      [pageId, state, message],
    );
  }

  /**
   * The channel refused the page's credentials while replying: true only for the call that flipped
   * the state, so the people who can fix it are told once, however many replies were in flight.
   */
  async markReauthorizationRequired(pageId: string, message: string): Promise<boolean> {
    const [rows] = (await this.uow.manager.query(
      `UPDATE pages SET connection_state = 'reauthorization_required', connection_message = $2, connection_checked_at = now(), updated_at = now()
        WHERE id = $1 AND connection_state <> 'reauthorization_required' RETURNING id`,
      [pageId, message],
    )) as [Array<{ id: string }>, number];
    return rows.length > 0;
  }

  /** Who fixes a page's connection: the admins and the press secretaries of its district. */
  async connectionAudience(districtId: string | null): Promise<string[]> {
    const rows = (await this.uow.manager.query(
      `SELECT id FROM users WHERE active AND (role = 'admin' OR (role = 'press_secretary' AND $1::uuid = ANY(district_ids)))`,
      [districtId],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** The page's public replies still waiting for delivery (held while its credentials were refused), oldest first. */
  async pendingReplies(pageId: string): Promise<string[]> {
    const rows = (await this.uow.manager.query(
      `SELECT r.id FROM ticket_replies r JOIN tickets t ON t.id = r.ticket_id
        WHERE t.page_id = $1 AND r.delivery_status = 'pending' AND r.visibility = 'public' ORDER BY r.created_at`,
      [pageId],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** The pages whose comments can be read back: connected, with credentials, on a channel that lets an app read its comments. */
  reconcilable(): Promise<Array<SealedPage & { reconcileSince: Date | null }>> {
    return this.dataSource.query(
      `SELECT id, channel, external_id AS "externalId", district_id AS "districtId", connection_state AS "connectionState", credentials,
              reconcile_since AS "reconcileSince"
         FROM pages WHERE credentials IS NOT NULL AND connection_state = 'connected' AND channel IN ('facebook', 'instagram', 'vk')
        ORDER BY id`,
    ) as Promise<Array<SealedPage & { reconcileSince: Date | null }>>;
  }

  /** Of these change keys, the ones intake has never applied (no webhook brought them). */
  async unseenChanges(channel: string, keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows = (await this.dataSource.query(
      `SELECT k FROM unnest($2::text[]) AS k WHERE NOT EXISTS (SELECT 1 FROM channel_changes c WHERE c.channel = $1 AND c.change_key = k)`,
      [channel, keys],
    )) as Array<{ k: string }>;
    return new Set(rows.map((r) => r.k));
  }

  /** One pass over a page: how many comments it recovered, and how far it has read. */
  async recordReconcile(pageId: string, recovered: number, since: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE pages SET reconciled_comments = reconciled_comments + $2, reconciled_at = now(),
              reconcile_since = GREATEST(reconcile_since, $3::timestamptz) WHERE id = $1`,
      [pageId, recovered, since],
    );
  }

  /** Every page's recovered comments, for /metrics (a few hundred rows at most). */
  reconciledCounts(): Promise<Array<{ pageId: string; channel: string; recovered: number }>> {
    return this.dataSource.query(`SELECT id AS "pageId", channel, reconciled_comments AS recovered FROM pages ORDER BY id`) as Promise<
      Array<{ pageId: string; channel: string; recovered: number }>
    >;
  }

  async countNeedingReauthorization(): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM pages WHERE connection_state = 'reauthorization_required'`)) as Array<{
      n: number;
    }>;
    return row!.n;
  }
}
