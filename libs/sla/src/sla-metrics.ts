import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SlaRepository } from '@app/database';
import { SLA_STATES } from '@app/domain';
import { MetricsService, cached } from '@app/observability';

/** Scrapes every 15 s or so from each Prometheus: one count of the open tickets per 10 s is plenty. */
const CACHE_MS = 10_000;

/** Open tickets by SLA state and overdue now, from PostgreSQL; the same on every process (aggregate with max). */
@Injectable()
export class SlaMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly sla: SlaRepository,
  ) {}

  onModuleInit(): void {
    const read = cached(CACHE_MS, () => this.sla.openBySlaState());
    this.metrics.gauge('tynda_tickets_open', 'Open tickets (not closed, rejected or merged) by SLA state.', async () => {
      const { byState } = await read();
      const count = new Map(byState.map((r) => [r.state, r.count]));
      return SLA_STATES.map((state) => ({ labels: { sla_state: state }, value: count.get(state) ?? 0 }));
    });
    this.metrics.gauge(
      'tynda_tickets_overdue',
      'Open tickets past a due instant now: a first response or a resolution still owed after it was due.',
      async () => [{ labels: {}, value: (await read()).overdue }],
    );
  }
}
