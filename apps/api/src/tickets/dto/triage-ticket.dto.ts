import { PartialType, PickType } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CreateTicketDto } from './create-ticket.dto.js';

/** Everything optional: a press secretary sets what they know; the category implies the department. */
export class TriageTicketDto extends PartialType(PickType(CreateTicketDto, ['categoryCode', 'priority', 'districtId', 'locality'] as const)) {
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}
