import { Injectable, type OnModuleInit } from '@nestjs/common';
import { IntakeRepository } from '@app/database';
import { MetricsService } from '@app/observability';

/** The intake's lag, from PostgreSQL at scrape time (one indexed row); the same on every process. */
@Injectable()
export class IntakeMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly intake: IntakeRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge(
      'tynda_intake_lag_seconds',
      'Age of the oldest webhook delivery not yet turned into a ticket (0 when the inbox is empty); alert when it grows.',
      async () => [{ labels: {}, value: await this.intake.pendingLagSeconds() }],
    );
  }
}
