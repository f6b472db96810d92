import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OPEN_STATUSES, type TicketScope } from '@app/domain';
import { ClusterEntity } from '../entities/cluster.entity.js';
import { UnitOfWork } from '../unit-of-work.js';
import { decodeCursor, encodeCursor, type KeysetPosition, type Page } from './keyset-page.js';
import { scopeAlternativesSql, scopeSql, sqlList } from './domain-sql.js';

/**
 * Trigram similarity (pg_trgm) from which two texts count as the same problem. Measured on real
 * phrasings: a Kazakh land-dispute comment and its rewording score ~0.38, two Russian road
 * complaints about the same street ~0.49, unrelated complaints of one village 0.05-0.17.
 */
export const CLUSTER_SIMILARITY = 0.3;
/** Only recent tickets gather: a complaint from last year is history, not the same wave. */
export const CLUSTER_WINDOW_DAYS = 30;

export interface ClusterRow {
  id: string;
  districtId: string | null;
  categoryCode: string | null;
  title: string;
  /** The founding ticket is outside the reader's scope: `title` is a neutral one. */
  titleHidden: boolean;
  tickets: number;
  openTickets: number;
  /** Distinct residents behind the cluster (by channel identity, else by name). */
  residents: number;
  firstReceivedAt: Date;
  lastReceivedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClusterFilters {
  districtId?: string;
  minTickets?: number;
}

@Injectable()
export class ClustersRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * The cluster a new ticket belongs to: the recent cluster of its district whose title (its first
   * ticket's text) is most similar; failing that, the most similar recent ticket not yet in a
   * cluster, to found one with. Comparing with titles, not members, keeps the cost flat as clusters grow.
   */
  async mostSimilar(
    districtId: string,
    text: string,
    receivedAt: Date,
    excludeIds: readonly string[],
  ): Promise<{ id: string | null; clusterId: string | null; categoryCode: string | null; text: string } | null> {
    const m = this.uow.manager;
    const params = [districtId, text, receivedAt, CLUSTER_WINDOW_DAYS, CLUSTER_SIMILARITY];
    const recent = `$3::timestamptz - make_interval(days => $4)`;
    const [cluster] = (await m.query(
      `SELECT NULL AS id, id AS "clusterId", category_code AS "categoryCode", title AS text FROM clusters
        WHERE district_id = $1 AND updated_at > ${recent} AND title % $2 AND similarity(title, $2) >= $5
        ORDER BY similarity(title, $2) DESC LIMIT 1`,
      params,
    )) as Array<{ id: null; clusterId: string; categoryCode: string | null; text: string }>;
    if (cluster) return cluster;
    const [ticket] = (await m.query(
      `SELECT id, NULL AS "clusterId", category_code AS "categoryCode", text FROM tickets
        WHERE district_id = $1 AND cluster_id IS NULL AND status <> 'merged' AND id <> ALL($6::uuid[])
          AND received_at > ${recent} AND text % $2 AND similarity(text, $2) >= $5
        ORDER BY similarity(text, $2) DESC LIMIT 1`,
      [...params, excludeIds],
    )) as Array<{ id: string; clusterId: null; categoryCode: string | null; text: string }>;
    return ticket ?? null;
  }

  /** The clusters of these districts active since `since`, most recently active first: what new tickets may join. */
  recentClusters(districtIds: readonly string[], since: Date): Promise<Array<{ id: string; districtId: string; title: string; updatedAt: Date }>> {
    return this.uow.manager.query(
      `SELECT id, district_id AS "districtId", title, updated_at AS "updatedAt" FROM clusters
        WHERE district_id = ANY($1::uuid[]) AND updated_at > $2 ORDER BY updated_at DESC`,
      [districtIds, since],
    ) as Promise<Array<{ id: string; districtId: string; title: string; updatedAt: Date }>>;
  }

  /**
   * Marks clusters active (tickets joined them). A busy cluster's row is hot (every drain joins
   * tickets to it): at most once a minute, or concurrent drains queue behind each other's
   * transactions on this one row.
   */
  async touch(clusterIds: string[]): Promise<void> {
    if (!clusterIds.length) return;
    await this.uow.manager.query(`UPDATE clusters SET updated_at = now() WHERE id = ANY($1::uuid[]) AND updated_at < now() - interval '1 minute'`, [
      clusterIds,
    ]);
  }

  async create(cluster: Pick<ClusterEntity, 'districtId' | 'categoryCode' | 'title'>): Promise<string> {
    const repo = this.uow.manager.getRepository(ClusterEntity);
    return (await repo.save(repo.create(cluster))).id;
  }

  /** Clusters left without tickets after a merge or split are removed. */
  async dropEmpty(ids: string[]): Promise<void> {
    await this.uow.manager.query(`DELETE FROM clusters c WHERE c.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.cluster_id = c.id)`, [
      ids,
    ]);
  }

  lock(id: string): Promise<ClusterEntity | null> {
    return this.uow.manager.getRepository(ClusterEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async get(scope: TicketScope, id: string): Promise<ClusterRow | null> {
    const { sql, params } = this.listSql(scope, {}, { id });
    const [row] = (await this.dataSource.query(sql, params)) as ClusterRow[];
    return row ? numbers(row) : null;
  }

  /** The most recently active first (a new ticket joining a cluster brings it up). */
  async list(scope: TicketScope, filters: ClusterFilters, limit: number, cursor?: string): Promise<Page<ClusterRow>> {
    const after = cursor ? decodeCursor(cursor) : null;
    const { sql, params } = this.listSql(scope, filters, { after, limit: limit + 1 });
    const rows = ((await this.dataSource.query(sql, params)) as ClusterRow[]).map(numbers);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.updatedAt, id: last.id }) : null };
  }

  /** Tickets of a cluster the actor may see. */
  async ticketIds(clusterId: string): Promise<string[]> {
    return ((await this.uow.manager.query(`SELECT id FROM tickets WHERE cluster_id = $1`, [clusterId])) as Array<{ id: string }>).map((r) => r.id);
  }

  /**
   * A cluster is visible to whoever sees at least one of its tickets: the scope's ticket rule,
   * applied in SQL (the same rule as TicketsRepository's scoped list). The clusters are walked most
   * recently active first and each one's figures are gathered only once it is known to be visible
   * (one probe of the covering index tickets_cluster_cover_idx per alternative of the scope rule),
   * so a page costs its own clusters, not every clustered ticket in scope; the figures come from the
   * same index, without reading the tickets.
   */
  private listSql(scope: TicketScope, filters: ClusterFilters, page: { id?: string; after?: KeysetPosition | null; limit?: number }) {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const visible = scopeAlternativesSql(scope, p).map((alternative) => `EXISTS (SELECT 1 FROM tickets t WHERE t.cluster_id = c.id AND ${alternative})`);
    const where = [`(${visible.join(' OR ')})`];
    if (page.id) where.push(`c.id = ${p(page.id)}`);
    if (filters.districtId) where.push(`c.district_id = ${p(filters.districtId)}`);
    if (filters.minTickets) where.push(`a.tickets >= ${p(filters.minTickets)}`);
    if (page.after) where.push(`(c.updated_at, c.id) < (${p(page.after.createdAt)}::timestamptz, ${p(page.after.id)}::uuid)`);
    // The title is the start of the founding ticket's text: a reader who may not read that ticket
    // (none of their visible tickets begins with it) gets a neutral title instead. Whether a ticket
    // begins with its cluster's title is kept on the ticket by triggers (cluster_title_match).
    const fromVisible = `coalesce(bool_or(t.cluster_title_match), false) AS "fromVisible"`;
    const title =
      scope.kind === 'all'
        ? `c.title, false AS "titleHidden"`
        : `CASE WHEN a."fromVisible" THEN c.title ELSE 'Cluster of ' || a.tickets || ' tickets' END AS title, NOT a."fromVisible" AS "titleHidden"`;
    const sql = `
      SELECT c.id, c.district_id AS "districtId", c.category_code AS "categoryCode", ${title},
             a.tickets, a."openTickets", a.residents, a."firstReceivedAt", a."lastReceivedAt", c.created_at AS "createdAt", c.updated_at AS "updatedAt"
        FROM clusters c
       CROSS JOIN LATERAL (
             SELECT count(*) AS tickets, count(*) FILTER (WHERE t.status IN ${sqlList(OPEN_STATUSES)}) AS "openTickets",
                    count(DISTINCT coalesce(t.channel || ':' || t.author_external_id, t.author_name)) AS residents,
                    min(t.received_at) AS "firstReceivedAt", max(t.received_at) AS "lastReceivedAt"${scope.kind === 'all' ? '' : `, ${fromVisible}`}
               FROM tickets t WHERE t.cluster_id = c.id AND ${scopeSql(scope, p)}) a
       WHERE ${where.join(' AND ')}
       ORDER BY c.updated_at DESC, c.id DESC
       ${page.limit ? `LIMIT ${p(page.limit)}` : ''}`;
    return { sql, params };
  }
}

function numbers(r: ClusterRow): ClusterRow {
  return { ...r, tickets: Number(r.tickets), openTickets: Number(r.openTickets), residents: Number(r.residents) };
}
