import type { DefaultJobOptions } from 'bullmq';

/** Every queue Tynda runs; one processor per queue in apps/worker. */
export const QueueName = {
  assignment: 'assignment',
  sla: 'sla',
  notify: 'notify',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Job name -> payload, per queue: producers and processors import the same types. */
export interface JobPayloads {
  assignment: {
    'assignment.auto': { ticketId: string; reason: 'triaged' | 'created' | 'sweep' };
    'assignment.sweep': Record<string, never>;
  };
  sla: {
    /** Applies whatever SLA step of the ticket is due (warning, breach, level two); scheduled at each instant. */
    'sla.advance': { ticketId: string };
    /** Safety net: finds overdue steps in PostgreSQL that no job applied (Redis flushed, a job lost). */
    'sla.sweep': Record<string, never>;
    /** Re-times every open ticket after a policy or calendar changed. */
    'sla.retime': { reason: string };
  };
  notify: {
    /** Sends one in-app notification through the configured external transports (e-mail). */
    'notify.deliver': { notificationId: string };
  };
}

export type JobName<Q extends QueueName> = keyof JobPayloads[Q] & string;
export type JobData<Q extends QueueName, N extends JobName<Q>> = JobPayloads[Q][N];

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
  slaAdvance: (ticketId: string, at: Date): string => `sla-${ticketId}-${at.getTime()}`,
  slaRetime: (changedAt: Date): string => `retime-${changedAt.getTime()}`,
  notifyDeliver: (notificationId: string): string => `notify-${notificationId}`,
};
