import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { TicketsModule } from '@app/tickets';
import { Open311Controller } from './open311.controller.js';
import { Open311Service } from './open311.service.js';

@Module({
  imports: [DatabaseModule, TicketsModule],
  controllers: [Open311Controller],
  providers: [Open311Service],
})
export class Open311Module {}
