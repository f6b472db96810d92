import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PagesRepository } from '@app/database';
import { MetricsService } from '@app/observability';

/**
 * The worker has no /metrics: what it counts per page (comments the reconciliation recovered) is
 * stored on the page in PostgreSQL and read here at scrape time, with each page's connection state.
 */
@Injectable()
export class PageMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly pages: PagesRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge(
      'tynda_channel_reconciled_comments',
      'Comments the reconciliation found on a page that no webhook had delivered, since the page was registered (alert when it grows: the subscription is losing comments).',
      async () => (await this.pages.reconciledCounts()).map((r) => ({ labels: { page: r.pageId, channel: r.channel }, value: r.recovered })),
    );
    this.metrics.gauge(
      'tynda_pages_needing_reauthorization',
      'Pages whose channel refused their credentials: their replies wait until an admin saves new ones.',
      async () => [{ labels: {}, value: await this.pages.countNeedingReauthorization() }],
    );
  }
}
