import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEmail,
  IsIn,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { MAX_TICKET_TEXT } from '../tickets/dto/create-ticket.dto.js';

export const OPEN311_LANGS = ['ru', 'kk'] as const;
export type Open311Lang = (typeof OPEN311_LANGS)[number];

/** GeoReport lists several values in one parameter, comma-separated. */
const commaList = () =>
  Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  );

/** An optional comma-separated list of codes or references. */
const CodeList = (maxItems: number) =>
  applyDecorators(IsOptional(), commaList(), IsString({ each: true }), MaxLength(64, { each: true }), ArrayMaxSize(maxItems));

/** GeoReport clients send every field of their form, empty when unused: an empty value means absent. */
const EmptyMeansAbsent = () =>
  applyDecorators(
    Transform(({ value }) => (value === '' ? undefined : value)),
    IsOptional(),
  );

/** The format a GeoReport resource is asked in, from its extension: `services.json`, `services.xml`. */
export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

/** Every GET takes these: `jurisdiction_id` is part of the spec (Tynda serves one), `lang` is Tynda's. */
export class Open311ReadQuery {
  @EmptyMeansAbsent()
  @IsString()
  @MaxLength(200)
  jurisdiction_id?: string;

  /** Names and status notes in Russian (default: what city apps of the region show) or Kazakh. */
  @EmptyMeansAbsent()
  @IsIn(OPEN311_LANGS)
  lang?: Open311Lang;

  /** Reading needs no key, but many clients send theirs on every call: accepted and ignored. */
  @EmptyMeansAbsent()
  @IsString()
  @MaxLength(200)
  api_key?: string;
}

export class ListOpen311RequestsQuery extends Open311ReadQuery {
  /** Per the spec, it overrides every other filter. */
  @CodeList(1000)
  service_request_id?: string[];

  @CodeList(100)
  service_code?: string[];

  @EmptyMeansAbsent()
  @IsISO8601({ strict: true })
  start_date?: string;

  @EmptyMeansAbsent()
  @IsISO8601({ strict: true })
  end_date?: string;

  @IsOptional()
  @commaList()
  @IsIn(['open', 'closed'], { each: true, message: 'status must be open, closed or both, comma-separated' })
  status?: Array<'open' | 'closed'>;
}

/**
 * POST requests.json / requests.xml, form-urlencoded (as the spec sends it) or JSON. Every field
 * of the spec is declared (unknown ones are
 * refused); those Tynda has no use for are accepted and ignored. `api_key` is checked by
 * Open311ApiKeyGuard before validation, so a caller without a key learns nothing about the fields.
 * `attribute[...]` is not accepted: every service is published with `metadata: false`.
 */
export class CreateOpen311RequestDto {
  @EmptyMeansAbsent()
  @IsString()
  api_key?: string;

  @EmptyMeansAbsent()
  @IsString()
  @MaxLength(200)
  jurisdiction_id?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  service_code!: string;

  @EmptyMeansAbsent()
  @IsString()
  @MaxLength(MAX_TICKET_TEXT)
  description?: string;

  // A number in JSON, a string in a form: both are read as degrees.
  @Transform(({ value }) => (value === '' ? undefined : value))
  @ValidateIf((o: CreateOpen311RequestDto) => o.lat !== undefined || o.long !== undefined)
  @IsLatitude({ message: 'lat must be a latitude, given together with long' })
  lat?: string | number;

  @Transform(({ value }) => (value === '' ? undefined : value))
  @ValidateIf((o: CreateOpen311RequestDto) => o.lat !== undefined || o.long !== undefined)
  @IsLongitude({ message: 'long must be a longitude, given together with lat' })
  long?: string | number;

  @EmptyMeansAbsent()
  @IsString()
  @MaxLength(200)
  address_string?: string;

  @EmptyMeansAbsent()
  @IsString()
  @MaxLength(200)
  address_id?: string;

  @EmptyMeansAbsent()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @EmptyMeansAbsent()
  @IsString()
  @MaxLength(200)
  device_id?: string;

  @EmptyMeansAbsent()
  @IsString()
  @MaxLength(200)
  account_id?: string;

  @EmptyMeansAbsent()
  @IsString()
  @MaxLength(100)
  first_name?: string;

  @EmptyMeansAbsent()
  @IsString()
  @MaxLength(100)
  last_name?: string;

  @EmptyMeansAbsent()
  @IsString()
  @MaxLength(50)
  phone?: string;

  @EmptyMeansAbsent()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  media_url?: string;
}
