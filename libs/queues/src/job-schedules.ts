import type { AppConfig } from '@app/config';
import { QueueName, type JobData, type JobName } from './queue-contract.js';

/** A BullMQ job scheduler: one job per interval however many workers run. */
export interface JobSchedule<Q extends QueueName = QueueName> {
  queue: Q;
  id: string;
  everyMs: number;
  name: JobName<Q>;
  data: JobData<Q, JobName<Q>>;
}

/**
 * Every repeatable job; with `timerIntervals` below, every schedule of the worker, each interval a
 * setting. They live in Redis only, so the worker does not trust them to stay there: its schedule
 * keeper restores any that went missing (Redis failed over, was flushed, evicted keys or restarted
 * without persistence).
 */
export function jobSchedules(config: AppConfig): JobSchedule[] {
  const schedules = [
    { queue: QueueName.sla, id: 'sla-sweep', everyMs: config.SLA_SWEEP_EVERY_MS, name: 'sla.sweep', data: {} } satisfies JobSchedule<'sla'>,
    {
      queue: QueueName.sla,
      id: 'resident-unanswered-sweep',
      everyMs: config.RESIDENT_CONFIRMATION_SWEEP_EVERY_MS,
      name: 'sla.unanswered',
      data: {},
    } satisfies JobSchedule<'sla'>,
    {
      queue: QueueName.assignment,
      id: 'assignment-sweep',
      everyMs: config.ASSIGNMENT_SWEEP_EVERY_MS,
      name: 'assignment.sweep',
      data: {},
    } satisfies JobSchedule<'assignment'>,
    {
      queue: QueueName.outbound,
      id: 'outbound-sweep',
      everyMs: config.OUTBOUND_SWEEP_EVERY_MS,
      name: 'outbound.sweep',
      data: {},
    } satisfies JobSchedule<'outbound'>,
    {
      queue: QueueName.intake,
      id: 'channel-reconcile',
      everyMs: config.CHANNEL_RECONCILE_EVERY_MS,
      name: 'intake.reconcile',
      data: {},
    } satisfies JobSchedule<'intake'>,
    {
      queue: QueueName.intake,
      id: 'routing-train',
      everyMs: config.ROUTING_TRAIN_EVERY_MS,
      name: 'intake.routing-train',
      data: {},
    } satisfies JobSchedule<'intake'>,
    {
      queue: QueueName.maintenance,
      id: 'report-cells',
      everyMs: config.REPORT_CELLS_EVERY_MS,
      name: 'maintenance.report-cells',
      data: {},
    } satisfies JobSchedule<'maintenance'>,
  ];
  const retention = {
    queue: QueueName.maintenance,
    id: 'retention',
    everyMs: config.RETENTION_EVERY_MS,
    name: 'maintenance.retention',
    data: {},
  } satisfies JobSchedule<'maintenance'>;
  // Nothing to purge when both periods are 0 (keep everything): no scheduler at all.
  const purging = config.RETENTION_RAW_DELIVERY_DAYS > 0 || config.RETENTION_PERSONAL_DATA_DAYS > 0;
  return [...schedules, ...(purging ? [retention] : [])] as JobSchedule[];
}

/**
 * The plain timers every worker process runs on its own: what must go on while Redis is down or
 * came back empty, when a scheduler kept in Redis would be gone with it.
 */
export const WorkerTimer = {
  /** Hands Redis the jobs left in the outbox table. */
  outboxRelay: 'outbox-relay',
  /** Asks for an intake drain when stored deliveries wait with none coming. */
  intakeRelay: 'intake-relay',
  /** Re-creates the job schedulers above when they are missing from Redis. */
  scheduleCheck: 'schedule-check',
} as const;
export type WorkerTimer = (typeof WorkerTimer)[keyof typeof WorkerTimer];

export function timerIntervals(config: AppConfig): Record<WorkerTimer, number> {
  return {
    [WorkerTimer.outboxRelay]: config.OUTBOX_RELAY_EVERY_MS,
    [WorkerTimer.intakeRelay]: config.INTAKE_RELAY_EVERY_MS,
    [WorkerTimer.scheduleCheck]: config.SCHEDULE_CHECK_EVERY_MS,
  };
}
