import { Global, Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { JobOutbox } from './job-outbox.js';
import { LiveEvents } from './live-events.js';
import { QueueMetrics } from './queue-metrics.js';
import { QueueProducer } from './queue-producer.js';

@Global()
@Module({ imports: [DatabaseModule], providers: [QueueProducer, JobOutbox, LiveEvents, QueueMetrics], exports: [QueueProducer, JobOutbox, LiveEvents] })
export class QueuesModule {}
