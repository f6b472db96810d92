/** Settles as `work` does, or rejects with `message` after `ms`; `work` itself runs on (its late result is ignored). */
export function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Below Docker's 10 s between SIGTERM and SIGKILL, so the process ends on its own terms. */
export const QUEUE_CLOSE_GRACE_MS = 8_000;

/**
 * Waits for a graceful close for at most `ms`, then runs `force`. A graceful BullMQ close waits for
 * Redis, which may be gone: a SIGTERM during an outage must still end the process (what it drops
 * is safe: jobs come back from the outbox and the sweeps re-plan from PostgreSQL).
 */
export async function closeWithin(ms: number, graceful: Promise<unknown>, force: () => unknown): Promise<void> {
  try {
    await withTimeout(graceful, ms, 'graceful close timed out');
  } catch {
    await force();
  }
}
