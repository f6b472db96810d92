import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { SlaModule } from '@app/sla';
import { AssignmentService } from './assignment.service.js';
import { TicketFactory } from './ticket-factory.js';
import { FormalAppealsService } from './formal-appeals.service.js';
import { Open311Service } from './open311.service.js';
import { ReplyDeliveryService } from './reply-delivery.service.js';
import { ResidentVerdictService } from './resident-verdict.service.js';
import { TicketsService } from './tickets.service.js';

@Module({
  imports: [DatabaseModule, SlaModule],
  providers: [TicketsService, AssignmentService, TicketFactory, ResidentVerdictService, FormalAppealsService, ReplyDeliveryService, Open311Service],
  exports: [TicketsService, AssignmentService, TicketFactory, ResidentVerdictService, FormalAppealsService, ReplyDeliveryService, Open311Service],
})
export class TicketsModule {}
