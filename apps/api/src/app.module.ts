import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { QueuesModule } from '@app/queues';
import { TicketsModule } from '@app/tickets';
import { AuthModule } from './auth/auth.module.js';
import { HealthController } from './health/health.controller.js';
import { REFERENCE_CONTROLLERS } from './reference/reference.resources.js';
import { TicketsController } from './tickets/tickets.controller.js';

@Module({})
export class ApiModule {
  /** `overrides` replace environment variables (tests give each file its own database and queue prefix). */
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(overrides), DatabaseModule, QueuesModule, TicketsModule, AuthModule],
      controllers: [HealthController, TicketsController, ...REFERENCE_CONTROLLERS],
    };
  }
}
