import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule, RetentionRepository } from '@app/database';
import { IntakeModule } from '@app/intake';
import { MetricsModule } from '@app/observability';
import { QueuesModule } from '@app/queues';
import { SlaModule } from '@app/sla';
import { TicketsModule } from '@app/tickets';
import { AssignmentProcessor } from './assignment/assignment.processor.js';
import { WorkerHttp } from './http/worker-http.js';
import { IntakeRelay } from './intake/intake-relay.js';
import { ChannelReconciler } from './intake/channel-reconciler.js';
import { IntakeProcessor } from './intake/intake.processor.js';
import { MaintenanceProcessor } from './maintenance/maintenance.processor.js';
import { RetentionService } from './maintenance/retention.service.js';
import { EmailTransport } from './notify/email.transport.js';
import { NOTIFICATION_TRANSPORTS } from './notify/notification-transport.js';
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
      imports: [ConfigModule.forRoot(overrides), MetricsModule, DatabaseModule, QueuesModule, TicketsModule, SlaModule, IntakeModule],
      providers: [
        AssignmentProcessor,
        SlaProcessor,
        IntakeProcessor,
        ChannelReconciler,
        IntakeRelay,
        NotifyProcessor,
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
          // E-mail only when an SMTP server is configured; in-app notifications need no transport.
          useFactory: (c: AppConfig) => (c.SMTP_URL ? [new EmailTransport(c.SMTP_URL, c.SMTP_FROM)] : []),
        },
      ],
    };
  }
}
