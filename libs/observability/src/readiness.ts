import { Logger } from '@nestjs/common';

const CHECK_TIMEOUT_MS = 2000;

export interface Readiness {
  ok: boolean;
  body: { status: 'ok' | 'unavailable'; checks: Record<string, { status: 'up' | 'down' }> };
}

const logger = new Logger('Readiness');

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
  ]);
}

/**
 * Runs every check at once, each within 2 s. Up or down, and why only to the log: connection
 * errors name internal hosts and ports. (API and worker readiness probes alike.)
 */
export async function readiness(checks: Record<string, () => Promise<unknown>>): Promise<Readiness> {
  const names = Object.keys(checks);
  const results = await Promise.all(
    names.map(async (name) => {
      try {
        await withTimeout(checks[name]!());
        return { status: 'up' as const };
      } catch (e) {
        logger.warn({ message: 'readiness check failed', check: name, error: (e as Error).message });
        return { status: 'down' as const };
      }
    }),
  );
  const ok = results.every((r) => r.status === 'up');
  return { ok, body: { status: ok ? 'ok' : 'unavailable', checks: Object.fromEntries(names.map((n, i) => [n, results[i]!])) } };
}
