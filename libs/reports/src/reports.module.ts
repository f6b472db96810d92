import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [DatabaseModule],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
