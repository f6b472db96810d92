import type { DeepPartial, EntityTarget, FindOptionsWhere, Repository } from 'typeorm';
import { notFound } from '@app/domain';
import type { ReferenceEntity } from '../entities/base.js';
import type { UnitOfWork } from '../unit-of-work.js';
import { decodeCursor, toPage, type Page } from './keyset-page.js';

/** CRUD with keyset paging (oldest first) for the small reference tables an admin manages. */
export class ReferenceRepository<E extends ReferenceEntity> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly entity: EntityTarget<E>,
    private readonly label: string,
  ) {}

  /** In the open unit of work when there is one (an SLA rule's change and its re-timing job commit together). */
  private get repo(): Repository<E> {
    return this.uow.manager.getRepository(this.entity);
  }

  /** `where`: column values every listed row must have (a reader's scope); the columns come from code, never from input. */
  async list(limit: number, cursor?: string, where: Record<string, string | null> = {}): Promise<Page<E>> {
    const qb = this.repo.createQueryBuilder('r').where('true');
    for (const [column, value] of Object.entries(where)) {
      if (value === null) qb.andWhere(`r.${column} IS NULL`);
      else qb.andWhere(`r.${column} = :where_${column}`, { [`where_${column}`]: value });
    }
    if (cursor) {
      const pos = decodeCursor(cursor);
      qb.andWhere('(r.createdAt, r.id) > (:at, :id)', { at: pos.createdAt, id: pos.id });
    }
    const rows = await qb
      .orderBy('r.createdAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    return toPage(rows, limit);
  }

  async get(id: string): Promise<E> {
    const row = await this.repo.findOneBy({ id } as FindOptionsWhere<E>);
    if (!row) throw notFound(this.label, id);
    return row;
  }

  create(values: DeepPartial<E>): Promise<E> {
    return this.repo.save(this.repo.create(values));
  }

  async update(id: string, values: DeepPartial<E>): Promise<E> {
    const row = await this.get(id);
    return this.repo.save(this.repo.merge(row, values));
  }

  async remove(id: string): Promise<void> {
    await this.repo.remove(await this.get(id));
  }
}
