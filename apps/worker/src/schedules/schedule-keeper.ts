import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { QueueProducer, WorkerTimer, jobSchedules, type JobSchedule } from '@app/queues';
import { PeriodicTask } from '../common/periodic-task.js';

/**
 * Keeps the sweeps alive. Their job schedulers live in Redis, so a Redis that comes back empty
 * (failover, flush, eviction, a restart without persistence) would silently stop every sweep —
 * and with the SLA sweep, every timer it re-plans from PostgreSQL. Each worker checks on a plain
 * timer and re-creates what is missing; BullMQ runs an `every` scheduler at once when it is
 * created, so the SLA sweep re-plans the lost timers within SCHEDULE_CHECK_EVERY_MS. Upserts are
 * keyed by the scheduler's id: several workers restoring together still make one scheduler.
 */
@Injectable()
export class ScheduleKeeper extends PeriodicTask {
  protected readonly what = 'schedule check';
  private readonly schedules: JobSchedule[];

  constructor(
    config: AppConfig,
    private readonly queues: QueueProducer,
  ) {
    super(WorkerTimer.scheduleCheck, config);
    this.schedules = jobSchedules(config);
  }

  protected async round(): Promise<void> {
    for (const s of this.schedules) {
      const queue = this.queues.queue(s.queue);
      const current = await this.queues.bounded(queue.getJobScheduler(s.id), `a look at ${s.id}`);
      if (current?.every === s.everyMs) continue;
      await this.queues.bounded(queue.upsertJobScheduler(s.id, { every: s.everyMs }, { name: s.name, data: s.data }), `the ${s.id} scheduler`);
      this.logger.log({ message: current ? 'job scheduler updated' : 'job scheduler (re)created', scheduler: s.id, everyMs: s.everyMs });
    }
  }
}
