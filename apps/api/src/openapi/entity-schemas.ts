import type { SchemaObject } from '@nestjs/swagger';
import type { DataSource, EntityTarget } from 'typeorm';

/**
 * Reference resources (districts, SLA policies, calendars…) answer their rows as TypeORM loads
 * them: their schema is read from the entity's column metadata, so a new column is documented as
 * it is added. Registered by the reference controller factory, turned into schemas once the
 * DataSource is up (openapi/document.ts).
 */
const registered = new Map<string, EntityTarget<object>>();

export function registerEntitySchema(name: string, entity: EntityTarget<object>): void {
  registered.set(name, entity);
}

function columnSchema(type: unknown, designType: unknown): SchemaObject {
  const t = typeof type === 'function' ? (type as { name: string }).name.toLowerCase() : String(type);
  if (t === 'uuid') return { type: 'string', format: 'uuid' };
  if (t === 'timestamptz' || t === 'timestamp' || t === 'timestamp with time zone') return { type: 'string', format: 'date-time' };
  if (t === 'date') return { type: 'string', format: 'date' };
  if (['int', 'integer', 'smallint', 'int4', 'int2'].includes(t)) return { type: 'integer' };
  // node-postgres answers a bigint as a string: it may not fit a JavaScript number.
  if (t === 'bigint' || t === 'int8') return { type: 'string', pattern: '^-?\\d+$' };
  if (['double precision', 'real', 'numeric', 'decimal', 'float', 'number'].includes(t)) return { type: 'number' };
  if (t === 'boolean' || t === 'bool') return { type: 'boolean' };
  if (t === 'jsonb' || t === 'json') return designType === Array ? { type: 'array', items: {} } : { type: 'object', additionalProperties: true };
  return { type: 'string' };
}

/** One schema per registered entity, all its selected columns required (null where nullable). */
export function entitySchemas(dataSource: DataSource): Record<string, SchemaObject> {
  const out: Record<string, SchemaObject> = {};
  for (const [name, entity] of registered) {
    const meta = dataSource.getMetadata(entity);
    const properties: Record<string, SchemaObject> = {};
    for (const c of meta.columns) {
      if (!c.isSelect) continue;
      const designType = Reflect.getMetadata('design:type', (meta.target as { prototype: object }).prototype, c.propertyName);
      const item = columnSchema(c.type, designType);
      const schema: SchemaObject = c.isArray ? { type: 'array', items: item } : item;
      properties[c.propertyName] = c.isNullable ? { ...schema, nullable: true } : schema;
    }
    out[name] = { type: 'object', required: Object.keys(properties), properties };
  }
  return out;
}
