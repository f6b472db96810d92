import { Global, Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { JobOutbox } from './job-outbox.js';
import { QueueProducer } from './queue-producer.js';

@Global()
@Module({ imports: [DatabaseModule], providers: [QueueProducer, JobOutbox], exports: [QueueProducer, JobOutbox] })
export class QueuesModule {}
