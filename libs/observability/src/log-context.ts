import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of one unit of work carries: the request that caused it, and the job running it. */
export interface LogContext {
  requestId?: string;
  queue?: string;
  jobId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` (and everything it awaits or schedules) with the given context added to the current one. */
export function runWithLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

export function logContext(): LogContext {
  return storage.getStore() ?? {};
}

/** The id of the HTTP request this work was caused by, when it was (carried into jobs as `requestId`). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
