import { PartialType } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SAVED_REPLY_PLACEHOLDERS, unknownPlaceholders } from '@app/domain';
import { MAX_TICKET_TEXT } from '../tickets/dto/create-ticket.dto.js';
import { CODE_MESSAGE, CODE_PATTERN, rule } from './validators.js';

const KnownPlaceholders = rule(
  'knownPlaceholders',
  `$property names a placeholder Tynda cannot fill; use ${SAVED_REPLY_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
  (v) => typeof v === 'string' && unknownPlaceholders(v).length === 0,
);

/** `POST /saved-replies`: a template in both official languages; placeholders are filled from the ticket when inserted. */
export class CreateSavedReplyDto {
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TICKET_TEXT)
  @KnownPlaceholders()
  bodyKk!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TICKET_TEXT)
  @KnownPlaceholders()
  bodyRu!: string;

  /** The category it answers (offered first for such tickets); null clears it. */
  @IsOptional()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  categoryCode?: string | null;
}
export class UpdateSavedReplyDto extends PartialType(CreateSavedReplyDto) {}
