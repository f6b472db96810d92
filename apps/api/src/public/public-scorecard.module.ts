import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { SlaModule } from '@app/sla';
import { PublicScorecardController } from './public-scorecard.controller.js';
import { PublicScorecardService } from './public-scorecard.service.js';

/** Issue 16: what residents may read without signing in. */
@Module({
  imports: [DatabaseModule, SlaModule],
  controllers: [PublicScorecardController],
  providers: [PublicScorecardService],
})
export class PublicScorecardModule {}
