import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { QueuesModule } from '@app/queues';
import { SlaModule } from '@app/sla';
import { TicketsModule } from '@app/tickets';
import { AuthModule } from './auth/auth.module.js';
import { HealthController } from './health/health.controller.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { REFERENCE_CONTROLLERS } from './reference/reference.resources.js';
import { TicketsController } from './tickets/tickets.controller.js';

@Module({})
export class ApiModule {
  /** `overrides` replace environment variables (tests give each file its own database and queue prefix). */
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(overrides), DatabaseModule, QueuesModule, SlaModule, TicketsModule, AuthModule],
      controllers: [HealthController, TicketsController, NotificationsController, ...REFERENCE_CONTROLLERS],
    };
  }
}
