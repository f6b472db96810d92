import { Module } from '@nestjs/common';
import { MetricsModule as SharedMetricsModule } from '@app/observability';
import { MetricsController } from './metrics.controller.js';

/** The API's scrape endpoint over the process's MetricsService (libs/observability, global). */
@Module({ imports: [SharedMetricsModule], controllers: [MetricsController] })
export class MetricsModule {}
