import type { DefaultJobOptions } from 'bullmq';
import { currentRequestId } from '@app/observability';

/** Every queue Tynda runs; one processor per queue in apps/worker. */
export const QueueName = {
  assignment: 'assignment',
  sla: 'sla',
  notify: 'notify',
  intake: 'intake',
  outbound: 'outbound',
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Job name -> payload, per queue: producers and processors import the same types. */
export interface JobPayloads {
  assignment: {
    'assignment.auto': { ticketId: string; reason: 'triaged' | 'created' | 'sweep' };
    /** Tickets the intake worker routed straight to departments, assigned together (one transaction). */
    'assignment.batch': { ticketIds: string[] };
    'assignment.sweep': Record<string, never>;
  };
  sla: {
    /** Takes every SLA step due by now (warnings, breaches, level two); one timer per 100 ms bucket of instants. */
    'sla.due': { at: number };
    /** Safety net: finds overdue steps in PostgreSQL that no job applied (Redis flushed, a job lost). */
    'sla.sweep': Record<string, never>;
    /** Re-times every open ticket after a policy or calendar changed. */
    'sla.retime': { reason: string };
    /** Resident verdict (issue 16): resolutions whose question went unanswered past the window become `unanswered` and close. */
    'sla.unanswered': Record<string, never>;
  };
  notify: {
    /** Sends one in-app notification through the configured external transports (e-mail). */
    'notify.deliver': { notificationId: string };
  };
  intake: {
    /** Turns stored, unprocessed webhook deliveries into tickets, a batch at a time, until none is left. */
    'intake.drain': { at: number };
    /** Reads every connected page's recent comments back and feeds the ones no webhook delivered through the inbox. */
    'intake.reconcile': Record<string, never>;
    /** Retrains the comment router from the seed examples and the desk's triage decisions; stores a new model version. */
    'intake.routing-train': Record<string, never>;
  };
  outbound: {
    /** Delivers one public reply written in Tynda back to the resident's channel. */
    'outbound.deliver': { replyId: string };
    /** Safety net: re-enqueues pending replies whose job was lost (Redis was down when the reply was written). */
    'outbound.sweep': Record<string, never>;
  };
  maintenance: {
    /** Empties old raw deliveries and failed jobs, and pseudonymises old residents' data wherever it was copied, in bounded batches (docs/retention.md). */
    'maintenance.retention': Record<string, never>;
    /** Moves the reports' change log into their stored cells (issue 18), so that reads have few changes to apply. */
    'maintenance.report-cells': Record<string, never>;
  };
}

export type JobName<Q extends QueueName> = keyof JobPayloads[Q] & string;
export type JobData<Q extends QueueName, N extends JobName<Q>> = JobPayloads[Q][N] & JobTrace;

/** What any job may carry besides its payload: the id of the HTTP request that caused it, which its processor logs. */
export interface JobTrace {
  requestId?: string;
}

/** The payload with the current request's id, when the job is asked for while serving (or processing a job caused by) a request. */
export function traced<T extends object>(data: T): T & JobTrace {
  const requestId = currentRequestId();
  return requestId ? { ...data, requestId } : data;
}

/**
 * Set once for every queue. Failed jobs stay for inspection (never silently dropped); completed
 * ones are trimmed. A handler that throws is retried with backoff.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: false,
};

/**
 * Deterministic job ids: BullMQ delivers at least once and refuses a second job with a live id,
 * so the same fact enqueued twice runs once. (BullMQ reserves ':' in ids, hence '-'.)
 */
export const jobIds = {
  autoAssign: (ticketId: string, ticketVersion: number): string => `assign-${ticketId}-v${ticketVersion}`,
  /** New tickets are created once, so the first one's id names their batch. */
  autoAssignBatch: (firstTicketId: string, count: number): string => `assign-batch-${firstTicketId}-${count}`,
  /** Tickets whose steps fall in the same 100 ms share a timer: one job wakes them all. */
  slaDue: (bucketMs: number): string => `sla-due-${bucketMs}`,
  /** Work due already (a re-timed clock moved into the past): run now, not at a bucket that may have passed. */
  slaDueNow: (ticketId: string, at: number): string => `sla-now-${ticketId}-${at}`,
  slaRetime: (changedAt: Date): string => `retime-${changedAt.getTime()}`,
  notifyDeliver: (notificationId: string): string => `notify-${notificationId}`,
  /** Deliveries stored in the same drain bucket (half a second, libs/intake/src/inbox.service.ts) share one drain job (it takes every unprocessed one). */
  intakeDrain: (bucketMs: number): string => `intake-${bucketMs}`,
  outboundDeliver: (replyId: string): string => `outbound-${replyId}`,
};
