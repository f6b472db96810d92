import type { Page } from '@app/contracts';
import { DomainError } from '@app/domain';

export type { Page } from '@app/contracts';

export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export function encodeCursor(p: KeysetPosition): string {
  return Buffer.from(JSON.stringify([p.createdAt.toISOString(), p.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    // Years 1-9999 and a real UUID: JavaScript dates reach further back than PostgreSQL's, and a
    // malformed id would reach the uuid cast; either must be this error, not the database's.
    const year = createdAt.getUTCFullYear();
    if (Number.isNaN(year) || year < 1 || year > 9999 || typeof id !== 'string' || !UUID.test(id)) throw new Error('bad');
    return { createdAt, id };
  } catch {
    throw new DomainError('validation', 'cursor is not valid: pass back the nextCursor of a previous page unchanged');
  }
}

/** Takes `limit + 1` fetched rows and turns them into a page with the cursor of the last one shown. */
export function toPage<T extends KeysetPosition>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
