import { jobIds } from '@app/queues';

/** Timers are shared by the instants of one bucket; rounding up means a timer never fires early. */
export const SLA_TIMER_BUCKET_MS = 100;

export interface SlaTimer {
  jobId: string;
  at: number;
  delayMs: number;
}

/**
 * The delayed `sla.due` job that wakes the SLA worker at an instant: one per 100 ms bucket, with a
 * deterministic id so every ticket due in that bucket shares it. Work already due gets a job of its
 * own to run now, since the bucket it falls in may have fired already.
 */
export function slaTimer(ticketId: string, instant: number, now: number): SlaTimer {
  const at = Math.ceil(instant / SLA_TIMER_BUCKET_MS) * SLA_TIMER_BUCKET_MS;
  const jobId = at <= now + SLA_TIMER_BUCKET_MS ? jobIds.slaDueNow(ticketId, at) : jobIds.slaDue(at);
  return { jobId, at, delayMs: Math.max(0, at - now) };
}
