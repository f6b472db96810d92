import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service.js';

/** Global: any feature module, in either process, declares its gauges on and counts in the one MetricsService. */
@Global()
@Module({ providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
