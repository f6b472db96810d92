import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TicketEventPayloadKey, TicketStatus } from '@app/domain';
import { CategoryEntity } from '../entities/category.entity.js';
import { UnitOfWork } from '../unit-of-work.js';
import { payloadText } from './event-sql.js';

export interface Open311ServiceRow {
  code: string;
  nameKk: string;
  nameRu: string;
  keywords: string[];
  departmentNameKk: string | null;
  departmentNameRu: string | null;
}

export interface Open311RequestRow {
  reference: string;
  status: TicketStatus;
  text: string;
  categoryCode: string | null;
  categoryNameKk: string | null;
  categoryNameRu: string | null;
  departmentNameKk: string | null;
  departmentNameRu: string | null;
  locality: string | null;
  receivedAt: Date;
  updatedAt: Date;
  resolutionDueAt: Date | null;
  lat: number | null;
  long: number | null;
  addressId: string | null;
  mediaUrl: string | null;
}

export interface Open311RequestFilters {
  references?: string[];
  categoryCodes?: string[];
  statuses?: TicketStatus[];
  receivedFrom?: Date;
  receivedTo?: Date;
}

/** A key of the `ticket.created` event of the ticket's row `e`: where the resident stood, and the photo. */
const created = (key: TicketEventPayloadKey<'ticket.created'>) => payloadText('e', 'ticket.created', key);

/** The GeoReport v2 view of categories and of the tickets filed through Open311. */
@Injectable()
export class Open311Repository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  services(): Promise<Open311ServiceRow[]> {
    return this.dataSource.query(
      `SELECT c.code, c.name_kk AS "nameKk", c.name_ru AS "nameRu", c.keywords,
              d.name_kk AS "departmentNameKk", d.name_ru AS "departmentNameRu"
         FROM categories c LEFT JOIN departments d ON d.id = c.department_id
        ORDER BY c.code`,
    ) as Promise<Open311ServiceRow[]>;
  }

  /** When the published services last changed (a category or a department renamed): discovery's `changeset`. */
  async servicesChangedAt(): Promise<Date | null> {
    const [row] = (await this.dataSource.query(
      `SELECT GREATEST((SELECT max(updated_at) FROM categories), (SELECT max(updated_at) FROM departments)) AS at`,
    )) as Array<{ at: Date | null }>;
    return row?.at ?? null;
  }

  category(code: string): Promise<CategoryEntity | null> {
    return this.uow.manager.getRepository(CategoryEntity).findOneBy({ code });
  }

  /** Only channel `open311`: tickets from social media are not republished through a public API. */
  requests(filters: Open311RequestFilters, limit: number): Promise<Open311RequestRow[]> {
    const params: unknown[] = [];
    const where = [`t.channel = 'open311'`];
    const add = (sql: (p: string) => string, value: unknown) => where.push(sql(`$${params.push(value)}`));
    if (filters.references?.length) add((p) => `t.reference = ANY(${p}::text[])`, filters.references);
    if (filters.categoryCodes?.length) add((p) => `t.category_code = ANY(${p}::text[])`, filters.categoryCodes);
    if (filters.statuses?.length) add((p) => `t.status = ANY(${p}::text[])`, filters.statuses);
    if (filters.receivedFrom) add((p) => `t.received_at >= ${p}`, filters.receivedFrom);
    if (filters.receivedTo) add((p) => `t.received_at <= ${p}`, filters.receivedTo);
    const limitParam = `$${params.push(limit)}`;
    // Where the resident stood, and the photo, are kept on the created event only: tickets have no such columns.
    return this.dataSource.query(
      `SELECT t.reference, t.status, t.text, t.category_code AS "categoryCode",
              c.name_kk AS "categoryNameKk", c.name_ru AS "categoryNameRu",
              d.name_kk AS "departmentNameKk", d.name_ru AS "departmentNameRu",
              t.locality, t.received_at AS "receivedAt", t.updated_at AS "updatedAt", t.resolution_due_at AS "resolutionDueAt",
              (${created('lat')})::double precision AS lat, (${created('long')})::double precision AS long,
              ${created('addressId')} AS "addressId", ${created('mediaUrl')} AS "mediaUrl"
         FROM tickets t
         LEFT JOIN categories c ON c.code = t.category_code
         LEFT JOIN departments d ON d.id = t.department_id
         LEFT JOIN LATERAL (
           SELECT payload FROM ticket_events WHERE ticket_id = t.id AND type = 'ticket.created' ORDER BY id LIMIT 1
         ) e ON true
        WHERE ${where.join(' AND ')}
        ORDER BY t.received_at DESC, t.id DESC
        LIMIT ${limitParam}`,
      params,
    ) as Promise<Open311RequestRow[]>;
  }
}
