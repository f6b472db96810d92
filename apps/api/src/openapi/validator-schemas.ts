import { ApiProperty, DECORATORS, type ApiPropertyOptions, type SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

/**
 * Request schemas from the rules the API enforces. The build compiles with `tsc`, so the
 * @nestjs/swagger CLI plugin never runs and DTOs would document as empty objects; instead of
 * restating every rule in an @ApiProperty beside it (two copies that drift apart), each property's
 * schema is derived from its class-validator decorators: the document says exactly what the
 * ValidationPipe accepts. An explicit @ApiProperty on a property still wins over what is derived
 * (descriptions, nested DTOs).
 */
/** The part of class-validator's (unexported) ValidationMetadata read here. */
interface Rule {
  type: string;
  name?: string;
  constraints?: unknown[];
  each?: boolean;
}
type ValidationMetadata = Rule & { propertyName: string };

/** Schemas of the project's own rules (apps/api/src/reference/validators.ts). */
const CUSTOM: Record<string, SchemaObject> = {
  isIsoDuration: { type: 'string', description: 'ISO 8601 duration', example: 'PT4H' },
  isTimeZone: { type: 'string', description: 'IANA time zone', example: 'Asia/Almaty' },
  isWorkingHours: {
    type: 'object',
    description: 'Working hours per weekday (mon..sun): lists of ["HH:MM", "HH:MM"] ranges',
    additionalProperties: {
      type: 'array',
      items: { type: 'array', items: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$' }, minItems: 2, maxItems: 2 },
    },
    example: {
      mon: [
        ['09:00', '13:00'],
        ['14:00', '18:00'],
      ],
    },
  },
};

/** A class as reflect-metadata records it (a property's design type, a validated DTO). */
type Constructor = abstract new (...args: never[]) => unknown;

const isClass = (design: unknown): design is Constructor =>
  typeof design === 'function' && ![String, Number, Boolean, Array, Object, Date].includes(design as never);

const typeOfDesign = (design: unknown): SchemaObject => {
  if (design === Number) return { type: 'number' };
  if (design === Boolean) return { type: 'boolean' };
  if (design === Array) return { type: 'array', items: {} };
  if (design === String) return { type: 'string' };
  return { type: 'object' };
};

/** What one rule says about a value (`item`) or about the list holding it (`list`). */
function applyRule(rule: Rule, item: SchemaObject, list: SchemaObject): void {
  const c = rule.constraints ?? [];
  switch (rule.name) {
    case 'isString':
      item.type = 'string';
      break;
    case 'isNotEmpty':
      if (item.type === 'string' || item.type === undefined) {
        item.type = 'string';
        item.minLength = Math.max(item.minLength ?? 0, 1);
      }
      break;
    case 'maxLength':
      item.type = 'string';
      item.maxLength = c[0] as number;
      break;
    case 'minLength':
      item.type = 'string';
      item.minLength = c[0] as number;
      break;
    case 'matches':
      item.type = 'string';
      item.pattern = (c[0] as RegExp).source;
      break;
    case 'isEmail':
      item.type = 'string';
      item.format = 'email';
      break;
    case 'isUuid':
      item.type = 'string';
      item.format = 'uuid';
      break;
    case 'isUrl':
      item.type = 'string';
      item.format = 'uri';
      break;
    case 'isIso8601':
      item.type = 'string';
      item.description ??= 'ISO 8601 date or date-time, e.g. 2026-03-01T09:00:00+05:00';
      break;
    case 'isIn':
      item.enum = [...(c[0] as unknown[])];
      item.type ??= typeof (c[0] as unknown[])[0] === 'number' ? 'number' : 'string';
      break;
    case 'isInt':
      item.type = 'integer';
      break;
    case 'isNumber':
      item.type = 'number';
      break;
    case 'isBoolean':
      item.type = 'boolean';
      break;
    case 'min':
      item.minimum = c[0] as number;
      break;
    case 'max':
      item.maximum = c[0] as number;
      break;
    case 'isLatitude':
      item.type = 'number';
      item.minimum = -90;
      item.maximum = 90;
      break;
    case 'isLongitude':
      item.type = 'number';
      item.minimum = -180;
      item.maximum = 180;
      break;
    case 'isArray':
      list.type = 'array';
      break;
    case 'arrayMaxSize':
      list.type = 'array';
      list.maxItems = c[0] as number;
      break;
    case 'arrayMinSize':
      list.type = 'array';
      list.minItems = c[0] as number;
      break;
    default:
      if (rule.name && CUSTOM[rule.name]) Object.assign(item, CUSTOM[rule.name]);
  }
}

/** The schema and requiredness of one property from its rules (exported for the unit test). */
export function propertySchema(rules: readonly Rule[], design: unknown, defaultValue: unknown): { schema: SchemaObject; required: boolean } {
  const optional = rules.some((r) => r.type === 'conditionalValidation');
  const item: SchemaObject = {};
  const list: SchemaObject = {};
  const isList = design === Array || rules.some((r) => r.each || r.name === 'isArray' || r.name === 'arrayMaxSize' || r.name === 'arrayMinSize');
  for (const r of rules) applyRule(r, r.each || !isList ? item : list, list);
  // A nested DTO (`@ValidateNested() @Type(() => X) x: X`): its own class, documented from its own rules.
  if (!isList && rules.some((r) => r.type === 'nestedValidation') && isClass(design))
    return { schema: { type: design } as unknown as SchemaObject, required: !optional };
  const designType = typeOfDesign(design);
  if (item.type === undefined && !isList) item.type = designType.type;
  if (item.type === undefined) item.type = 'string';
  const schema: SchemaObject = isList ? { ...list, type: 'array', items: item } : item;
  if (defaultValue !== undefined) schema.default = defaultValue;
  return { schema, required: !optional };
}

/** Every class with class-validator rules, parents before children (so a child's property list extends its parent's). */
function validatedClasses(): Array<[Constructor, ValidationMetadata[]]> {
  const byTarget = (getMetadataStorage() as unknown as { validationMetadatas: Map<Constructor | string, ValidationMetadata[]> }).validationMetadatas;
  const depth = (c: Constructor): number => {
    let n = 0;
    for (let p = Object.getPrototypeOf(c); p && p !== Function.prototype; p = Object.getPrototypeOf(p)) n++;
    return n;
  };
  return [...byTarget.entries()].filter((e): e is [Constructor, ValidationMetadata[]] => typeof e[0] === 'function').sort((a, b) => depth(a[0]) - depth(b[0]));
}

function defaultsOf(cls: Constructor): Record<string, unknown> {
  try {
    return new (cls as new () => Record<string, unknown>)();
  } catch {
    return {};
  }
}

/**
 * Gives every validated class's properties their @nestjs/swagger metadata, derived from their
 * rules; existing explicit metadata is kept. Idempotent; call before SwaggerModule.createDocument.
 */
export function documentValidatedClasses(): void {
  for (const [cls, rules] of validatedClasses()) {
    const proto = cls.prototype as object;
    const defaults = defaultsOf(cls);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const r of rules) byProperty.set(r.propertyName, [...(byProperty.get(r.propertyName) ?? []), r]);
    for (const [property, own] of byProperty) {
      const { schema, required } = propertySchema(own, Reflect.getMetadata('design:type', proto, property), defaults[property]);
      // An explicit @ApiProperty keeps its say.
      const explicit = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, proto, property) as ApiPropertyOptions | undefined) ?? {};
      // An explicit class type (a list of nested DTOs) is the whole story: derived keywords would describe its items wrongly.
      const derived = isClass(explicit.type) ? {} : schema;
      ApiProperty({ ...derived, required, ...explicit } as ApiPropertyOptions)(proto, property);
    }
    const parent = Object.getPrototypeOf(proto) as object | null;
    const inherited = (parent && (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, parent) as string[] | undefined)) ?? [];
    const mine = (Reflect.getOwnMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, proto) as string[] | undefined) ?? [];
    Reflect.defineMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, [...new Set([...inherited, ...mine])], proto);
  }
}
