import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { CHANNELS, LANGUAGES, SLA_STATES, TICKET_STATUSES, type Channel, type Language, type SlaState, type TicketStatus } from '@app/domain';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, TICKET_SORTS, type TicketSort } from '@app/database';

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
  @IsIn(CHANNELS)
  channel?: Channel;

  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  /** The category the router suggested at intake (`suggestedCategoryCode` of the items). */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'suggestedCategory must be a category code' })
  suggestedCategory?: string;

  /** Words in the text, the reference or the author's name. */
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

  /**
   * `newest` (default): newest first. `urgency`: overdue first, most overdue at the top, then the
   * rest oldest first (the triage queue's order).
   */
  @IsOptional()
  @IsIn(TICKET_SORTS)
  sort: TicketSort = 'newest';

  /** `count=true` adds `total`: how many tickets match, over all pages. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  count?: boolean;
}
