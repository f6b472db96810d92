import { Module, type Provider } from '@nestjs/common';
import { DatabaseModule, ReferenceRepository, UnitOfWork, type ReferenceEntity } from '@app/database';
import { JobOutbox } from '@app/queues';
import { SlaModule, SlaService } from '@app/sla';
import { REFERENCE_TABLES, type ReferenceTable } from './reference-tables.js';
import { ReferenceService } from './reference.service.js';

/** The injection token of a table's `ReferenceService`, e.g. `@Inject(referenceServiceToken(REFERENCE_TABLES.users))`. */
export const referenceServiceToken = (table: { label: string }): string => `ReferenceService(${table.label})`;
const repositoryToken = (table: { label: string }): string => `ReferenceRepository(${table.label})`;

// One repository and one service per table: the tables share their code, not their instances.
function tableProviders<E extends ReferenceEntity, I extends object>(table: ReferenceTable<E, I>): Provider[] {
  return [
    { provide: repositoryToken(table), useFactory: (uow: UnitOfWork) => new ReferenceRepository<E>(uow, table.entity, table.label), inject: [UnitOfWork] },
    {
      provide: referenceServiceToken(table),
      useFactory: (rows: ReferenceRepository<E>, uow: UnitOfWork, outbox: JobOutbox, sla: SlaService) => new ReferenceService(table, rows, uow, outbox, sla),
      inject: [repositoryToken(table), UnitOfWork, JobOutbox, SlaService],
    },
  ];
}
const TABLES: ReadonlyArray<ReferenceTable<ReferenceEntity>> = Object.values(REFERENCE_TABLES);

@Module({ imports: [DatabaseModule, SlaModule], providers: TABLES.flatMap(tableProviders), exports: TABLES.map(referenceServiceToken) })
export class ReferenceModule {}
