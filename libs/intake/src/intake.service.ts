import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IntakeRepository, TicketsRepository, type CategoryEntity, type PageEntity, type PendingDelivery, type TicketEntity } from '@app/database';
import {
  detectLanguage,
  parseDelivery,
  routeText,
  type ChannelEvent,
  type EditEvent,
  type MessageEvent,
  type PageReplyEvent,
  type RemoveEvent,
  type WebhookChannel,
} from '@app/domain';
import { SlaService } from '@app/sla';
import { TicketFactory, TicketsService } from '@app/tickets';
import { ClusteringService } from './clustering.service.js';

/** Deliveries per transaction: large enough to amortise the commit, small enough to keep locks short. */
const BATCH = 50;
/** A delivery that fails this many times is set aside with its error (still stored) instead of blocking the inbox. */
const GIVE_UP_AFTER = 5;

export interface DeliveryOutcome {
  created: string[];
  edited: string[];
  removed: string[];
  pageReplies: string[];
  /** Changes already applied by an earlier delivery (a retry of the channel). */
  duplicates: number;
  ignored: string[];
  /** Changes about a comment Tynda never saw (a page reply or removal of an unknown comment). */
  orphans: string[];
}

/** What one drain pass reads once: the pages and routing rules as admins last set them. */
interface Context {
  pages: Map<string, PageEntity>;
  categories: CategoryEntity[];
  /** Tickets created or changed in this transaction, for the after-commit work. */
  created: TicketEntity[];
}

/**
 * The intake worker's side: takes stored deliveries from the inbox and applies what they mean
 * (tickets, edits, removals, the page's own replies). Every change is claimed in `channel_changes`
 * inside the same transaction, so a redelivered change is skipped by the database itself.
 */
@Injectable()
export class IntakeService {
  private readonly logger = new Logger(IntakeService.name);

  constructor(
    private readonly intake: IntakeRepository,
    private readonly tickets: TicketsRepository,
    private readonly factory: TicketFactory,
    private readonly sla: SlaService,
    private readonly clustering: ClusteringService,
    private readonly ticketWrites: TicketsService,
  ) {}

  /** Processes unprocessed deliveries a batch at a time until none is left; returns how many it processed. */
  async drain(): Promise<number> {
    const [pages, categories] = await Promise.all([this.intake.pages(), this.intake.categories()]);
    const pageIndex = new Map(pages.map((p) => [`${p.channel}:${p.externalId}`, p]));
    let total = 0;
    for (;;) {
      const ctx: Context = { pages: pageIndex, categories, created: [] };
      const processed = await this.intake.transaction(async (m) => {
        const batch = await this.intake.takePending(m, BATCH);
        for (const delivery of batch) await this.processOne(m, delivery, ctx);
        return batch.length;
      });
      await this.factory.afterCommit(ctx.created);
      total += processed;
      if (processed < BATCH) return total;
    }
  }

  /** One delivery in a savepoint: a bad one is recorded and retried later without undoing the others. */
  private async processOne(m: EntityManager, delivery: PendingDelivery, ctx: Context): Promise<void> {
    const createdBefore = ctx.created.length;
    await m.query('SAVEPOINT delivery');
    try {
      // Dated by the delivery's arrival where the channel gives no time: reprocessing gives the same result.
      const events = parseDelivery(delivery.channel, JSON.parse(delivery.body.toString('utf8')) as unknown, { receivedAt: delivery.receivedAt });
      const outcome: DeliveryOutcome = { created: [], edited: [], removed: [], pageReplies: [], duplicates: 0, ignored: [], orphans: [] };
      for (const event of events) await this.apply(m, delivery, event, ctx, outcome);
      await this.intake.markProcessed(m, delivery.id, { ...outcome });
      await m.query('RELEASE SAVEPOINT delivery');
    } catch (e) {
      await m.query('ROLLBACK TO SAVEPOINT delivery');
      ctx.created.length = createdBefore;
      const message = (e as Error).message;
      this.logger.warn({ message: 'delivery failed', deliveryId: delivery.id, channel: delivery.channel, attempt: delivery.attempts + 1, error: message });
      await this.intake.markFailed(m, delivery.id, message, GIVE_UP_AFTER);
    }
  }

  private async apply(m: EntityManager, delivery: PendingDelivery, event: ChannelEvent, ctx: Context, outcome: DeliveryOutcome): Promise<void> {
    if (event.type === 'ignored') {
      outcome.ignored.push(event.reason);
      return;
    }
    if (!(await this.intake.claimChange(m, delivery.channel, event.key, delivery.id))) {
      outcome.duplicates++;
      return;
    }
    switch (event.type) {
      case 'message':
        return this.onMessage(m, delivery.channel, event, ctx, outcome);
      case 'edit':
        return this.onEdit(m, delivery.channel, event, ctx, outcome);
      case 'remove':
        return this.onRemove(m, delivery.channel, event, outcome);
      case 'page_reply':
        return this.onPageReply(m, delivery.channel, event, outcome);
    }
  }

  private async onMessage(m: EntityManager, channel: WebhookChannel, event: Omit<MessageEvent, 'type' | 'key'>, ctx: Context, outcome: DeliveryOutcome): Promise<void> {
    // The same comment may already be a ticket (made from an edit that overtook it).
    if (await this.intake.ticketByExternalId(m, channel, event.externalId)) {
      outcome.duplicates++;
      return;
    }
    const page = event.pageExternalId ? ctx.pages.get(`${channel}:${event.pageExternalId}`) : undefined;
    const parent = event.parentExternalId ? await this.intake.ticketByExternalId(m, channel, event.parentExternalId) : null;
    const districtId = page?.districtId ?? parent?.districtId ?? null;
    const route = routeText(event.text, ctx.categories);
    // Straight to a department only when both the place and the subject are certain; else a press secretary triages.
    const category = route.certain && districtId ? (ctx.categories.find((c) => c.code === route.categoryCode) ?? null) : null;
    const ticket = await this.factory.create(m, {
      channel,
      externalId: event.externalId,
      pageId: page?.id ?? null,
      // An unknown page is never dropped: the ticket waits in triage with no district.
      districtId,
      author: event.author,
      text: event.text,
      receivedAt: event.receivedAt,
      category,
      actorId: null,
      createdPayload: {
        channel,
        pageExternalId: event.pageExternalId,
        ...(page ? {} : { unknownPage: true }),
        ...(parent ? { inReplyToTicketId: parent.id } : {}),
        ...(route.categoryCode && !category ? { suggestedCategoryCode: route.categoryCode } : {}),
      },
      triagedPayload: { automatic: true, matched: route.matched },
    });
    if (parent) await this.clustering.joinTicket(m, ticket, parent);
    else await this.clustering.place(m, ticket);
    ctx.created.push(ticket);
    outcome.created.push(ticket.id);
  }

  private async onEdit(m: EntityManager, channel: WebhookChannel, event: EditEvent, ctx: Context, outcome: DeliveryOutcome): Promise<void> {
    const ticket = await this.intake.ticketByExternalId(m, channel, event.externalId);
    // An edit of a comment Tynda never saw (its delivery was lost) still brings the resident in.
    if (!ticket) return this.onMessage(m, channel, { ...event.original, text: event.text }, ctx, outcome);
    if (ticket.text === event.text) return;
    const previousText = ticket.text;
    await this.tickets.update(m, ticket, { text: event.text, language: detectLanguage(event.text) });
    await this.tickets.appendEvents(m, [{ ticketId: ticket.id, type: 'ticket.edited_by_author', payload: { previousText, editedAt: event.at.toISOString() } }]);
    outcome.edited.push(ticket.id);
  }

  private async onRemove(m: EntityManager, channel: WebhookChannel, event: RemoveEvent, outcome: DeliveryOutcome): Promise<void> {
    const ticket = await this.intake.ticketByExternalId(m, channel, event.externalId);
    if (!ticket) {
      outcome.orphans.push(event.key);
      return;
    }
    // The problem may still be real: the ticket stays, its timeline says the comment is gone.
    await this.tickets.appendEvents(m, [{ ticketId: ticket.id, type: 'ticket.removed_by_author', payload: { removedAt: event.at.toISOString() } }]);
    outcome.removed.push(ticket.id);
  }

  /** The page answered natively on the channel: that is the ticket's public response, credited like one made in Tynda. */
  private async onPageReply(m: EntityManager, channel: WebhookChannel, event: PageReplyEvent, outcome: DeliveryOutcome): Promise<void> {
    const ticket = await this.intake.ticketByExternalId(m, channel, event.parentExternalId);
    if (!ticket) {
      outcome.orphans.push(event.key);
      return;
    }
    // A reply written in Tynda comes back from the channel once the outbound worker posted it: already recorded.
    if (await this.intake.hasReply(m, ticket.id, event.externalId)) {
      outcome.duplicates++;
      return;
    }
    const reply = await this.tickets.insertReply(m, {
      ticketId: ticket.id,
      authorId: null,
      body: event.text,
      visibility: 'public',
      deliveryStatus: 'not_applicable',
      externalId: event.externalId,
      createdAt: event.at,
    });
    const first = !ticket.firstResponseAt;
    const changes: Partial<TicketEntity> = first ? { firstResponseAt: event.at, firstResponseBusinessSeconds: await this.ticketWrites.firstResponseBusinessSeconds(ticket, event.at) } : {};
    const slaChanges = await this.sla.settle(ticket, changes, new Date());
    await this.tickets.update(m, ticket, { ...changes, ...slaChanges });
    await this.tickets.appendEvents(m, [
      { ticketId: ticket.id, type: 'ticket.replied', payload: { replyId: reply.id, visibility: 'public', native: true, channel, ...(first ? { firstResponse: true } : {}) } },
    ]);
    outcome.pageReplies.push(ticket.id);
  }
}
