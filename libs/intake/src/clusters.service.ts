import { Injectable } from '@nestjs/common';
import { ClustersRepository, TicketsRepository, UnitOfWork, type ClusterFilters, type ClusterRow, type Page } from '@app/database';
import { DomainError, assertCan, notFound, scopeOf, type Actor } from '@app/domain';

/**
 * Clusters as the desk works with them: listed per scope, merged when the similarity rule kept two
 * waves of one problem apart, split when it put different problems together.
 */
@Injectable()
export class ClustersService {
  constructor(
    private readonly clusters: ClustersRepository,
    private readonly tickets: TicketsRepository,
    private readonly uow: UnitOfWork,
  ) {}

  list(actor: Actor, filters: ClusterFilters, limit: number, cursor?: string): Promise<Page<ClusterRow>> {
    assertCan(actor.role, 'read');
    return this.clusters.list(scopeOf(actor), filters, limit, cursor);
  }

  async get(actor: Actor, id: string): Promise<ClusterRow> {
    assertCan(actor.role, 'read');
    const cluster = await this.clusters.get(scopeOf(actor), id);
    if (!cluster) throw notFound('cluster', id);
    return cluster;
  }

  /** Moves every ticket of the cluster into another one; the emptied cluster is removed. */
  async merge(actor: Actor, id: string, intoClusterId: string): Promise<ClusterRow> {
    assertCan(actor.role, 'merge');
    if (id === intoClusterId) throw new DomainError('validation', 'a cluster cannot be merged into itself');
    await this.get(actor, id);
    await this.get(actor, intoClusterId);
    await this.uow.run(async () => {
      // Locked in id order, so two opposite merges cannot deadlock.
      for (const c of [id, intoClusterId].sort()) if (!(await this.clusters.lock(c))) throw notFound('cluster', c);
      await this.tickets.setCluster(await this.clusters.ticketIds(id), intoClusterId);
      await this.clusters.touch([intoClusterId]);
      await this.clusters.dropEmpty([id]);
    });
    return this.get(actor, intoClusterId);
  }

  /** Takes the given tickets out into a cluster of their own. */
  async split(actor: Actor, id: string, ticketIds: string[]): Promise<ClusterRow> {
    assertCan(actor.role, 'merge');
    const source = await this.get(actor, id);
    const newId = await this.uow.run(async () => {
      const cluster = await this.clusters.lock(id);
      if (!cluster) throw notFound('cluster', id);
      const members = new Set(await this.clusters.ticketIds(id));
      const strangers = ticketIds.filter((t) => !members.has(t));
      if (strangers.length) throw new DomainError('validation', `tickets ${strangers.join(', ')} are not in cluster ${id}`);
      if (ticketIds.length >= members.size)
        throw new DomainError('validation', 'splitting off every ticket leaves nothing behind: name only the tickets to take out');
      const created = await this.clusters.create({ districtId: cluster.districtId, categoryCode: cluster.categoryCode, title: `${source.title} (split)` });
      await this.tickets.setCluster(ticketIds, created);
      await this.clusters.touch([created]);
      return created;
    });
    return this.get(actor, newId);
  }
}
