import type { Channel, Priority } from './ticket-enums.js';

export interface PolicyCriteria {
  id: string;
  categoryCode: string | null;
  priority: Priority | null;
  channel: Channel | null;
  isDefault: boolean;
  createdAt: Date;
}

export interface TicketCriteria {
  categoryCode: string | null;
  priority: Priority;
  channel: Channel;
}

// A category says most about the work, a priority about its urgency, a channel least.
const WEIGHT = { categoryCode: 4, priority: 2, channel: 1 } as const;

/**
 * The most specific policy whose every set criterion matches the ticket; ties go to the oldest
 * policy so a new one never silently takes over. The default matches everything, last.
 */
export function pickPolicy<P extends PolicyCriteria>(policies: readonly P[], t: TicketCriteria): P | null {
  let best: P | null = null;
  let bestScore = -1;
  for (const p of policies) {
    if ((p.categoryCode && p.categoryCode !== t.categoryCode) || (p.priority && p.priority !== t.priority) || (p.channel && p.channel !== t.channel)) continue;
    const hasCriteria = p.categoryCode || p.priority || p.channel;
    if (!hasCriteria && !p.isDefault) continue;
    const score = (p.categoryCode ? WEIGHT.categoryCode : 0) + (p.priority ? WEIGHT.priority : 0) + (p.channel ? WEIGHT.channel : 0);
    if (score > bestScore || (score === bestScore && best && p.createdAt < best.createdAt)) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}
