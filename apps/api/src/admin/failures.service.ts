import { Injectable, Logger, ServiceUnavailableException, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import type { DeliveryFailureView, FailureView, FailuresPageView, JobFailureView, ReplyFailureView, RetriedFailureView } from '@app/contracts';
import { IntakeRepository, RepliesRepository, TicketsRepository, UnitOfWork, type FailedDelivery, type FailedReply } from '@app/database';
import {
  DomainError,
  FAILURE_KINDS,
  boundAfter,
  deliveryPreview,
  isFailureKind,
  mergeNewestFirst,
  notFound,
  withinBound,
  type FailureBound,
  type FailureKind,
  type FailurePosition,
} from '@app/domain';
import { InboxService } from '@app/intake';
import { QueueName, QueueProducer, createRedis, jobIds, withTimeout } from '@app/queues';
import type { AuthUser } from '../auth/auth-user.js';
import { MetricsService, type Sample } from '@app/observability';

const QUEUES = Object.values(QueueName);
const isQueueName = (v: string): v is QueueName => (QUEUES as string[]).includes(v);

/** How long a scrape or a list waits for Redis before it answers with what PostgreSQL holds alone. */
const REDIS_TIMEOUT_MS = 1500;

// The answers' shapes are the console's too (libs/contracts); here with their instants as Dates.
type DeliveryFailure = DeliveryFailureView<Date>;
type JobFailure = JobFailureView<Date>;
type ReplyFailure = ReplyFailureView<Date>;
type Failure = FailureView<Date>;
type FailuresPage = FailuresPageView<Date>;

/** A failed job as its queue's sorted set of failures holds it: an id and the instant it failed. */
interface JobPosition extends FailurePosition {
  kind: 'job';
  queue: QueueName;
  jobId: string;
}

const deliveryView = (d: FailedDelivery): DeliveryFailure => ({
  kind: 'delivery',
  id: d.id,
  failedAt: d.failedAt,
  error: d.lastError,
  channel: d.channel,
  receivedAt: d.receivedAt,
  attempts: d.attempts,
  lastError: d.lastError,
  // toString replaces a UTF-8 character cut at the end of the bytes read.
  preview: deliveryPreview(d.head.toString('utf8')),
});

const replyView = (r: FailedReply): ReplyFailure => ({
  kind: 'reply',
  id: r.id,
  failedAt: r.failedAt,
  error: r.deliveryError,
  replyId: r.id,
  ticketId: r.ticketId,
  ticketReference: r.ticketReference,
  channel: r.channel,
  deliveryError: r.deliveryError,
  attempts: r.attempts,
});

function jobView(queue: QueueName, job: Job): JobFailure {
  const finishedOn = job.finishedOn ?? job.timestamp;
  return {
    kind: 'job',
    id: `${queue}/${job.id}`,
    failedAt: new Date(finishedOn),
    error: job.failedReason,
    queue,
    name: job.name,
    jobId: job.id!,
    data: job.data as unknown,
    failedReason: job.failedReason,
    attemptsMade: job.attemptsMade,
    finishedOn,
  };
}

function encodeCursor(p: FailurePosition): string {
  return Buffer.from(JSON.stringify([p.failedAt.toISOString(), p.kind, p.id])).toString('base64url');
}

function decodeCursor(cursor: string): FailurePosition {
  try {
    const [at, kind, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, string];
    const failedAt = new Date(at);
    if (Number.isNaN(failedAt.getTime()) || !isFailureKind(kind) || typeof id !== 'string' || !id) throw new Error('bad');
    return { failedAt, kind, id };
  } catch {
    throw new DomainError('validation', 'cursor is not valid: pass back the nextCursor of a previous page unchanged');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BIGINT = /^[1-9][0-9]{0,17}$/;

/**
 * What exhausted its retries and waits for an admin: inbox deliveries the intake gave up on,
 * BullMQ jobs left in a queue's `failed` set, public replies the channel never took. Lists them
 * newest first, sends one back to work, and counts them on /metrics.
 */
@Injectable()
export class FailuresService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(FailuresService.name);
  /** Reads the queues' failed sets by score (BullMQ's own getters page by position only). */
  private redis?: Redis;

  constructor(
    private readonly config: AppConfig,
    private readonly intake: IntakeRepository,
    private readonly replies: RepliesRepository,
    private readonly tickets: TicketsRepository,
    private readonly queues: QueueProducer,
    private readonly inbox: InboxService,
    private readonly metrics: MetricsService,
    private readonly uow: UnitOfWork,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge(
      'tynda_failures',
      'Items that exhausted their retries and wait for an admin (GET /api/v1/admin/failures): inbox deliveries, replies, and failed jobs by queue.',
      () => this.samples(),
    );
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }

  async list(q: { kind?: FailureKind; limit: number; cursor?: string }): Promise<FailuresPage> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    const kinds = q.kind ? [q.kind] : FAILURE_KINDS;
    const unavailable: Partial<Record<FailureKind, string>> = {};
    // Each source gives one more than a page past the cursor: the merge then knows whether more remain.
    const sources = await Promise.all(
      kinds.map(async (kind): Promise<Array<DeliveryFailure | ReplyFailure | JobPosition>> => {
        const bound = boundAfter(kind, cursor);
        if (kind === 'delivery') return (await this.intake.failedDeliveries(bound, q.limit + 1)).map(deliveryView);
        if (kind === 'reply') return (await this.replies.failedReplies(bound, q.limit + 1)).map(replyView);
        // Redis down must not hide what PostgreSQL holds: the page says the jobs are missing instead.
        return withTimeout(this.failedJobPositions(bound, q.limit + 1), REDIS_TIMEOUT_MS, `Redis: no answer within ${REDIS_TIMEOUT_MS} ms`).catch(
          (e: Error) => {
            unavailable.job = `the failed jobs could not be read: ${e.message}`;
            return [];
          },
        );
      }),
    );
    const page = mergeNewestFirst(sources, q.limit);
    // A job retried or removed since its id was read is left out; the cursor still follows the merged order.
    const items = (await Promise.all(page.items.map((i) => (i.kind === 'job' ? this.jobFailure(i) : i)))).filter((i): i is Failure => i !== null);
    const last = page.items.at(-1);
    return { items, nextCursor: page.more && last ? encodeCursor(last) : null, ...(Object.keys(unavailable).length ? { unavailable } : {}) };
  }

  /** Sends one failed item back to work; 404 when unknown, 409 when it is no longer failed. */
  async retry(actor: AuthUser, kind: string, id: string): Promise<RetriedFailureView<Date>> {
    const retriedAt = new Date();
    switch (kind) {
      case 'delivery':
        return { ...(await this.retryDelivery(id)), retriedAt };
      case 'job':
        return { ...(await this.retryJob(id)), retriedAt };
      case 'reply':
        return { ...(await this.retryReply(actor, id)), retriedAt };
      default:
        throw new DomainError('not_found', `unknown kind of failure '${kind}': one of ${FAILURE_KINDS.join(', ')}`);
    }
  }

  private async retryDelivery(id: string): Promise<DeliveryFailure> {
    if (!BIGINT.test(id)) throw notFound('delivery', id);
    const result = await this.intake.retryFailed(id);
    if (result === 'unknown') throw notFound('delivery', id);
    if (result === 'not_failed') throw new DomainError('conflict', `delivery ${id} is not failed (processed, pending or retried already)`);
    // Redis down: the worker's relay finds the pending delivery in PostgreSQL and asks for the drain itself.
    if (!(await this.inbox.kick())) this.logger.warn({ message: 'retried delivery waits for the relay', deliveryId: id });
    return deliveryView(result);
  }

  /** Jobs live in Redis only: while it does not answer, a retry of one is a 503 (Retry-After), not a hang. */
  private async retryJob(id: string): Promise<JobFailure> {
    const slash = id.indexOf('/');
    const queueName = id.slice(0, slash);
    const jobId = id.slice(slash + 1);
    if (slash < 1 || !jobId || !isQueueName(queueName)) throw notFound('job', id);
    try {
      return await withTimeout(this.retryJobIn(queueName, jobId, id), REDIS_TIMEOUT_MS, `Redis: no answer within ${REDIS_TIMEOUT_MS} ms`);
    } catch (e) {
      if (e instanceof DomainError) throw e;
      throw new ServiceUnavailableException(`Redis is unavailable; the job cannot be retried now (${(e as Error).message})`);
    }
  }

  private async retryJobIn(queueName: QueueName, jobId: string, id: string): Promise<JobFailure> {
    const job = await this.queues.queue(queueName).getJob(jobId);
    if (!job) throw notFound('job', id);
    const state = await job.getState();
    if (state !== 'failed') throw new DomainError('conflict', `job ${id} is ${state}, not failed`);
    const item = jobView(queueName, job);
    try {
      await job.retry('failed', { resetAttemptsMade: true });
    } catch (e) {
      // Retried by someone else between the two calls.
      const now = await job.getState();
      if (now !== 'failed') throw new DomainError('conflict', `job ${id} is ${now}, not failed`);
      throw e;
    }
    return item;
  }

  private async retryReply(actor: AuthUser, id: string): Promise<ReplyFailure> {
    if (!UUID.test(id)) throw notFound('reply', id);
    const reply = await this.uow.run(async () => {
      const r = await this.replies.lockForRetry(id);
      if (!r) throw notFound('reply', id);
      if (r.deliveryStatus !== 'failed') throw new DomainError('conflict', `reply ${id} is ${r.deliveryStatus}, not failed`);
      await this.replies.resetForRetry(id);
      await this.tickets.appendEvents([
        {
          ticketId: r.ticketId,
          type: 'reply.retry_requested',
          actorId: actor.id,
          payload: { replyId: id, previousError: r.deliveryError, attempts: r.attempts },
        },
      ]);
      this.uow.afterCommit(() => this.requeueReply(id));
      return r;
    });
    return replyView(reply);
  }

  /**
   * The reply's job keeps its deterministic id, and after a failure it still sits in the failed set,
   * where a new add with that id would be ignored: run that job again, or add it when it is gone.
   * If Redis does not answer, the outbound sweep finds the pending reply and enqueues it.
   */
  private async requeueReply(replyId: string): Promise<void> {
    const jobId = jobIds.outboundDeliver(replyId);
    const requeue = async (): Promise<void> => {
      const job = await this.queues.queue(QueueName.outbound).getJob(jobId);
      const state = job ? await job.getState() : 'unknown';
      if (job && (state === 'failed' || state === 'completed')) await job.retry(state, { resetAttemptsMade: true });
      else if (!job || state === 'unknown') await this.queues.enqueue(QueueName.outbound, 'outbound.deliver', { replyId }, { jobId });
      // Waiting, delayed or active: that run finds the reply pending and delivers it.
    };
    try {
      // Bounded like every enqueue: the reply is pending in PostgreSQL already, the answer must not wait for Redis.
      await this.queues.bounded(requeue(), `the delivery job of reply ${replyId}`);
    } catch (e) {
      this.logger.warn({ message: 'retried reply waits for the outbound sweep', replyId, error: (e as Error).message });
    }
  }

  /** Ids of failed jobs past `bound`, newest first, across every queue (at most `limit` per queue). */
  private async failedJobPositions(bound: FailureBound | null, limit: number): Promise<JobPosition[]> {
    const redis = this.connection();
    const perQueue = await Promise.all(
      QUEUES.map(async (queue) => {
        const key = this.queues.queue(queue).keys.failed!;
        const max = bound ? `(${bound.failedAt.getTime()}` : '+inf';
        const older = await redis.zrevrangebyscore(key, max, '-inf', 'WITHSCORES', 'LIMIT', 0, limit);
        // Jobs failed in the cursor's own millisecond: few, read whole and filtered here.
        const ties =
          bound && (bound.inclusive || bound.idBelow) ? await redis.zrangebyscore(key, bound.failedAt.getTime(), bound.failedAt.getTime(), 'WITHSCORES') : [];
        const positions: JobPosition[] = [];
        for (const flat of [older, ties]) {
          for (let i = 0; i < flat.length; i += 2) {
            positions.push({ kind: 'job', id: `${queue}/${flat[i]!}`, failedAt: new Date(Number(flat[i + 1])), queue, jobId: flat[i]! });
          }
        }
        return positions.filter((p) => withinBound('job', p, bound));
      }),
    );
    return mergeNewestFirst(perQueue, limit).items;
  }

  private async jobFailure(p: JobPosition): Promise<JobFailure | null> {
    const job = await this.queues.queue(p.queue).getJob(p.jobId);
    return job ? jobView(p.queue, job) : null;
  }

  /** Indexed COUNTs in PostgreSQL, and each queue's failed-set size in Redis; either may be missing when its store is down. */
  private async samples(): Promise<Sample[]> {
    const [deliveries, replies, jobs] = await Promise.allSettled([
      this.intake.countFailed(),
      this.replies.countFailed(),
      withTimeout(
        Promise.all(QUEUES.map(async (queue) => [queue, (await this.queues.queue(queue).getJobCounts('failed')).failed ?? 0] as const)),
        REDIS_TIMEOUT_MS,
        `Redis: no answer within ${REDIS_TIMEOUT_MS} ms`,
      ),
    ]);
    const samples: Sample[] = [];
    if (deliveries.status === 'fulfilled') samples.push({ labels: { kind: 'delivery' }, value: deliveries.value });
    if (jobs.status === 'fulfilled') for (const [queue, n] of jobs.value) samples.push({ labels: { kind: 'job', queue }, value: n });
    if (replies.status === 'fulfilled') samples.push({ labels: { kind: 'reply' }, value: replies.value });
    for (const r of [deliveries, replies, jobs])
      if (r.status === 'rejected') this.logger.warn({ message: 'failure count not read', error: (r.reason as Error).message });
    return samples;
  }

  private connection(): Redis {
    if (!this.redis) {
      this.redis = createRedis(this.config.REDIS_URL, 'producer');
      this.redis.on('error', (e: Error) => this.logger.warn(`redis: ${e.message}`));
    }
    return this.redis;
  }
}
