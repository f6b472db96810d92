/**
 * Saved replies: admin-managed answer templates in Kazakh and Russian that a press secretary (or a
 * department) inserts into a reply, with placeholders filled from the ticket.
 */
export const SAVED_REPLY_PLACEHOLDERS = ['resident_name', 'reference', 'district', 'locality', 'category'] as const;
export type SavedReplyPlaceholder = (typeof SAVED_REPLY_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** The placeholders a template names that Tynda cannot fill (a typo such as `{resident}`), in order, once each. */
export function unknownPlaceholders(body: string): string[] {
  const known = new Set<string>(SAVED_REPLY_PLACEHOLDERS);
  const unknown = new Set<string>();
  for (const m of body.matchAll(PLACEHOLDER)) if (!known.has(m[1]!)) unknown.add(m[1]!);
  return [...unknown];
}

/**
 * Fills a template's placeholders. A value that is unknown for this ticket (no district, an
 * anonymous author) leaves the placeholder's `fallback` in its place rather than an empty gap.
 */
export function fillSavedReply(body: string, values: Partial<Record<SavedReplyPlaceholder, string | null>>, fallback = '…'): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(SAVED_REPLY_PLACEHOLDERS as readonly string[]).includes(name)) return whole;
    const value = values[name as SavedReplyPlaceholder];
    return value?.trim() ? value.trim() : fallback;
  });
}

/** The template's language for a ticket: Kazakh for Kazakh text, Russian for Russian; otherwise the reader's. */
export function savedReplyLanguage(ticketLanguage: string, readerLanguage: string): 'kk' | 'ru' {
  if (ticketLanguage === 'kk' || ticketLanguage === 'ru') return ticketLanguage;
  return readerLanguage === 'kk' ? 'kk' : 'ru';
}
