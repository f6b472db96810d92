import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { REPLY_VISIBILITIES, TICKET_STATUSES, type ReplyVisibility, type TicketStatus } from '@app/domain';
import { MAX_TICKET_TEXT } from './create-ticket.dto.js';

export class AssignTicketDto {
  @IsUUID()
  assigneeId!: string;
}

export class CreateReplyDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TICKET_TEXT)
  body!: string;

  @IsIn(REPLY_VISIBILITIES)
  visibility!: ReplyVisibility;
}

export class TransitionTicketDto {
  @IsIn(TICKET_STATUSES)
  to!: TicketStatus;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  /** Confirms resolving a ticket nobody answered publicly (otherwise 409 `ticket.no_public_answer`); recorded on the event. */
  @IsOptional()
  @IsBoolean()
  withoutPublicAnswer?: boolean;
}

export class HandBackTicketDto {
  @IsString()
  @Matches(/\S/, { message: "reason must say why the ticket is not this department's" })
  @MaxLength(2000)
  reason!: string;
}

export class MergeTicketDto {
  @IsUUID()
  intoTicketId!: string;
}
