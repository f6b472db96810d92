import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { SlaModule } from '@app/sla';
import { AssignmentService } from './assignment.service.js';
import { TicketFactory } from './ticket-factory.js';
import { FormalAppealsService } from './formal-appeals.service.js';
import { ResidentVerdictService } from './resident-verdict.service.js';
import { TicketsService } from './tickets.service.js';

@Module({
  imports: [DatabaseModule, SlaModule],
  providers: [TicketsService, AssignmentService, TicketFactory, ResidentVerdictService, FormalAppealsService],
  exports: [TicketsService, AssignmentService, TicketFactory, ResidentVerdictService, FormalAppealsService],
})
export class TicketsModule {}
