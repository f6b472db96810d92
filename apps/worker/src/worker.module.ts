import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule, RetentionRepository } from '@app/database';
import { notificationTransports } from '@app/domain';
import { IntakeModule } from '@app/intake';
import { MetricsModule } from '@app/observability';
import { QueuesModule } from '@app/queues';
import { ReportsModule } from '@app/reports';
import { SlaModule } from '@app/sla';
import { NOTIFICATION_TRANSPORTS, NotificationDeliveryService, TicketsModule } from '@app/tickets';
import { AssignmentProcessor } from './assignment/assignment.processor.js';
import { WorkerHttp } from './http/worker-http.js';
import { IntakeRelay } from './intake/intake-relay.js';
import { ChannelReconciler } from './intake/channel-reconciler.js';
import { IntakeProcessor } from './intake/intake.processor.js';
import { MaintenanceProcessor } from './maintenance/maintenance.processor.js';
import { RetentionService } from './maintenance/retention.service.js';
import { EmailTransport } from './notify/email.transport.js';
import { NotifyProcessor } from './notify/notify.processor.js';
import { OutboxRelay } from './outbox/outbox-relay.js';
import { OutboundProcessor } from './outbound/outbound.processor.js';
import { ScheduleKeeper } from './schedules/schedule-keeper.js';
import { SlaProcessor } from './sla/sla.processor.js';

@Module({})
export class WorkerModule {
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(overrides), MetricsModule, DatabaseModule, QueuesModule, TicketsModule, SlaModule, IntakeModule, ReportsModule],
      providers: [
        AssignmentProcessor,
        SlaProcessor,
        IntakeProcessor,
        ChannelReconciler,
        IntakeRelay,
        NotifyProcessor,
        // Here rather than in TicketsModule: it needs the transports, and only the worker sends.
        NotificationDeliveryService,
        OutboundProcessor,
        ScheduleKeeper,
        OutboxRelay,
        MaintenanceProcessor,
        RetentionService,
        RetentionRepository,
        WorkerHttp,
        {
          provide: NOTIFICATION_TRANSPORTS,
          inject: [AppConfig],
          useFactory: (c: AppConfig) => notificationTransports(c).map((t) => new EmailTransport(t.smtpUrl, t.from)),
        },
      ],
    };
  }
}
