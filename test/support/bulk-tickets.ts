import type { DataSource } from 'typeorm';

export interface BulkTicketOptions {
  count: number;
  districtId: string | null;
  /** Received this many minutes ago for the first, one minute later for each next one (oldest first). */
  oldestMinutesAgo: number;
  /** First response due this long after receipt (minutes). */
  firstResponseMinutes?: number;
  channel?: string;
  language?: string;
  suggestedCategoryCode?: string | null;
  referencePrefix: string;
  textOf?: (n: number) => string;
}

/**
 * A desk full of `new` tickets in two statements (tickets, then their `ticket.created` events with
 * the router's suggestion): building hundreds through the API would take most of a test's time.
 */
export async function insertNewTickets(ds: DataSource, o: BulkTicketOptions): Promise<string[]> {
  const texts = Array.from({ length: o.count }, (_, i) => o.textOf?.(i + 1) ?? `Көшеде жарық жоқ, №${i + 1} үйдің жанында`);
  const rows = (await ds.query(
    `INSERT INTO tickets (reference, channel, district_id, author_name, text, language, status, received_at, created_at, first_response_due_at, resolution_due_at)
     SELECT $1 || lpad(n::text, 6, '0'), $2, $3, 'Тұрғын ' || n, ($4::text[])[n], $5, 'new',
            now() - ($6 - n + 1) * interval '1 minute', now() - ($6 - n + 1) * interval '1 minute',
            now() - ($6 - n + 1) * interval '1 minute' + $7 * interval '1 minute',
            now() - ($6 - n + 1) * interval '1 minute' + interval '5 days'
       FROM generate_series(1, $8::int) AS n
     RETURNING id, reference`,
    [o.referencePrefix, o.channel ?? 'facebook', o.districtId, texts, o.language ?? 'kk', o.oldestMinutesAgo, o.firstResponseMinutes ?? 24 * 60, o.count],
  )) as Array<{ id: string; reference: string }>;
  rows.sort((a, b) => a.reference.localeCompare(b.reference));
  await ds.query(
    `INSERT INTO ticket_events (ticket_id, type, to_status, payload)
     SELECT id, 'ticket.created', 'new', CASE WHEN $2::text IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('suggestedCategoryCode', $2::text) END FROM unnest($1::uuid[]) AS id`,
    [rows.map((r) => r.id), o.suggestedCategoryCode ?? null],
  );
  return rows.map((r) => r.id);
}
