import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsEmail, IsIn, IsISO8601, IsLatitude, IsLongitude, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength, ValidateIf } from 'class-validator';
import { MAX_TICKET_TEXT } from '../tickets/dto/create-ticket.dto.js';

export const OPEN311_LANGS = ['ru', 'kk'] as const;
export type Open311Lang = (typeof OPEN311_LANGS)[number];

/** GeoReport lists several values in one parameter, comma-separated. */
const commaList = () => Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value));

/** An optional comma-separated list of codes or references. */
const CodeList = (maxItems: number) =>
  applyDecorators(IsOptional(), commaList(), IsString({ each: true }), MaxLength(64, { each: true }), ArrayMaxSize(maxItems));

/** Every GET takes these: `jurisdiction_id` is part of the spec (Tynda serves one), `lang` is Tynda's. */
export class Open311ReadQuery {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  jurisdiction_id?: string;

  /** Names and status notes in Russian (default: what city apps of the region show) or Kazakh. */
  @IsOptional()
  @IsIn(OPEN311_LANGS)
  lang?: Open311Lang;
}

export class ListOpen311RequestsQuery extends Open311ReadQuery {
  /** Per the spec, it overrides every other filter. */
  @CodeList(1000)
  service_request_id?: string[];

  @CodeList(100)
  service_code?: string[];

  @IsOptional()
  @IsISO8601({ strict: true })
  start_date?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  end_date?: string;

  @IsOptional()
  @commaList()
  @IsIn(['open', 'closed'], { each: true, message: 'status must be open, closed or both, comma-separated' })
  status?: Array<'open' | 'closed'>;
}

/**
 * POST requests.json, form-urlencoded. Every field of the spec is declared (unknown ones are
 * refused); those Tynda has no use for are accepted and ignored. `api_key` is checked by
 * Open311ApiKeyGuard before validation, so a caller without a key learns nothing about the fields.
 * `attribute[...]` is not accepted: every service is published with `metadata: false`.
 */
export class CreateOpen311RequestDto {
  @IsOptional()
  @IsString()
  api_key?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  jurisdiction_id?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  service_code!: string;

  // Optional in GeoReport, required here: the resident's text is what the department works on.
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TICKET_TEXT)
  description!: string;

  @ValidateIf((o: CreateOpen311RequestDto) => o.lat !== undefined || o.long !== undefined)
  @IsLatitude({ message: 'lat must be a latitude, given together with long' })
  lat?: string;

  @ValidateIf((o: CreateOpen311RequestDto) => o.lat !== undefined || o.long !== undefined)
  @IsLongitude({ message: 'long must be a longitude, given together with lat' })
  long?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  address_string?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  address_id?: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  device_id?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  account_id?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  first_name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  last_name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string;

  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  media_url?: string;
}
