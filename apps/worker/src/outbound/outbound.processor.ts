import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { NotificationsRepository, PagesRepository, RepliesRepository, TicketsRepository, type ReplyToDeliver } from '@app/database';
import { openSecret, readChannelCredentials, scopeFieldsOf, type ChannelCredentials, type LiveEvent, type SecretKeyring, type WebhookChannel } from '@app/domain';
import { JobOutbox, LiveEvents, QueueName, QueueProducer, jobIds, type StagedJobs } from '@app/queues';
import { SlaService } from '@app/sla';
import { QueueProcessor, type TypedJob } from '../common/queue-processor.js';
import { DeliveryError, type ChannelClient, type OutboundReply } from './channel-client.js';
import { GraphClient } from './graph.client.js';
import { TelegramClient } from './telegram.client.js';
import { VkClient } from './vk.client.js';

/** A reply still pending this long after it was written lost its job (Redis was down): the sweep enqueues it again. */
const SWEEP_GRACE_MS = 60_000;
const SWEEP_BATCH = 500;

type Outcome =
  | { delivered: string; attempts: number; firstResponse: boolean }
  | { skipped: true }
  | { held: true; reason: string }
  | { error: DeliveryError; final: boolean };

/**
 * Posts public replies back to the resident's channel, as the page, with the page's own sealed
 * credentials (the global settings are the fallback of Telegram and VK). Transient failures are
 * thrown so BullMQ retries with backoff; a permanent one, or the last attempt, marks the reply
 * `failed` with an event and flags the ticket. A refused token holds the page's replies until its
 * credentials are fixed. A delivered reply is the ticket's first response, at the delivery instant.
 */
@Injectable()
export class OutboundProcessor extends QueueProcessor<'outbound'> {
  private readonly clients: Record<WebhookChannel, ChannelClient>;
  private readonly ring: SecretKeyring;

  constructor(
    config: AppConfig,
    private readonly replies: RepliesRepository,
    private readonly tickets: TicketsRepository,
    private readonly pages: PagesRepository,
    private readonly notifications: NotificationsRepository,
    private readonly sla: SlaService,
    private readonly outbox: JobOutbox,
    private readonly queues: QueueProducer,
    private readonly live: LiveEvents,
  ) {
    // Each delivery holds a database connection for its HTTP call (the row lock): keep a few at once.
    super(QueueName.outbound, config, 5);
    this.ring = config.secretKeyring;
    this.clients = {
      facebook: new GraphClient('facebook', 'comments', config.GRAPH_API_BASE_URL),
      instagram: new GraphClient('instagram', 'replies', config.GRAPH_API_BASE_URL),
      telegram: new TelegramClient(config.TELEGRAM_API_BASE_URL),
      vk: new VkClient(config.VK_API_BASE_URL),
    };
  }

  protected async process(job: TypedJob<'outbound'>): Promise<unknown> {
    switch (job.name) {
      case 'outbound.deliver':
        return this.deliver(job.data.replyId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
      case 'outbound.sweep':
        return this.sweep();
    }
  }

  private async deliver(replyId: string, lastAttempt: boolean): Promise<Outcome> {
    let staged: StagedJobs | undefined;
    let channel: string | undefined;
    // What the consoles hear after the commit: the ticket whose reply changed state, and who was notified.
    let changed: { ticketId: string; notified: string[] } | undefined;
    const outcome = await this.replies.transaction(async (m): Promise<Outcome> => {
      // Delivered, failed or being posted by another run: BullMQ delivers at least once, the channel must not get it twice.
      const reply = await this.replies.lockPending(m, replyId);
      if (!reply) return { skipped: true };
      channel = reply.channel;
      // The page's token was refused: nothing is sent until an admin saves new credentials (which sends it).
      if (reply.pageConnectionState === 'reauthorization_required') return { held: true, reason: 'the page needs new credentials' };
      let externalId: string;
      try {
        externalId = await this.clients[reply.channel as WebhookChannel]?.send(this.outbound(reply)) ?? this.unsupported(reply);
      } catch (e) {
        const error = e instanceof DeliveryError ? e : new DeliveryError(`${reply.channel}: ${(e as Error).message}`, false);
        if (error.authorization && reply.pageId) {
          const held = await this.hold(m, reply, error);
          staged = held.staged;
          changed = { ticketId: reply.ticketId, notified: held.notified };
          return { held: true, reason: error.message };
        }
        const final = error.permanent || lastAttempt;
        const attempts = await this.replies.markAttemptFailed(m, reply.id, error.message, final);
        if (final) {
          const failed = await this.failedForGood(m, reply, error, attempts);
          staged = failed.staged;
          changed = { ticketId: reply.ticketId, notified: failed.notified };
        }
        return { error, final };
      }
      const at = new Date();
      const attempts = await this.replies.markDelivered(m, reply.id, externalId, at);
      const firstResponse = await this.recordResponse(m, reply, at);
      await this.tickets.appendEvents(m, [{ ticketId: reply.ticketId, type: 'reply.delivered', payload: { replyId: reply.id, externalId, attempts, ...(firstResponse ? { firstResponse: true } : {}) } }]);
      changed = { ticketId: reply.ticketId, notified: [] };
      return { delivered: externalId, attempts, firstResponse };
    });
    if (staged) await this.outbox.dispatch(staged);
    if (changed) await this.announce(changed.ticketId, changed.notified);
    if (channel) this.metrics.increment('tynda_reply_deliveries_total', { channel, outcome: 'delivered' in outcome ? 'delivered' : 'held' in outcome ? 'held' : 'error' in outcome && outcome.final ? 'failed' : 'retry' });
    // Thrown after commit, so the attempt and its reason are stored whatever BullMQ does next.
    if ('error' in outcome) throw outcome.error.permanent ? new UnrecoverableError(outcome.error.message) : outcome.error;
    return outcome;
  }

  /** What the channel client needs: the page's own token, or the global one of Telegram and VK. */
  private outbound(reply: ReplyToDeliver): OutboundReply {
    if (!reply.ticketExternalId) throw new DeliveryError(`${reply.channel}: the ticket has no message id on the channel to answer`, true);
    const own = this.credentials(reply);
    const base = { text: reply.body, ticketExternalId: reply.ticketExternalId, authorExternalId: reply.ticketAuthorExternalId };
    switch (own?.channel ?? reply.channel) {
      case 'facebook':
      case 'instagram':
        if (!reply.pageId) return { ...base, token: null, missingToken: 'the ticket has no page to answer as' };
        return { ...base, token: own && 'accessToken' in own ? own.accessToken : null, missingToken: `page ${reply.pageId} has no access token` };
      case 'telegram':
        return { ...base, token: own?.channel === 'telegram' ? own.botToken : (this.config.TELEGRAM_BOT_TOKEN ?? null), missingToken: 'no bot token: the page has no credentials and TELEGRAM_BOT_TOKEN is not set' };
      default:
        return { ...base, token: own?.channel === 'vk' ? own.accessToken : (this.config.VK_ACCESS_TOKEN ?? null), missingToken: 'no community token: the page has no credentials and VK_ACCESS_TOKEN is not set' };
    }
  }

  private credentials(reply: ReplyToDeliver): ChannelCredentials | null {
    if (!reply.pageCredentials) return null;
    const c = readChannelCredentials(reply.channel, openSecret(this.ring, reply.pageCredentials));
    if (!c) throw new DeliveryError(`${reply.channel}: the credentials of page ${reply.pageId} do not fit a ${reply.channel} page`, true);
    return c;
  }

  private unsupported(reply: ReplyToDeliver): never {
    throw new DeliveryError(`${reply.channel}: Tynda does not deliver replies on this channel`, true);
  }

  /**
   * The channel refused the page's token: the reply stays pending (its attempt counted, the reason
   * kept), the page needs reauthorization, and whoever can fix it hears of it once.
   */
  private async hold(m: EntityManager, reply: ReplyToDeliver, error: DeliveryError): Promise<{ staged?: StagedJobs; notified: string[] }> {
    await this.replies.markAttemptFailed(m, reply.id, error.message, false);
    await this.tickets.appendEvents(m, [{ ticketId: reply.ticketId, type: 'reply.held', payload: { replyId: reply.id, pageId: reply.pageId, error: error.message } }]);
    const flipped = await this.pages.markReauthorizationRequired(m, reply.pageId!, error.message);
    this.logger.warn({ message: 'page needs reauthorization; its replies are held', pageId: reply.pageId, notified: flipped });
    if (!flipped) return { notified: [] };
    const audience = await this.pages.connectionAudience(m, reply.pageDistrictId);
    const ids = await this.notifications.notify(m, audience, reply.ticketId, 'channel.reauthorization_required', `reauthorization:${reply.pageId}:${Date.now()}`);
    return { staged: await this.outbox.stage(m, this.outbox.notifications(ids)), notified: ids.length ? audience : [] };
  }

  /** The resident heard nothing: the ticket is flagged and the reply's author told. */
  private async failedForGood(m: EntityManager, reply: ReplyToDeliver, error: DeliveryError, attempts: number): Promise<{ staged: StagedJobs; notified: string[] }> {
    await this.tickets.appendEvents(m, [{ ticketId: reply.ticketId, type: 'reply.delivery_failed', payload: { replyId: reply.id, error: error.message, attempts } }]);
    await this.replies.flagUndelivered(m, reply.ticketId, new Date());
    const ids = reply.authorId ? await this.notifications.notify(m, [reply.authorId], reply.ticketId, 'reply.undelivered', `undelivered:${reply.id}`) : [];
    return { staged: await this.outbox.stage(m, this.outbox.notifications(ids)), notified: ids.length && reply.authorId ? [reply.authorId] : [] };
  }

  /** A delivered reply answers the ticket (it leaves the triage queue), a failed one flags it: the consoles re-read it. */
  private async announce(ticketId: string, notified: string[]): Promise<void> {
    const ticket = await this.tickets.findInScope({ kind: 'all' }, ticketId);
    const events: LiveEvent[] = notified.map((userId) => ({ kind: 'notification.created', ticketId, userId }));
    if (ticket) events.push({ kind: 'ticket.changed', ticketId, scopes: [scopeFieldsOf(ticket)] });
    this.live.publish(events);
  }

  /** A delivered public reply is the ticket's first response (at the delivery instant) unless one came before; it also clears the flag. */
  private async recordResponse(m: EntityManager, reply: ReplyToDeliver, at: Date): Promise<boolean> {
    const t = await this.tickets.lockInScope(m, { kind: 'all' }, reply.ticketId);
    if (!t) return false;
    // The resident-verdict question (issue 16) asks; it is no answer to the resident's problem.
    const first = !t.firstResponseAt && t.residentConfirmationReplyId !== reply.id;
    const changes = { ...(first ? await this.sla.firstResponse(t, at) : {}), ...(t.undeliveredReplyAt ? { undeliveredReplyAt: null } : {}) };
    if (!Object.keys(changes).length) return false;
    await this.tickets.update(m, t, { ...changes, ...(await this.sla.settle(t, changes, at)) });
    return first;
  }

  private async sweep(): Promise<{ requeued: number }> {
    const queue = this.queues.queue(QueueName.outbound);
    const stale = await this.replies.pendingSince(new Date(Date.now() - SWEEP_GRACE_MS), SWEEP_BATCH);
    let requeued = 0;
    for (const replyId of stale) {
      const jobId = jobIds.outboundDeliver(replyId);
      const job = await queue.getJob(jobId);
      const state = job ? await job.getState() : 'unknown';
      if (!job || state === 'unknown') {
        await this.queues.enqueue(QueueName.outbound, 'outbound.deliver', { replyId }, { jobId });
      } else if (state === 'completed' || state === 'failed') {
        // Its job ended yet the reply is still pending (a stalled worker, PostgreSQL down at the end): run it afresh.
        await job.retry(state, { resetAttemptsMade: true });
      } else continue;
      requeued++;
    }
    return { requeued };
  }
}
