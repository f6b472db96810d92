import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MetricsService } from '@app/observability';
import { QueueName } from './queue-contract.js';
import { QueueProducer } from './queue-producer.js';

const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/**
 * Jobs per queue and state, read from Redis at scrape time (one small pipeline per queue, within
 * the scrape's bound). Every process reports the same shared figure: aggregate with max, not sum.
 */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly queues: QueueProducer,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge(
      'tynda_queue_jobs',
      'Jobs in each queue by state (waiting, prioritized, active, delayed, failed); the same on every process.',
      async () => {
        const counts = await Promise.all(
          Object.values(QueueName).map(async (queue) => ({ queue, counts: await this.queues.queue(queue).getJobCounts(...STATES) })),
        );
        return counts.flatMap(({ queue, counts: c }) => STATES.map((state) => ({ labels: { queue, state }, value: c[state] ?? 0 })));
      },
    );
  }
}
