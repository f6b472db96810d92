import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { QueueName } from '@app/queues';
import { ReportsService } from '@app/reports';
import { QueueProcessor, type TypedJob } from '../common/queue-processor.js';
import { RetentionService } from './retention.service.js';

/** Housekeeping on a schedule: the retention purge and the reports' cells. One at a time: a purge never races another. */
@Injectable()
export class MaintenanceProcessor extends QueueProcessor<'maintenance'> {
  constructor(
    config: AppConfig,
    private readonly retention: RetentionService,
    private readonly reports: ReportsService,
  ) {
    super(QueueName.maintenance, config, 1);
  }

  protected async process(job: TypedJob<'maintenance'>): Promise<unknown> {
    switch (job.name) {
      case 'maintenance.retention':
        return this.retention.run();
      case 'maintenance.report-cells':
        return this.reports.foldCells();
    }
  }
}
