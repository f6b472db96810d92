import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { SlaModule } from '@app/sla';
import { TicketsModule } from '@app/tickets';
import { ClusterPlacementService } from './cluster-placement.service.js';
import { ClustersService } from './clusters.service.js';
import { InboxService } from './inbox.service.js';
import { IntakeMetrics } from './intake-metrics.js';
import { IntakeService } from './intake.service.js';
import { RouterService } from './router.service.js';

@Module({
  imports: [DatabaseModule, SlaModule, TicketsModule],
  providers: [InboxService, IntakeService, ClusterPlacementService, ClustersService, RouterService, IntakeMetrics],
  exports: [InboxService, IntakeService, ClusterPlacementService, ClustersService, RouterService],
})
export class IntakeModule {}
