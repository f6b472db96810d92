import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { QueuesModule } from '@app/queues';
import { WebhookSecrets } from '../webhooks/webhook-secrets.js';
import { PageCredentialsController } from './page-credentials.controller.js';
import { PageCredentialsService } from './page-credentials.service.js';
import { PageMetrics } from './page-metrics.js';

@Module({
  imports: [DatabaseModule, QueuesModule],
  controllers: [PageCredentialsController],
  providers: [PageCredentialsService, WebhookSecrets, PageMetrics],
  exports: [WebhookSecrets],
})
export class PagesModule {}
