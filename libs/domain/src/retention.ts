import type { TicketEventType } from './ticket-events.js';

/**
 * Keys of a ticket event's payload that carry what a resident wrote or gave (an edit's earlier text,
 * a verdict's words and comment id, an Open311 e-mail, photo and location), or staff's free text,
 * which quotes residents (notes, channel errors): the retention purge takes them out of a finished
 * ticket's events. What is left (types, statuses, ids, codes, instants, counts) is what the figures read.
 */
export const PERSONAL_EVENT_KEYS = [
  'text',
  'previousText',
  'note',
  'externalId',
  'email',
  'mediaUrl',
  'lat',
  'long',
  'addressId',
  'error',
  'previousError',
] as const;

/** Events whose `reason` is written by staff; elsewhere `reason` is a code (`resident_confirmed`) and stays. */
export const FREE_TEXT_REASON_EVENTS = ['ticket.handed_back', 'appeal.extended'] as const satisfies readonly TicketEventType[];

/**
 * Days a raw delivery is kept after it was handled (0: for ever). A payload is the resident's own
 * words and ids, so it never outlives the personal-data period either, whichever is set shorter.
 */
export function rawDeliveryRetentionDays(rawDeliveryDays: number, personalDataDays: number): number {
  const periods = [rawDeliveryDays, personalDataDays].filter((days) => days > 0);
  return periods.length ? Math.min(...periods) : 0;
}

/** The instant `days` days before `now`: what was handled or finished before it is purged. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
