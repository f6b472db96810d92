// Socket errors of a PostgreSQL that is down, restarting, unreachable or not answering.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// SQLSTATEs of a server that cannot serve now: statement timeout (57014), shutting down or
// starting (57P01-57P03), too many connections (53300); class 08 is "connection exception".
const PG_CODES = new Set(['57014', '57P01', '57P02', '57P03', '53300']);

// What pg, pg-pool and TypeORM say when the connection, not the query, failed (they set no code).
const MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

/**
 * True when an error means "PostgreSQL is unavailable, retry later" rather than "this request is
 * wrong": the API answers those 503 with Retry-After. Looks through TypeORM's `driverError`, an
 * error's `cause` and an AggregateError's `errors` (Node's connect to several addresses).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, 0);
}

function unavailable(error: unknown, depth: number): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || PG_CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => (e.message as string).startsWith(m))) return true;
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((i) => i !== error && unavailable(i, depth + 1));
}
