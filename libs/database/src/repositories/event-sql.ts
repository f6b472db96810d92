import type { TicketEventPayloadKey, TicketEventPayloads, TicketEventType } from '@app/domain';

// The ticket events' payloads (libs/domain ticket-events.ts) as SQL reads and writes them: a key
// renamed or dropped in the type fails to compile here, not silently in a report.

/** `alias.payload->>'key'`, a key of the payload of events of `_type` (named for the compiler only). */
export function payloadText<T extends TicketEventType>(alias: string, _type: T, key: TicketEventPayloadKey<T>): string {
  return `${alias}.payload->>'${key}'`;
}

/** A `jsonb_build_object` of one SQL expression per key of the payload `P`: every key the type names, and no other. */
export function payloadSql<P extends TicketEventPayloads[TicketEventType]>(fields: { [K in keyof P]-?: string }): string {
  return `jsonb_build_object(${Object.entries(fields)
    .map(([key, sql]) => `'${key}', ${sql as string}`)
    .join(', ')})`;
}
