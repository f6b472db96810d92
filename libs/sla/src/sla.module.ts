import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { SlaClocks } from './sla-clocks.js';
import { SlaMetrics } from './sla-metrics.js';
import { SlaService } from './sla.service.js';

@Module({ imports: [DatabaseModule], providers: [SlaClocks, SlaService, SlaMetrics], exports: [SlaService] })
export class SlaModule {}
