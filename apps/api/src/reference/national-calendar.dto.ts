import { PartialType } from '@nestjs/swagger';
import type { HolidayRuleEntity } from '@app/database';
import { DomainError } from '@app/domain';
import { BilingualNameDto } from './reference.dto.js';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_MESSAGE = (field: string) => `${field} must be a date as YYYY-MM-DD`;

/** A national holiday: on a fixed `month`/`day`, or on the listed `dates` (a lunar holiday such as Kurban Ait); cross-field rules in `holidayRuleValues`. */
export class CreateHolidayRuleDto extends BilingualNameDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  month?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(31)
  day?: number | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(DATE, { each: true, message: DATE_MESSAGE('each of dates') })
  dates?: string[];

  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE('validFrom') })
  validFrom?: string | null;

  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE('validUntil') })
  validUntil?: string | null;

  @IsOptional()
  @IsBoolean()
  carriedOver?: boolean;
}
export class UpdateHolidayRuleDto extends PartialType(CreateHolidayRuleDto) {}

/** A day the Government made working or non-working for the whole country, with the decree that did it. */
export class CreateDayTransferDto {
  @Matches(DATE, { message: DATE_MESSAGE('date') })
  date!: string;

  @IsBoolean()
  working!: boolean;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  decree!: string;
}
export class UpdateDayTransferDto extends PartialType(CreateDayTransferDto) {}

/** The rules a single field cannot say: a fixed day or dates, a real day of the month, a period that ends after it starts. */
export function holidayRuleValues(dto: Partial<CreateHolidayRuleDto>, existing?: HolidayRuleEntity): Partial<HolidayRuleEntity> {
  const month = dto.month !== undefined ? dto.month : (existing?.month ?? null);
  const day = dto.day !== undefined ? dto.day : (existing?.day ?? null);
  const dates = dto.dates ?? existing?.dates ?? [];
  const validFrom = dto.validFrom !== undefined ? dto.validFrom : (existing?.validFrom ?? null);
  const validUntil = dto.validUntil !== undefined ? dto.validUntil : (existing?.validUntil ?? null);
  if ((month === null) !== (day === null)) throw new DomainError('validation', 'month and day go together: give both for a fixed day, or neither and dates');
  if (month === null && !dates.length) throw new DomainError('validation', 'a holiday needs a fixed month and day, or its dates');
  if (month !== null && day !== null && day > new Date(Date.UTC(2024, month, 0)).getUTCDate()) throw new DomainError('validation', `month ${month} has no day ${day}`);
  if (validFrom && validUntil && validFrom > validUntil) throw new DomainError('validation', 'validUntil is before validFrom');
  return { ...dto, month, day, dates };
}
