import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { DatabaseModule } from '@app/database';
import { QueueDashboardController } from './queue-dashboard.controller.js';
import { QueueDashboardPass } from './queue-dashboard-pass.service.js';

/** The admins' queue dashboard: the pass the console trades its token for (the board is mounted by createApiApp). */
@Module({
  // The pass passes its own key at each call: this JwtService has no secret of its own.
  imports: [DatabaseModule, JwtModule.register({})],
  controllers: [QueueDashboardController],
  providers: [QueueDashboardPass],
  exports: [QueueDashboardPass],
})
export class QueueDashboardModule {}
