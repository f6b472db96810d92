import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { QueueName } from '@app/queues';
import { QueueProcessor, type TypedJob } from '../common/queue-processor.js';
import { RetentionService } from './retention.service.js';

/** Housekeeping on a schedule: the retention purge. One at a time: a purge never races another. */
@Injectable()
export class MaintenanceProcessor extends QueueProcessor<'maintenance'> {
  constructor(
    config: AppConfig,
    private readonly retention: RetentionService,
  ) {
    super(QueueName.maintenance, config, 1);
  }

  protected async process(job: TypedJob<'maintenance'>): Promise<unknown> {
    switch (job.name) {
      case 'maintenance.retention':
        return this.retention.run();
    }
  }
}
