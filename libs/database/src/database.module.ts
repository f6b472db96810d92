import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import { dataSourceOptions, poolSettings } from './data-source.js';
import { ENTITIES } from './entities/index.js';
import { ClustersRepository } from './repositories/clusters.repository.js';
import { IntakeRepository } from './repositories/intake.repository.js';
import { NotificationsRepository } from './repositories/notifications.repository.js';
import { OutboxRepository } from './repositories/outbox.repository.js';
import { PagesRepository } from './repositories/pages.repository.js';
import { Open311Repository } from './repositories/open311.repository.js';
import { RepliesRepository } from './repositories/replies.repository.js';
import { ReportCellsRepository } from './repositories/report-cells.repository.js';
import { ReportsRepository } from './repositories/reports.repository.js';
import { RoutingRepository } from './repositories/routing.repository.js';
import { SlaRepository } from './repositories/sla.repository.js';
import { TicketsRepository } from './repositories/tickets.repository.js';
import { UsersRepository } from './repositories/users.repository.js';
import { VerdictsRepository } from './repositories/verdicts.repository.js';
import { UnitOfWork } from './unit-of-work.js';

/** What the module provides, and exports to every feature that imports it. */
const PROVIDERS = [
  UnitOfWork,
  TicketsRepository,
  UsersRepository,
  SlaRepository,
  NotificationsRepository,
  IntakeRepository,
  ClustersRepository,
  RepliesRepository,
  Open311Repository,
  ReportsRepository,
  ReportCellsRepository,
  OutboxRepository,
  PagesRepository,
  RoutingRepository,
  VerdictsRepository,
];

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions(config.DATABASE_URL, poolSettings(config)),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: PROVIDERS,
  exports: [TypeOrmModule, ...PROVIDERS],
})
export class DatabaseModule {}
