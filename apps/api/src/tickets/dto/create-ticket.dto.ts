import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PRIORITIES, type Priority } from '@app/domain';

export const MAX_TICKET_TEXT = 5000;

export class ManualAuthorDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{5,20}$/, { message: 'author.phone must be a phone number such as +7 701 123 45 67' })
  phone?: string;
}

export class CreateTicketDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TICKET_TEXT)
  text!: string;

  @IsOptional()
  @IsUUID()
  districtId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  locality?: string;

  @ValidateNested()
  @Type(() => ManualAuthorDto)
  author!: ManualAuthorDto;

  @IsOptional()
  @IsISO8601({ strict: true })
  receivedAt?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  categoryCode?: string;

  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;
}
