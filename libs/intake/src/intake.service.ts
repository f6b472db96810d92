import { Injectable, Logger } from '@nestjs/common';
import { IntakeRepository, TicketsRepository, UnitOfWork, type CategoryEntity, type PageEntity, type PendingDelivery, type TicketEntity } from '@app/database';
import {
  cleanJson,
  cleanText,
  detectLanguage,
  messageKey,
  parseDelivery,
  routeText,
  type ChannelEvent,
  type RoutingModel,
  type EditEvent,
  type MessageEvent,
  type PageReplyEvent,
  type RemoveEvent,
  type WebhookChannel,
} from '@app/domain';
import { SlaService } from '@app/sla';
import { ResidentVerdictService, TicketFactory, type NewTicket } from '@app/tickets';
import { ClusterPlacementService } from './cluster-placement.service.js';
import { RouterService } from './router.service.js';

/**
 * Deliveries per transaction: large enough to spread a batch's fixed work over many tickets (with
 * half-second drains, 500 took ~20% less CPU per ticket than 200 every 100 ms; 1,000 saved another
 * ~8%), small enough to bound memory (a body may reach BODY_LIMIT, 1 MB) and to keep locks short:
 * a batch is written in well under a second.
 */
const BATCH = 500;
/** A delivery that fails this many times is set aside with its error (still stored) instead of blocking the inbox. */
const GIVE_UP_AFTER = 5;

export interface DeliveryOutcome {
  created: string[];
  edited: string[];
  removed: string[];
  pageReplies: string[];
  /** Tickets a resident's reply in the thread gave their verdict on (confirmed or disputed, issue 16). */
  verdicts: string[];
  /** Changes already applied by an earlier delivery (a retry of the channel). */
  duplicates: number;
  ignored: string[];
  /** Changes about a comment Tynda never saw (a page reply or removal of an unknown comment). */
  orphans: string[];
}

interface Parsed {
  delivery: PendingDelivery;
  events: ChannelEvent[];
  outcome: DeliveryOutcome;
}

const emptyOutcome = (): DeliveryOutcome => ({ created: [], edited: [], removed: [], pageReplies: [], verdicts: [], duplicates: 0, ignored: [], orphans: [] });

/** What one drain pass reads once: the pages and routing rules as admins last set them. */
interface Context {
  pages: Map<string, PageEntity>;
  categories: CategoryEntity[];
  /** The router's model as of this drain (the newest trained version, or the cold-start one). */
  model: RoutingModel;
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
    private readonly placement: ClusterPlacementService,
    private readonly router: RouterService,
    private readonly verdicts: ResidentVerdictService,
    private readonly uow: UnitOfWork,
  ) {}

  /** Processes unprocessed deliveries a batch at a time until none is left; returns how many it processed. */
  async drain(): Promise<number> {
    const [pages, categories] = await Promise.all([this.intake.pages(), this.intake.categories()]);
    const pageIndex = new Map(pages.map((p) => [`${p.channel}:${p.externalId}`, p]));
    const model = await this.router.model(categories);
    let total = 0;
    for (;;) {
      const ctx: Context = { pages: pageIndex, categories, model, created: [] };
      const processed = await this.uow.run(async () => {
        const batch = await this.intake.takePending(BATCH);
        await this.processBatch(batch, ctx);
        await this.factory.followUp(ctx.created);
        return batch.length;
      });
      total += processed;
      if (processed < BATCH) return total;
    }
  }

  /**
   * A batch in one transaction. New top-level comments — nearly all the traffic — are created for
   * the whole batch at once (claims, tickets, events and clusters in a few statements: round trips
   * are what limits intake); everything else goes delivery by delivery, each in a savepoint, so a
   * bad delivery is recorded and retried without undoing the others.
   */
  private async processBatch(batch: PendingDelivery[], ctx: Context): Promise<void> {
    const parsed: Parsed[] = [];
    for (const delivery of batch) {
      try {
        // The inbox keeps the exact bytes (they are signed); what is stored from them is cleaned of
        // what PostgreSQL refuses (NUL, lone surrogates from JSON escapes). Dated by the delivery's
        // arrival where the channel gives no time: reprocessing gives the same result.
        const body = cleanJson(JSON.parse(delivery.body.toString('utf8')) as unknown);
        const events = parseDelivery(delivery.channel, body, { receivedAt: delivery.receivedAt });
        parsed.push({ delivery, events, outcome: emptyOutcome() });
      } catch (e) {
        await this.failed(delivery, e);
      }
    }
    let handled = new Set<ChannelEvent>();
    try {
      handled = await this.uow.savepoint(() => this.createNewComments(parsed, ctx));
    } catch (e) {
      // Whatever broke the batch is found again below, delivery by delivery, and only that one fails.
      this.logger.warn({ message: 'batch intake failed; processing delivery by delivery', error: (e as Error).message });
      ctx.created.length = 0;
      for (const p of parsed) p.outcome = emptyOutcome();
    }
    const done: Parsed[] = [];
    for (const p of parsed) {
      const rest = p.events.filter((e) => !handled.has(e));
      if (!rest.length) done.push(p);
      else if (await this.processRest(p, rest, ctx)) done.push(p);
    }
    await this.intake.markProcessedMany(done.map((p) => ({ id: p.delivery.id, outcome: { ...p.outcome } })));
  }

  /** New comments not answering another comment, for the whole batch; returns the events it handled. */
  private async createNewComments(parsed: Parsed[], ctx: Context): Promise<Set<ChannelEvent>> {
    const items = parsed.flatMap((p) => p.events.flatMap((e) => (e.type === 'message' && !e.parentExternalId ? [{ p, e }] : [])));
    if (!items.length) return new Set();
    const fresh = await this.intake.claimChanges(items.map(({ p, e }) => ({ channel: p.delivery.channel, key: e.key, deliveryId: p.delivery.id })));
    const toCreate: typeof items = [];
    for (const item of items) {
      // The first holder of a fresh key creates it; a repeat (in this batch or an earlier one) is a duplicate.
      if (fresh.delete(`${item.p.delivery.channel}:${item.e.key}`)) toCreate.push(item);
      else item.p.outcome.duplicates++;
    }
    const inputs = toCreate.map(({ p, e }) => this.newTicket(p.delivery.channel, e, null, ctx));
    await this.placement.matchMany(inputs);
    const tickets = await this.factory.createMany(inputs);
    await this.placement.placeUnmatched(tickets);
    tickets.forEach((t, i) => toCreate[i]!.p.outcome.created.push(t.id));
    ctx.created.push(...tickets);
    return new Set(items.map((i) => i.e));
  }

  /** The rest of one delivery's events, in a savepoint; false when it failed (recorded for a retry). */
  private async processRest(p: Parsed, events: ChannelEvent[], ctx: Context): Promise<boolean> {
    const createdBefore = ctx.created.length;
    const outcomeBefore = structuredClone(p.outcome);
    try {
      await this.uow.savepoint(async () => {
        for (const event of events) await this.apply(p.delivery, event, ctx, p.outcome);
      });
      return true;
    } catch (e) {
      ctx.created.length = createdBefore;
      p.outcome = outcomeBefore;
      await this.failed(p.delivery, e);
      return false;
    }
  }

  private async failed(delivery: PendingDelivery, e: unknown): Promise<void> {
    // A parser's message may quote the delivery's text, and last_error is a text column.
    const message = cleanText((e as Error).message);
    this.logger.warn({ message: 'delivery failed', deliveryId: delivery.id, channel: delivery.channel, attempt: delivery.attempts + 1, error: message });
    await this.intake.markFailed(delivery.id, message, GIVE_UP_AFTER);
  }

  private async apply(delivery: PendingDelivery, event: ChannelEvent, ctx: Context, outcome: DeliveryOutcome): Promise<void> {
    if (event.type === 'ignored') {
      outcome.ignored.push(event.reason);
      return;
    }
    if (!(await this.intake.claimChange(delivery.channel, event.key, delivery.id))) {
      outcome.duplicates++;
      return;
    }
    switch (event.type) {
      case 'message':
        return this.onMessage(delivery.channel, event, ctx, outcome);
      case 'edit':
        return this.onEdit(delivery.channel, event, ctx, outcome);
      case 'remove':
        return this.onRemove(delivery.channel, event, outcome);
      case 'page_reply':
        return this.onPageReply(delivery.channel, event, outcome);
    }
  }

  /** A comment answering another one (joins its cluster), or one created from an edit that overtook it. */
  private async onMessage(channel: WebhookChannel, event: Omit<MessageEvent, 'type' | 'key'>, ctx: Context, outcome: DeliveryOutcome): Promise<void> {
    // The resident answering "is it solved?" in the thread gives a verdict, not a new ticket; a reply that says neither yes nor no is an ordinary comment.
    if (event.parentExternalId) {
      const verdictOn = await this.verdicts.fromThread(channel, {
        parentExternalId: event.parentExternalId,
        externalId: event.externalId,
        authorExternalId: event.author.externalId,
        text: event.text,
        receivedAt: event.receivedAt,
      });
      if (verdictOn) {
        outcome.verdicts.push(verdictOn);
        return;
      }
    }
    const parent = event.parentExternalId ? await this.intake.ticketByExternalId(channel, event.parentExternalId) : null;
    const ticket = await this.factory.create(this.newTicket(channel, event, parent, ctx));
    if (parent) await this.placement.joinTicket(ticket, parent);
    else await this.placement.place(ticket);
    ctx.created.push(ticket);
    outcome.created.push(ticket.id);
  }

  /** What a resident's comment becomes: its page's district, routed by keywords and the model. */
  private newTicket(channel: WebhookChannel, event: Omit<MessageEvent, 'type' | 'key'>, parent: TicketEntity | null, ctx: Context): NewTicket {
    const page = event.pageExternalId ? ctx.pages.get(`${channel}:${event.pageExternalId}`) : undefined;
    const districtId = page?.districtId ?? parent?.districtId ?? null;
    const route = routeText(event.text, ctx.categories, ctx.model);
    // Straight to a department only when both the place and the subject are certain (calibrated
    // confidence at the model's threshold); else a press secretary triages, with the suggestion.
    const category = route.certain && districtId ? (ctx.categories.find((c) => c.code === route.categoryCode) ?? null) : null;
    return {
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
        ...(route.categoryCode && !category ? { suggestedCategoryCode: route.categoryCode, suggestionConfidence: route.confidence } : {}),
      },
      triagedPayload: { automatic: true, matched: route.matched, confidence: route.confidence },
    };
  }

  private async onEdit(channel: WebhookChannel, event: EditEvent, ctx: Context, outcome: DeliveryOutcome): Promise<void> {
    const ticket = await this.intake.ticketByExternalId(channel, event.externalId);
    // An edit of a comment Tynda never saw (its delivery was lost) still brings the resident in; it
    // takes the comment's own key, so the comment arriving later is a duplicate, not a second ticket.
    if (!ticket) {
      if (!(await this.intake.claimChange(channel, messageKey(event.externalId), null))) {
        throw new Error(`comment ${event.externalId} is being created by another delivery; the edit is retried after it`);
      }
      return this.onMessage(channel, { ...event.original, text: event.text }, ctx, outcome);
    }
    if (ticket.text === event.text) return;
    const previousText = ticket.text;
    await this.tickets.update(ticket, { text: event.text, language: detectLanguage(event.text) });
    await this.tickets.appendEvents([{ ticketId: ticket.id, type: 'ticket.edited_by_author', payload: { previousText, editedAt: event.at.toISOString() } }]);
    outcome.edited.push(ticket.id);
  }

  private async onRemove(channel: WebhookChannel, event: RemoveEvent, outcome: DeliveryOutcome): Promise<void> {
    const ticket = await this.intake.ticketByExternalId(channel, event.externalId);
    if (!ticket) {
      outcome.orphans.push(event.key);
      return;
    }
    // The problem may still be real: the ticket stays, its timeline says the comment is gone.
    await this.tickets.appendEvents([{ ticketId: ticket.id, type: 'ticket.removed_by_author', payload: { removedAt: event.at.toISOString() } }]);
    outcome.removed.push(ticket.id);
  }

  /** The page answered natively on the channel: that is the ticket's public response, credited like one made in Tynda. */
  private async onPageReply(channel: WebhookChannel, event: PageReplyEvent, outcome: DeliveryOutcome): Promise<void> {
    const ticket = await this.intake.ticketByExternalId(channel, event.parentExternalId);
    if (!ticket) {
      outcome.orphans.push(event.key);
      return;
    }
    // A reply written in Tynda comes back from the channel once the outbound worker posted it: already recorded.
    if (await this.intake.hasReply(ticket.id, event.externalId)) {
      outcome.duplicates++;
      return;
    }
    const reply = await this.tickets.insertReply({
      ticketId: ticket.id,
      authorId: null,
      body: event.text,
      visibility: 'public',
      deliveryStatus: 'not_applicable',
      externalId: event.externalId,
      createdAt: event.at,
    });
    const first = !ticket.firstResponseAt;
    const changes: Partial<TicketEntity> = first ? await this.sla.firstResponse(ticket, event.at) : {};
    const slaChanges = await this.sla.settle(ticket, changes, new Date());
    await this.tickets.update(ticket, { ...changes, ...slaChanges });
    await this.tickets.appendEvents([
      {
        ticketId: ticket.id,
        type: 'ticket.replied',
        payload: { replyId: reply.id, visibility: 'public', native: true, channel, ...(first ? { firstResponse: true } : {}) },
      },
    ]);
    outcome.pageReplies.push(ticket.id);
  }
}
