import type { FailureKind } from '@app/domain';
import type { Page } from './page.js';

// GET /api/v1/admin/failures: what exhausted its retries and waits for an admin.

interface FailureCommon<I> {
  id: string;
  failedAt: I;
  /** Why it failed, whatever the kind. */
  error: string | null;
}

/** An inbox delivery the intake gave up on; `id` is the delivery's, `preview` the start of its body with secrets masked. */
export interface DeliveryFailureView<I = string> extends FailureCommon<I> {
  kind: 'delivery';
  channel: string;
  receivedAt: I;
  attempts: number;
  lastError: string | null;
  preview: string;
}

/** A BullMQ job left in its queue's failed set; `id` is `queue/jobId`. */
export interface JobFailureView<I = string> extends FailureCommon<I> {
  kind: 'job';
  queue: string;
  name: string;
  jobId: string;
  data: unknown;
  failedReason: string;
  attemptsMade: number;
  /** Epoch milliseconds, as BullMQ keeps it. */
  finishedOn: number;
}

/** A public reply the channel refused or never took; `id` is the reply's. */
export interface ReplyFailureView<I = string> extends FailureCommon<I> {
  kind: 'reply';
  replyId: string;
  ticketId: string;
  ticketReference: string;
  channel: string;
  deliveryError: string | null;
  attempts: number;
}

export type FailureView<I = string> = DeliveryFailureView<I> | JobFailureView<I> | ReplyFailureView<I>;

/** A page of failures; `unavailable` names a kind that could not be read (Redis down) and why: the page lacks it. */
export interface FailuresPageView<I = string> extends Page<FailureView<I>> {
  unavailable?: Partial<Record<FailureKind, string>>;
}

/** POST /admin/failures/:kind/:id/retry: the item as it was, and when it was sent back to work. */
export type RetriedFailureView<I = string> = FailureView<I> & { retriedAt: I };

/** POST /admin/queue-dashboard/session (beside the failures): where the browser goes once the dashboard's pass cookie is set. */
export interface QueueDashboardSessionView<I = string> {
  url: string;
  expiresAt: I;
}
