import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_BULK_TICKETS, PRIORITIES, type BulkTicket, type Priority } from '@app/domain';

export class BulkTicketDto implements BulkTicket {
  @IsUUID()
  id!: string;

  /** The version the caller saw, as the single actions' If-Match: a ticket changed since is refused alone (`ticket.stale_version`). */
  @IsInt()
  @Min(1)
  version!: number;
}

class BulkTicketsDto {
  // The list's item type is not in the decorator metadata TypeScript emits: said here for the OpenAPI document.
  @ApiProperty({
    type: [BulkTicketDto],
    maxItems: MAX_BULK_TICKETS,
    description: `The tickets, each with the version the caller saw; more than ${MAX_BULK_TICKETS} answer 422 ticket.bulk_too_many`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => BulkTicketDto)
  tickets!: BulkTicketDto[];
}

export class BulkTriageDto extends BulkTicketsDto {
  /** Required: a triaged ticket needs the department its category brings. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  categoryCode!: string;

  /** Absent: each ticket keeps its own priority. */
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;
}

export class BulkRejectDto extends BulkTicketsDto {
  @IsString()
  @Matches(/\S/, { message: 'reason must say why the tickets are not requests' })
  @MaxLength(2000)
  reason!: string;
}
