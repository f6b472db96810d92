import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { SlaModule } from '@app/sla';
import { AssignmentService } from './assignment.service.js';
import { TicketFactory } from './ticket-factory.js';
import { TicketsService } from './tickets.service.js';

@Module({
  imports: [DatabaseModule, SlaModule],
  providers: [TicketsService, AssignmentService, TicketFactory],
  exports: [TicketsService, AssignmentService, TicketFactory],
})
export class TicketsModule {}
