import { Transform, Type } from 'class-transformer';
import { IsIn, IsISO8601, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { SLA_STATES, TICKET_STATUSES, type SlaState, type TicketStatus } from '@app/domain';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@app/database';

export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class ListTicketsQuery extends PageQuery {
  /** One status or several, comma-separated: `status=new,triaged`. */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value))
  @IsIn(TICKET_STATUSES, { each: true, message: `status must be one or more of: ${TICKET_STATUSES.join(', ')}` })
  status?: TicketStatus[];

  @IsOptional()
  @IsUUID()
  districtId?: string;

  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @IsOptional()
  @IsUUID()
  clusterId?: string;

  @IsOptional()
  @IsIn(SLA_STATES)
  slaState?: SlaState;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
