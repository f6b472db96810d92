import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/**
 * Validates real answers against the OpenAPI document: finds the operation by method and concrete
 * path, picks the response by status (or `default`), and checks a JSON body against its schema.
 * Strict on purpose: a JSON answer whose operation documents no schema, or an empty one, is a
 * violation; objects refuse properties their schema does not list (unless it says otherwise), so a
 * field added to a view without its schema is caught.
 */
export class OpenApiResponseValidator {
  private readonly ajv: Ajv;
  private readonly routes: Array<{ method: string; pattern: RegExp; template: string; op: Operation }> = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: Json) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
    // One schema holding the components, so `$ref`s between them resolve (see toJsonSchema).
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas: mapValues(schemas, (schema) => closed(toJsonSchema(schema))) } });
    for (const [template, item] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
      // `{id}` stands for one path segment; `requests.{format}` keeps its literal dot.
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+?')}$`);
      for (const [method, op] of Object.entries(item)) this.routes.push({ method: method.toUpperCase(), pattern, template, op });
    }
  }

  /** The problems found with one exchange; an empty list when it conforms. */
  check(method: string, path: string, status: number, contentType: string | undefined, body: unknown): string[] {
    const where = `${method} ${path} -> ${status}`;
    const route = this.routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path.split('?')[0]!));
    if (!route) return [`${where}: no operation in the document`];
    const response = route.op.responses?.[String(status)] ?? route.op.responses?.default;
    if (!response) return [`${where}: status ${status} is not documented for ${route.template}`];
    const type = (contentType ?? '').split(';')[0]!.trim();
    if (status === 204 || type === '') return [];
    const media = response.content?.[type];
    if (!media) return [`${where}: content type ${type} is not documented`];
    if (type !== 'application/json') return [];
    if (!media.schema || Object.keys(media.schema).length === 0) return [`${where}: JSON answer documented without a schema`];
    const key = `${route.template} ${route.method} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(closed(toJsonSchema(media.schema)));
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message ?? ''} ${e.params ? JSON.stringify(e.params) : ''}`);
  }
}

const DOCUMENT_ID = 'openapi';

/** OpenAPI 3.0 `nullable: true` in JSON Schema terms; `$ref`s pointed into the components schema. */
function toJsonSchema(schema: unknown): Json {
  if (Array.isArray(schema)) return schema.map(toJsonSchema) as unknown as Json;
  if (!schema || typeof schema !== 'object') return schema as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json)) {
    if (k === 'example' || k === 'nullable' || k === 'xml') continue;
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${DOCUMENT_ID}${v}` : typeof v === 'object' ? toJsonSchema(v) : v;
  }
  const s = schema as Json;
  if (s.nullable === true) {
    if (typeof s.type === 'string') out.type = [s.type, 'null'];
    if (Array.isArray(s.enum)) out.enum = [...s.enum, null];
    if (s.$ref || s.allOf || s.oneOf) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/** Objects with listed properties refuse unlisted ones unless their schema says otherwise. */
function closed(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(closed) as unknown as Json;
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema))
    out[k] = typeof v === 'object' && v !== null ? (k === 'properties' ? mapValues(v as Json, closed) : closed(v as Json)) : v;
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const mapValues = (o: Json, f: (v: Json) => Json): Json => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v as Json)]));
