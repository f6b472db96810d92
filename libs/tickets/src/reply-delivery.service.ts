import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { NotificationsRepository, PagesRepository, RepliesRepository, TicketsRepository, UnitOfWork, type ReplyToDeliver } from '@app/database';
import {
  Clock,
  openSecret,
  readChannelCredentials,
  scopeFieldsOf,
  type ChannelCredentials,
  type LiveEvent,
  type SecretKeyring,
  type WebhookChannel,
} from '@app/domain';
import { MetricsService } from '@app/observability';
import { JobOutbox, LiveEvents, QueueName, QueueProducer, jobIds } from '@app/queues';
import { SlaService } from '@app/sla';
import { DeliveryError, type ChannelClient, type OutboundReply } from './reply-channels/channel-client.js';
import { GraphClient } from './reply-channels/graph.client.js';
import { TelegramClient } from './reply-channels/telegram.client.js';
import { VkClient } from './reply-channels/vk.client.js';

/** A reply still pending this long after it was written lost its job (Redis was down): the sweep enqueues it again. */
const SWEEP_GRACE_MS = 60_000;
const SWEEP_BATCH = 500;

/** An `error` is the caller's to throw once this returned (committed): permanent, or retried with backoff. */
export type ReplyDeliveryOutcome =
  | { delivered: string; attempts: number; firstResponse: boolean }
  | { skipped: true }
  | { held: true; reason: string }
  | { error: DeliveryError; final: boolean };

/**
 * Posts public replies back to the resident's channel, as the page, with the page's own sealed
 * credentials (the global settings are the fallback of Telegram and VK). A transient failure is
 * returned for a retry with backoff; a permanent one, or the last attempt, marks the reply
 * `failed` with an event and flags the ticket. A refused token holds the page's replies until its
 * credentials are fixed. A delivered reply is the ticket's first response, at the delivery instant.
 */
@Injectable()
export class ReplyDeliveryService {
  private readonly logger = new Logger(ReplyDeliveryService.name);
  private readonly clients: Record<WebhookChannel, ChannelClient>;
  private readonly ring: SecretKeyring;

  constructor(
    private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly replies: RepliesRepository,
    private readonly tickets: TicketsRepository,
    private readonly pages: PagesRepository,
    private readonly notifications: NotificationsRepository,
    private readonly sla: SlaService,
    private readonly outbox: JobOutbox,
    private readonly queues: QueueProducer,
    private readonly live: LiveEvents,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
  ) {
    this.ring = config.secretKeyring;
    this.clients = {
      facebook: new GraphClient('facebook', 'comments', config.GRAPH_API_BASE_URL),
      instagram: new GraphClient('instagram', 'replies', config.GRAPH_API_BASE_URL),
      telegram: new TelegramClient(config.TELEGRAM_API_BASE_URL),
      vk: new VkClient(config.VK_API_BASE_URL),
    };
  }

  async deliver(replyId: string, lastAttempt: boolean): Promise<ReplyDeliveryOutcome> {
    let channel: string | undefined;
    const outcome = await this.uow.run(async (): Promise<ReplyDeliveryOutcome> => {
      // Delivered, failed or being posted by another run: BullMQ delivers at least once, the channel must not get it twice.
      const reply = await this.replies.lockPending(replyId);
      if (!reply) return { skipped: true };
      channel = reply.channel;
      // The page's token was refused: nothing is sent until an admin saves new credentials (which sends it).
      if (reply.pageConnectionState === 'reauthorization_required') return { held: true, reason: 'the page needs new credentials' };
      let externalId: string;
      try {
        externalId = (await this.clients[reply.channel as WebhookChannel]?.send(this.outbound(reply))) ?? this.unsupported(reply);
      } catch (e) {
        const error = e instanceof DeliveryError ? e : new DeliveryError(`${reply.channel}: ${(e as Error).message}`, false);
        if (error.authorization && reply.pageId) {
          await this.hold(reply, error);
          return { held: true, reason: error.message };
        }
        const final = error.permanent || lastAttempt;
        const attempts = await this.replies.markAttemptFailed(reply.id, error.message, final);
        if (final) await this.failedForGood(reply, error, attempts);
        return { error, final };
      }
      return { delivered: externalId, ...(await this.delivered(reply, externalId)) };
    });
    if (channel)
      this.metrics.increment('tynda_reply_deliveries_total', {
        channel,
        outcome: 'delivered' in outcome ? 'delivered' : 'held' in outcome ? 'held' : 'error' in outcome && outcome.final ? 'failed' : 'retry',
      });
    return outcome;
  }

  /**
   * In the open transaction, with the reply locked (`RepliesRepository.lockPending`): the channel
   * took it as `externalId`, now. The demo seed records its replies' deliveries through this too.
   */
  async delivered(reply: ReplyToDeliver, externalId: string): Promise<{ attempts: number; firstResponse: boolean }> {
    const at = this.clock.now();
    const attempts = await this.replies.markDelivered(reply.id, externalId, at);
    const firstResponse = await this.recordResponse(reply, at);
    await this.tickets.appendEvents([
      {
        ticketId: reply.ticketId,
        type: 'reply.delivered',
        payload: { replyId: reply.id, externalId, attempts, ...(firstResponse ? { firstResponse: true } : {}) },
      },
    ]);
    this.announceAfterCommit(reply.ticketId, []);
    return { attempts, firstResponse };
  }

  /** Safety net: pending replies whose job was lost are enqueued again, those whose job ended yet left them pending run afresh. */
  async sweep(): Promise<{ requeued: number }> {
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
        return {
          ...base,
          token: own?.channel === 'telegram' ? own.botToken : (this.config.TELEGRAM_BOT_TOKEN ?? null),
          missingToken: 'no bot token: the page has no credentials and TELEGRAM_BOT_TOKEN is not set',
        };
      default:
        return {
          ...base,
          token: own?.channel === 'vk' ? own.accessToken : (this.config.VK_ACCESS_TOKEN ?? null),
          missingToken: 'no community token: the page has no credentials and VK_ACCESS_TOKEN is not set',
        };
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
  private async hold(reply: ReplyToDeliver, error: DeliveryError): Promise<void> {
    await this.replies.markAttemptFailed(reply.id, error.message, false);
    await this.tickets.appendEvents([
      { ticketId: reply.ticketId, type: 'reply.held', payload: { replyId: reply.id, pageId: reply.pageId, error: error.message } },
    ]);
    const flipped = await this.pages.markReauthorizationRequired(reply.pageId!, error.message);
    this.logger.warn({ message: 'page needs reauthorization; its replies are held', pageId: reply.pageId, notified: flipped });
    let notified: string[] = [];
    if (flipped) {
      const audience = await this.pages.connectionAudience(reply.pageDistrictId);
      const ids = await this.notifications.notify(
        audience,
        reply.ticketId,
        'channel.reauthorization_required',
        `reauthorization:${reply.pageId}:${Date.now()}`,
      );
      await this.notifyAfterCommit(ids);
      if (ids.length) notified = audience;
    }
    this.announceAfterCommit(reply.ticketId, notified);
  }

  /** The resident heard nothing: the ticket is flagged and the reply's author told. */
  private async failedForGood(reply: ReplyToDeliver, error: DeliveryError, attempts: number): Promise<void> {
    await this.tickets.appendEvents([
      { ticketId: reply.ticketId, type: 'reply.delivery_failed', payload: { replyId: reply.id, error: error.message, attempts } },
    ]);
    await this.tickets.flagUndeliveredReply(reply.ticketId, new Date());
    const ids = reply.authorId ? await this.notifications.notify([reply.authorId], reply.ticketId, 'reply.undelivered', `undelivered:${reply.id}`) : [];
    await this.notifyAfterCommit(ids);
    this.announceAfterCommit(reply.ticketId, ids.length && reply.authorId ? [reply.authorId] : []);
  }

  /** The notifications' delivery jobs, staged with the write and handed to Redis once it committed. */
  private async notifyAfterCommit(notificationIds: string[]): Promise<void> {
    const staged = await this.outbox.stage(this.outbox.notifications(notificationIds));
    this.uow.afterCommit(() => this.outbox.dispatch(staged));
  }

  /** A delivered reply answers the ticket (it leaves the triage queue), a failed one flags it: the consoles re-read it once committed. */
  private announceAfterCommit(ticketId: string, notified: string[]): void {
    this.uow.afterCommit(async () => {
      const ticket = await this.tickets.findInScope({ kind: 'all' }, ticketId);
      const events: LiveEvent[] = notified.map((userId) => ({ kind: 'notification.created', ticketId, userId }));
      if (ticket) events.push({ kind: 'ticket.changed', ticketId, scopes: [scopeFieldsOf(ticket)] });
      this.live.publish(events);
    });
  }

  /** A delivered public reply is the ticket's first response (at the delivery instant) unless one came before; it also clears the flag. */
  private async recordResponse(reply: ReplyToDeliver, at: Date): Promise<boolean> {
    const t = await this.tickets.lockInScope({ kind: 'all' }, reply.ticketId);
    if (!t) return false;
    // The resident-verdict question (issue 16) asks; it is no answer to the resident's problem.
    const first = !t.firstResponseAt && t.residentConfirmationReplyId !== reply.id;
    const changes = { ...(first ? await this.sla.firstResponse(t, at) : {}), ...(t.undeliveredReplyAt ? { undeliveredReplyAt: null } : {}) };
    if (!Object.keys(changes).length) return false;
    await this.tickets.update(t, { ...changes, ...(await this.sla.settle(t, changes, at)) });
    return first;
  }
}
