import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';

export type Schema = SchemaObject | ReferenceObject;

/** A named schema of `components.schemas` (openapi/response-schemas.ts). */
export const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });
export const arrayOf = (name: string): SchemaObject => ({ type: 'array', items: ref(name) });
/** A keyset page: `{ items, nextCursor }` (DESIGN.md). */
export const pageOf = (name: string): SchemaObject => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: arrayOf(name),
    nextCursor: { type: 'string', nullable: true, description: 'Pass back as `cursor` for the next page; null on the last one' },
  },
});

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed: an unknown field, a value of the wrong type, a missing required field',
  401: 'No bearer token, or an expired or revoked one',
  403: 'The signed-in role may not do this, or the object is outside its scope',
  404: 'No such object (or one outside the caller’s scope)',
  409: 'Conflict: a stale If-Match version, a transition the workflow does not allow, a duplicate',
  422: 'The request is well-formed but breaks a rule (a date in the future, a bad cursor, a period too long)',
  429: 'Too many failed sign-ins: wait for Retry-After',
  503: 'The database is unavailable; retry after Retry-After seconds',
};

/** GeoReport v2's meaning of its codes (docs/open311.md). */
const OPEN311_ERROR_DESCRIPTIONS: Record<number, string> = {
  ...ERROR_DESCRIPTIONS,
  400: 'A required field is missing (service_code, a location) or a value is refused',
  403: 'api_key missing or invalid (or no key configured)',
  404: 'Unknown service_code or service_request_id, or a format other than json and xml',
};

export interface ApiDocOptions {
  summary: string;
  description?: string;
  /** The success body; omitted only for 204. */
  ok?: Schema;
  status?: number;
  /** Error statuses besides 401 (added for every protected operation). */
  errors?: number[];
  /** No bearer token needed. */
  public?: boolean;
  /** The success answer carries the ticket's version as ETag. */
  etag?: boolean;
  /** Takes `If-Match: "<version>"` (optimistic concurrency; absent = unconditional). */
  ifMatch?: boolean;
  /** Errors in GeoReport's `[{code, description}]` instead of Tynda's error object. */
  open311?: boolean;
}

/**
 * One decorator for an operation's documentation: summary, success body, error answers with the
 * shared error shape, bearer security, ETag/If-Match. The request side (body, query, path) is read
 * from the DTOs (openapi/validator-schemas.ts).
 */
export function ApiDoc(o: ApiDocOptions): MethodDecorator {
  const status = o.status ?? HttpStatus.OK;
  const errorSchema = ref(o.open311 ? 'Open311Errors' : 'Error');
  const errors = [...new Set([...(o.errors ?? []), ...(o.public ? [] : [401]), 503])].sort();
  const decorators: MethodDecorator[] = [
    ApiOperation({ summary: o.summary, ...(o.description ? { description: o.description } : {}) }),
    ApiResponse({
      status,
      description: status === HttpStatus.NO_CONTENT ? 'Done; no body' : 'Success',
      ...(o.ok ? { schema: o.ok } : {}),
      ...(o.etag ? { headers: { ETag: { description: 'The ticket’s version, e.g. "4": send it back as If-Match', schema: { type: 'string' } } } } : {}),
    }),
    ...errors.map((code) =>
      ApiResponse({ status: code, description: (o.open311 ? OPEN311_ERROR_DESCRIPTIONS : ERROR_DESCRIPTIONS)[code] ?? 'Error', schema: errorSchema }),
    ),
  ];
  if (!o.public) decorators.push(ApiBearerAuth());
  if (o.ifMatch) {
    decorators.push(
      ApiHeader({
        name: 'If-Match',
        required: false,
        description: 'The version the change was made against ("4", W/"4" or 4); a newer version answers 409',
        schema: { type: 'string' },
      }),
    );
  }
  return applyDecorators(...decorators);
}
