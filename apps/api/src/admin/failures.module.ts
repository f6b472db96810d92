import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { IntakeModule } from '@app/intake';
import { FailuresController } from './failures.controller.js';
import { FailuresService } from './failures.service.js';

@Module({
  imports: [DatabaseModule, IntakeModule],
  controllers: [FailuresController],
  providers: [FailuresService],
})
export class FailuresModule {}
