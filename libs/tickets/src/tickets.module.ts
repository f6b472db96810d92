import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { SlaModule } from '@app/sla';
import { AssignmentService } from './assignment.service.js';
import { TicketsService } from './tickets.service.js';

@Module({
  imports: [DatabaseModule, SlaModule],
  providers: [TicketsService, AssignmentService],
  exports: [TicketsService, AssignmentService],
})
export class TicketsModule {}
