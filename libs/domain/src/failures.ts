/** What can fail for good and wait for an admin: an inbox delivery, a BullMQ job, a public reply. */
export const FAILURE_KINDS = ['delivery', 'job', 'reply'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export const isFailureKind = (v: unknown): v is FailureKind => (FAILURE_KINDS as readonly unknown[]).includes(v);

/** Where an item sits in the failures list: newest first, then by kind, then by id (descending). */
export interface FailurePosition {
  kind: FailureKind;
  id: string;
  failedAt: Date;
}

/**
 * Where one kind's items resume after a cursor: older than `failedAt`, or as old when `inclusive`,
 * or as old with an id below `idBelow`. Each source (a table, a Redis sorted set) reads its next
 * items from its own index with this, and the pages are merged.
 */
export interface FailureBound {
  failedAt: Date;
  inclusive: boolean;
  idBelow: string | null;
}

const rank = (kind: FailureKind): number => FAILURE_KINDS.indexOf(kind);

/** Delivery ids are bigints written in decimal without leading zeros: the shorter is the smaller. */
export function compareIds(kind: FailureKind, a: string, b: string): number {
  if (kind === 'delivery' && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when `a` is listed before `b`. */
export function compareFailures(a: FailurePosition, b: FailurePosition): number {
  return b.failedAt.getTime() - a.failedAt.getTime() || rank(a.kind) - rank(b.kind) || compareIds(a.kind, b.id, a.id);
}

/** The bound of `kind`'s items listed after `cursor`; null without a cursor (from the newest). */
export function boundAfter(kind: FailureKind, cursor: FailurePosition | null): FailureBound | null {
  if (!cursor) return null;
  if (kind === cursor.kind) return { failedAt: cursor.failedAt, inclusive: false, idBelow: cursor.id };
  // Items as old as the cursor come after it only if their kind is listed after the cursor's.
  return { failedAt: cursor.failedAt, inclusive: rank(kind) > rank(cursor.kind), idBelow: null };
}

/** Whether an item of the bound's kind lies past it (for sources filtered in memory). */
export function withinBound(kind: FailureKind, item: { id: string; failedAt: Date }, bound: FailureBound | null): boolean {
  if (!bound) return true;
  const t = item.failedAt.getTime();
  const b = bound.failedAt.getTime();
  if (t !== b) return t < b;
  return bound.inclusive || (bound.idBelow !== null && compareIds(kind, item.id, bound.idBelow) < 0);
}

/**
 * One page from the sources' own pages: each source gave at most `limit + 1` items past the
 * cursor in list order, so the first `limit` of their union are exactly the page's, and `more`
 * says whether anything is left after it.
 */
export function mergeNewestFirst<T extends FailurePosition>(sources: T[][], limit: number): { items: T[]; more: boolean } {
  const all = sources.flat().sort(compareFailures);
  return { items: all.slice(0, limit), more: all.length > limit };
}

const SECRET_FIELD = /("[^"\\]*(?:secret|token|password|signature|hash|key)[^"\\]*"\s*:\s*)("(?:[^"\\]|\\.)*"?|-?[\w.+-]+)/gi;

/**
 * A short look at a stored delivery for an admin: whitespace folded, the value of any field whose
 * name says secret, token, password, signature, hash or key replaced (VK puts its `secret` in the
 * body), cut to `max` characters. Works on a truncated body, which is no longer valid JSON.
 */
export function deliveryPreview(text: string, max = 200): string {
  const redacted = text.replace(SECRET_FIELD, '$1"***"').replace(/\s+/g, ' ').trim();
  return redacted.length > max ? `${redacted.slice(0, max - 1)}…` : redacted;
}
