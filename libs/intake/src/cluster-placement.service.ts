import { Injectable } from '@nestjs/common';
import { CLUSTER_SIMILARITY, CLUSTER_WINDOW_DAYS, ClustersRepository, TicketsRepository, type TicketEntity } from '@app/database';
import { trigramSimilarity, trigrams, type Trigrams } from '@app/domain';

/** Longest cluster title, cut from the first ticket's text. */
const TITLE_LENGTH = 120;
const WINDOW_MS = CLUSTER_WINDOW_DAYS * 86_400_000;
/** Cluster titles whose trigrams are kept between batches (a title never changes; this bounds memory). */
const TITLE_CACHE = 5_000;

/**
 * Gathers similar tickets of a district into one visible problem: a new ticket joins the cluster of
 * the most similar recent ticket (trigram similarity as pg_trgm defines it, computed here in Node),
 * or founds one with it. Tickets of unknown district are not clustered: "the same problem" means
 * the same place.
 */
@Injectable()
export class ClusterPlacementService {
  /** Trigrams of cluster titles already seen: each title is cut once, not once per batch. */
  private readonly titleTrigrams = new Map<string, Trigrams>();

  constructor(
    private readonly clusters: ClustersRepository,
    private readonly tickets: TicketsRepository,
  ) {}

  /**
   * The cluster the ticket joins (set on the ticket row), or null. `notYet`: tickets of the same
   * batch still to be placed, which must not be picked as partners ahead of their turn.
   */
  async place(ticket: TicketEntity, notYet: readonly string[] = []): Promise<{ clusterId: string; partnerId: string | null } | null> {
    if (!ticket.districtId) return null;
    const similar = await this.clusters.mostSimilar(ticket.districtId, ticket.text, ticket.receivedAt, [ticket.id, ...notYet]);
    if (!similar) return null;
    return { clusterId: await this.join(ticket, similar), partnerId: similar.clusterId ? null : similar.id };
  }

  /**
   * Before a batch of new tickets is written: each is matched with the most similar cluster of its
   * district active in the window (by title, as `mostSimilar` does), so each row is written once
   * with its cluster (a second UPDATE would rewrite every row and all its indexes). The similarity
   * is computed here, as pg_trgm defines it (libs/domain/src/trigram.ts): one query reads the batch's
   * candidate clusters, and no similarity() call per pair runs inside PostgreSQL.
   */
  async matchMany(inputs: Array<{ districtId: string | null; text: string; receivedAt: Date; clusterId?: string | null }>): Promise<void> {
    const placeable = inputs.filter((i): i is typeof i & { districtId: string } => i.districtId !== null && !i.clusterId);
    if (!placeable.length) return;
    const earliest = Math.min(...placeable.map((i) => i.receivedAt.getTime()));
    const candidates = await this.clusters.recentClusters([...new Set(placeable.map((i) => i.districtId))], new Date(earliest - WINDOW_MS));
    const byDistrict = new Map<string, typeof candidates>();
    for (const c of candidates) (byDistrict.get(c.districtId) ?? byDistrict.set(c.districtId, []).get(c.districtId)!).push(c);
    const matched = new Set<string>();
    for (const input of placeable) {
      const own = trigrams(input.text);
      const since = input.receivedAt.getTime() - WINDOW_MS;
      let best: { id: string; similarity: number } | null = null;
      // Most recently active first: at equal similarity the livelier cluster wins.
      for (const c of byDistrict.get(input.districtId) ?? []) {
        if (c.updatedAt.getTime() <= since) continue;
        const similarity = trigramSimilarity(own, this.trigramsOfTitle(c.title));
        if (similarity >= CLUSTER_SIMILARITY && similarity > (best?.similarity ?? 0)) best = { id: c.id, similarity };
      }
      input.clusterId = best?.id ?? null;
      if (best) matched.add(best.id);
    }
    await this.clusters.touch([...matched]);
  }

  private trigramsOfTitle(title: string): Trigrams {
    let cut = this.titleTrigrams.get(title);
    if (!cut) {
      if (this.titleTrigrams.size >= TITLE_CACHE) this.titleTrigrams.clear();
      cut = trigrams(title);
      this.titleTrigrams.set(title, cut);
    }
    return cut;
  }

  /**
   * After the batch is written: the tickets no existing cluster matched are placed one by one, in
   * arrival order, as if they had come one by one (they may found clusters, even with each other).
   */
  async placeUnmatched(tickets: TicketEntity[]): Promise<void> {
    const rest = tickets.filter((t) => t.districtId && !t.clusterId);
    const byId = new Map(rest.map((t) => [t.id, t]));
    for (const [i, t] of rest.entries()) {
      // Each sees only the tickets before it.
      const placed = await this.place(
        t,
        rest.slice(i + 1).map((r) => r.id),
      );
      // Founding a cluster with an earlier ticket of this batch puts that one in it too.
      const partner = placed?.partnerId ? byId.get(placed.partnerId) : undefined;
      if (partner) partner.clusterId = placed!.clusterId;
    }
  }

  /** A resident answering another resident's comment ("me too") joins that ticket's cluster, whatever the wording. */
  async joinTicket(ticket: TicketEntity, other: Pick<TicketEntity, 'id' | 'clusterId' | 'categoryCode' | 'text' | 'districtId'>): Promise<string> {
    return this.join(ticket, other);
  }

  /** Joins the other's cluster, or founds one with it (`other.id` null: it is a cluster, not a ticket). */
  private async join(
    ticket: TicketEntity,
    other: { id: string | null; clusterId: string | null; categoryCode: string | null; text: string; districtId?: string | null },
  ): Promise<string> {
    const clusterId =
      other.clusterId ??
      (await this.clusters.create({
        districtId: other.districtId ?? ticket.districtId,
        categoryCode: other.categoryCode ?? ticket.categoryCode,
        title: title(other.text),
      }));
    await this.tickets.setCluster(other.clusterId || !other.id ? [ticket.id] : [ticket.id, other.id], clusterId);
    await this.clusters.touch([clusterId]);
    ticket.clusterId = clusterId;
    return clusterId;
  }
}

function title(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= TITLE_LENGTH ? flat : `${flat.slice(0, TITLE_LENGTH - 1)}…`;
}
