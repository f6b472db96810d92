import { PartialType } from '@nestjs/swagger';
import { BilingualNameDto } from './reference.dto.js';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_MESSAGE = (field: string) => `${field} must be a date as YYYY-MM-DD`;

/** A national holiday: on a fixed `month`/`day`, or on the listed `dates` (a lunar holiday such as Kurban Ait); cross-field rules in `@app/reference`'s `REFERENCE_TABLES.holidayRules`. */
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
