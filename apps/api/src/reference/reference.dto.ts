import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PRIORITIES, ROLES, type Channel, type Priority, type Role } from '@app/domain';
import type { WorkingHours } from '@app/database';
import { CODE_MESSAGE, CODE_PATTERN, IsIsoDurationString, IsTimeZone, IsWorkingHours } from './validators.js';

const PAGE_CHANNELS = ['facebook', 'instagram', 'telegram', 'vk'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A name in both official languages. */
export class BilingualNameDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  nameKk!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  nameRu!: string;
}

export class CreateCodedDto extends BilingualNameDto {
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;
}
export class UpdateCodedDto extends PartialType(CreateCodedDto) {}

// A word or phrase, and an optional weight from 0.1 to 9.9 ("жол*0.5").
const KEYWORD = /^[^*]+?(\s*\*\s*(?:[1-9](?:\.\d)?|0\.[1-9]))?$/;
const lowercaseAll = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((k: unknown) => (typeof k === 'string' ? k.trim().toLowerCase() : k)) : value;

export class CreateCategoryDto extends CreateCodedDto {
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  /** Word stems or phrases, Kazakh and Russian alike, "жол*0.5" to weigh one at half; stored lowercase. */
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  @Matches(KEYWORD, { each: true, message: 'each keyword is a word or phrase, optionally followed by *weight (a number from 0.1 to 9.9), e.g. "жол*0.5"' })
  @Transform(lowercaseAll)
  keywords!: string[];

  /** Phrases whose words never count for this category ("бұл жолы" for roads); stored lowercase. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(64, { each: true })
  @Transform(lowercaseAll)
  exclusions?: string[];
}
export class UpdateCategoryDto extends PartialType(CreateCategoryDto) {}

export class CreatePageDto {
  @IsIn(PAGE_CHANNELS)
  channel!: Exclude<Channel, 'open311' | 'manual'>;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  externalId!: string;

  @IsOptional()
  @IsUUID()
  districtId?: string;

  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;
}
export class UpdatePageDto extends PartialType(CreatePageDto) {}

export class CreateUserDto {
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName!: string;

  @IsIn(ROLES)
  role!: Role;

  @IsOptional()
  @IsUUID('all', { each: true })
  districtIds?: string[];

  @IsOptional()
  @IsUUID()
  departmentId?: string;
}
export class UpdateUserDto extends PartialType(CreateUserDto) {
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateSlaPolicyDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  categoryCode?: string;

  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @IsOptional()
  @IsIn(['facebook', 'instagram', 'telegram', 'vk', 'open311', 'manual'])
  channel?: Channel;

  @IsIsoDurationString()
  firstResponse!: string;

  @IsIsoDurationString()
  resolution!: string;

  @IsOptional()
  @IsUUID()
  calendarId?: string;

  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(0.99)
  warningRatio?: number;

  @IsOptional()
  @IsIsoDurationString()
  escalateAfter?: string;
}
export class UpdateSlaPolicyDto extends PartialType(CreateSlaPolicyDto) {}

export class CalendarExceptionDto {
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date!: string;

  @IsBoolean()
  working!: boolean;
}

export class CreateCalendarDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @IsTimeZone()
  timeZone: string = 'Asia/Almaty';

  @IsWorkingHours()
  workingHours!: WorkingHours;

  @IsOptional()
  @IsArray()
  @Matches(DATE, { each: true, message: 'holidays must be dates as YYYY-MM-DD' })
  holidays?: string[];

  // The list's item type is not in the decorator metadata TypeScript emits: said here for the OpenAPI document.
  @ApiPropertyOptional({ type: [CalendarExceptionDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => CalendarExceptionDto)
  exceptions?: CalendarExceptionDto[];
}
export class UpdateCalendarDto extends PartialType(CreateCalendarDto) {}
