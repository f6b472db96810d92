import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { AppConfig } from '@app/config';
import { RepliesRepository, TicketsRepository, type ReplyToDeliver } from '@app/database';
import type { WebhookChannel } from '@app/domain';
import { QueueName, QueueProducer, jobIds } from '@app/queues';
import { QueueProcessor, type TypedJob } from '../common/queue-processor.js';
import { DeliveryError, type ChannelClient } from './channel-client.js';
import { GraphClient } from './graph.client.js';
import { TelegramClient } from './telegram.client.js';
import { VkClient } from './vk.client.js';

/** A reply still pending this long after it was written lost its job (Redis was down): the sweep enqueues it again. */
const SWEEP_GRACE_MS = 60_000;
const SWEEP_BATCH = 500;

type Outcome = { delivered: string; attempts: number } | { skipped: true } | { error: DeliveryError; final: boolean };

/**
 * Posts public replies back to the resident's channel. Transient failures are thrown so BullMQ
 * retries with backoff; a permanent one, or the last attempt, marks the reply `failed` with an event
 * on the ticket's timeline, so a failure is never silent.
 */
@Injectable()
export class OutboundProcessor extends QueueProcessor<'outbound'> {
  private readonly clients: Record<WebhookChannel, ChannelClient>;

  constructor(
    config: AppConfig,
    private readonly replies: RepliesRepository,
    private readonly tickets: TicketsRepository,
    private readonly queues: QueueProducer,
  ) {
    // Each delivery holds a database connection for its HTTP call (the row lock): keep a few at once.
    super(QueueName.outbound, config, 5);
    this.clients = {
      facebook: new GraphClient('facebook', 'comments', config.GRAPH_API_BASE_URL),
      instagram: new GraphClient('instagram', 'replies', config.GRAPH_API_BASE_URL),
      telegram: new TelegramClient(config.TELEGRAM_API_BASE_URL, config.TELEGRAM_BOT_TOKEN),
      vk: new VkClient(config.VK_API_BASE_URL, config.VK_ACCESS_TOKEN),
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
    const outcome = await this.replies.transaction(async (m): Promise<Outcome> => {
      // Delivered, failed or being posted by another run: BullMQ delivers at least once, the channel must not get it twice.
      const reply = await this.replies.lockPending(m, replyId);
      if (!reply) return { skipped: true };
      let externalId: string;
      try {
        externalId = await this.send(reply);
      } catch (e) {
        const error = e instanceof DeliveryError ? e : new DeliveryError(`${reply.channel}: ${(e as Error).message}`, false);
        const final = error.permanent || lastAttempt;
        const attempts = await this.replies.markAttemptFailed(m, reply.id, error.message, final);
        if (final) await this.tickets.appendEvents(m, [{ ticketId: reply.ticketId, type: 'reply.delivery_failed', payload: { replyId: reply.id, error: error.message, attempts } }]);
        return { error, final };
      }
      const attempts = await this.replies.markDelivered(m, reply.id, externalId);
      await this.tickets.appendEvents(m, [{ ticketId: reply.ticketId, type: 'reply.delivered', payload: { replyId: reply.id, externalId, attempts } }]);
      return { delivered: externalId, attempts };
    });
    // Thrown after commit, so the attempt and its reason are stored whatever BullMQ does next.
    if ('error' in outcome) throw outcome.error.permanent ? new UnrecoverableError(outcome.error.message) : outcome.error;
    return outcome;
  }

  private send(reply: ReplyToDeliver): Promise<string> {
    const client = this.clients[reply.channel as WebhookChannel];
    if (!client) throw new DeliveryError(`${reply.channel}: Tynda does not deliver replies on this channel`, true);
    if (!reply.ticketExternalId) throw new DeliveryError(`${reply.channel}: the ticket has no message id on the channel to answer`, true);
    return client.send({ text: reply.body, ticketExternalId: reply.ticketExternalId, page: reply.pageId ? { id: reply.pageId, accessToken: reply.pageAccessToken } : null });
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
