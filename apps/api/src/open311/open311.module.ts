import { Module } from '@nestjs/common';
import { TicketsModule } from '@app/tickets';
import { Open311Controller } from './open311.controller.js';

@Module({
  imports: [TicketsModule],
  controllers: [Open311Controller],
})
export class Open311Module {}
