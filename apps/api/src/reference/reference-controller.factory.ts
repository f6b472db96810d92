import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, ValidationPipe, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, DeepPartial, EntityTarget } from 'typeorm';
import { ReferenceRepository, type ReferenceEntity } from '@app/database';
import { notFound } from '@app/domain';
import { JobOutbox, jobIds, outboxJob } from '@app/queues';
import { SlaService } from '@app/sla';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiDoc, pageOf, ref } from '../openapi/api-doc.decorator.js';
import { registerEntitySchema } from '../openapi/entity-schemas.js';
import { VALIDATION_OPTIONS } from '../validation.js';
import { PageQuery } from '../tickets/dto/list-tickets.query.js';

export interface ReferenceResource<E extends ReferenceEntity, C extends object, U extends object> {
  path: string;
  label: string;
  entity: EntityTarget<E>;
  createDto: Type<C>;
  updateDto: Type<U>;
  /** Turns a validated body into column values (hash a password, check cross-field rules). */
  toValues?: (dto: C | U, existing?: E) => Promise<DeepPartial<E>> | DeepPartial<E>;
  toView?: (row: E) => object;
  /** Refuses a delete that would break an invariant (the default SLA policy must exist). */
  beforeRemove?: (row: E) => void;
  /** An SLA rule: every create, update or delete re-times the open tickets it governs (a worker job, staged with the change). */
  retimesTickets?: boolean;
  /**
   * Who may read the rows: the column values a reader's rows must have (`{}`: every row), or a
   * DomainError for a reader who may not read any. Unset: every signed-in user reads every row.
   */
  readScope?: (user: AuthUser) => Record<string, string | null>;
}

const bodyOf = (type: Type<object>): ParameterDecorator => Body(new ValidationPipe({ ...VALIDATION_OPTIONS, expectedType: type }));

/**
 * One controller class per reference resource: list/get for every signed-in user (reference data
 * is needed to triage and route), create/update/
 * delete for admins. A delete of a row still referenced answers 409 (foreign keys say no).
 */
export function referenceController<E extends ReferenceEntity, C extends object, U extends object>(r: ReferenceResource<E, C, U>): Type<unknown> {
  const view = (row: E): object => (r.toView ? r.toView(row) : row);
  const values = async (dto: C | U, existing?: E): Promise<DeepPartial<E>> => (r.toValues ? r.toValues(dto, existing) : (dto as unknown as DeepPartial<E>));
  // The answer's schema: a hand-written one for a resource with its own view (openapi/response-schemas.ts), else the entity's columns.
  const schema = r.label.replace(/(^|\W+)(\w)/g, (_, __: string, c: string) => c.toUpperCase());
  if (!r.toView) registerEntitySchema(schema, r.entity as EntityTarget<object>);

  @ApiTags('reference data')
  @ApiBearerAuth()
  @Controller(r.path)
  class ReferenceController {
    readonly rows: ReferenceRepository<E>;

    constructor(
      @InjectDataSource() readonly dataSource: DataSource,
      readonly outbox: JobOutbox,
      readonly sla: SlaService,
    ) {
      this.rows = new ReferenceRepository(dataSource.getRepository(r.entity), r.label);
    }

    /** A write; for an SLA rule, in one transaction with the re-timing job it asks for, so the change never goes without it. */
    async change<T>(work: (rows: ReferenceRepository<E>) => Promise<T>): Promise<T> {
      if (!r.retimesTickets) return work(this.rows);
      const [result, staged] = await this.dataSource.transaction(async (m) => {
        const result = await work(new ReferenceRepository(m.getRepository(r.entity), r.label));
        const now = new Date();
        return [result, await this.outbox.stage(m, [outboxJob('sla', 'sla.retime', { reason: 'policy or calendar changed' }, jobIds.slaRetime(now))])] as const;
      });
      this.sla.invalidate();
      await this.outbox.dispatch(staged);
      return result;
    }

    @Get()
    @ApiDoc({ summary: `List ${r.label} rows`, ok: pageOf(schema), errors: [400, 403, 422] })
    async list(@Query() q: PageQuery, @CurrentUser() user: AuthUser) {
      const page = await this.rows.list(q.limit, q.cursor, r.readScope?.(user));
      return { items: page.items.map(view), nextCursor: page.nextCursor };
    }

    @Get(':id')
    @ApiDoc({ summary: `One ${r.label}`, ok: ref(schema), errors: [400, 403, 404] })
    async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser) {
      const scope = r.readScope?.(user) ?? {};
      const row = await this.rows.get(id);
      // A row outside the reader's scope answers like a missing one.
      if (Object.entries(scope).some(([column, value]) => (row as Record<string, unknown>)[column] !== value)) throw notFound(r.label, id);
      return view(row);
    }

    @Post()
    @Roles('admin')
    @ApiBody({ type: r.createDto })
    @ApiDoc({ summary: `Create a ${r.label} (admins)`, status: 201, ok: ref(schema), errors: [400, 403, 409, 422] })
    async create(@bodyOf(r.createDto) dto: C) {
      const row = await values(dto);
      return view(await this.change((rows) => rows.create(row)));
    }

    @Patch(':id')
    @Roles('admin')
    @ApiBody({ type: r.updateDto })
    @ApiDoc({ summary: `Change a ${r.label} (admins; only the fields sent)`, ok: ref(schema), errors: [400, 403, 404, 409, 422] })
    async update(@Param('id', ParseUUIDPipe) id: string, @bodyOf(r.updateDto) dto: U) {
      const existing = await this.rows.get(id);
      const row = await values(dto, existing);
      return view(await this.change((rows) => rows.update(id, row)));
    }

    @Delete(':id')
    @Roles('admin')
    @HttpCode(204)
    @ApiDoc({ summary: `Delete a ${r.label} (admins; 409 while it is referenced)`, status: 204, errors: [400, 403, 404, 409] })
    async remove(@Param('id', ParseUUIDPipe) id: string) {
      r.beforeRemove?.(await this.rows.get(id));
      await this.change((rows) => rows.remove(id));
    }
  }
  Object.defineProperty(ReferenceController, 'name', { value: `${r.label.replace(/\W+(\w)/g, (_, c: string) => c.toUpperCase())}Controller` });
  return ReferenceController;
}

