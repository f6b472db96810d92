import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { IntakeModule } from '@app/intake';
import { QueuesModule } from '@app/queues';
import { ReferenceModule } from '@app/reference';
import { ReportsModule } from '@app/reports';
import { SlaModule } from '@app/sla';
import { TicketsModule } from '@app/tickets';
import { FailuresModule } from './admin/failures.module.js';
import { QueueDashboardModule } from './admin/queue-dashboard/queue-dashboard.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ClustersController } from './clusters/clusters.controller.js';
import { HealthController } from './health/health.controller.js';
import { LiveModule } from './live/live.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { Open311Module } from './open311/open311.module.js';
import { PublicScorecardModule } from './public/public-scorecard.module.js';
import { VerdictAndAppealController } from './tickets/verdict-and-appeal.controller.js';
import { PagesModule } from './pages/pages.module.js';
import { REFERENCE_CONTROLLERS } from './reference/reference.resources.js';
import { ReportsController } from './reports/reports.controller.js';
import { RoutingController } from './routing/routing.controller.js';
import { TicketsController } from './tickets/tickets.controller.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { WebhooksService } from './webhooks/webhooks.service.js';

@Module({})
export class ApiModule {
  /** `overrides` replace environment variables (tests give each file its own database and queue prefix). */
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(overrides),
        DatabaseModule,
        QueuesModule,
        SlaModule,
        TicketsModule,
        IntakeModule,
        AuthModule,
        Open311Module,
        ReportsModule,
        MetricsModule,
        FailuresModule,
        QueueDashboardModule,
        PagesModule,
        LiveModule,
        PublicScorecardModule,
        ReferenceModule,
      ],
      controllers: [
        HealthController,
        TicketsController,
        VerdictAndAppealController,
        NotificationsController,
        ClustersController,
        WebhooksController,
        RoutingController,
        ReportsController,
        ...REFERENCE_CONTROLLERS,
      ],
      providers: [WebhooksService],
    };
  }
}
