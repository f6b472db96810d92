import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, ValidationPipe, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { EntityTarget } from 'typeorm';
import type { Page } from '@app/contracts';
import type { ReferenceEntity } from '@app/database';
import { ReferenceService, referenceServiceToken, type ReferenceTable } from '@app/reference';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiDoc, pageOf, ref } from '../openapi/api-doc.decorator.js';
import { registerEntitySchema } from '../openapi/entity-schemas.js';
import { VALIDATION_OPTIONS } from '../validation.js';
import { PageQuery } from '../tickets/dto/list-tickets.query.js';

/** A reference table (its rules in `@app/reference`) served over HTTP: its path, the bodies it validates and the view it answers. */
export interface ReferenceResource<E extends ReferenceEntity, I extends object, C extends I, U extends I, V extends object> {
  path: string;
  table: ReferenceTable<E, I>;
  createDto: Type<C>;
  updateDto: Type<U>;
  /** The answer, typed by its contract in libs/contracts (instants as Dates): a view of the row, or `asLoaded` for the row itself. */
  toView: (row: E) => V;
}

/**
 * The view of a table that answers its rows as loaded, given its contract (`asLoaded<DistrictView<Date>>`),
 * which the entity must then fit; the answer's schema is read from the entity's columns.
 */
export const asLoaded = <V extends object>(row: V): V => row;

const bodyOf = (type: Type<object>): ParameterDecorator => Body(new ValidationPipe({ ...VALIDATION_OPTIONS, expectedType: type }));

/**
 * One controller class per reference resource: list/get for every signed-in user (reference data
 * is needed to triage and route), create/update/
 * delete for admins. A delete of a row still referenced answers 409 (foreign keys say no).
 */
export function referenceController<E extends ReferenceEntity, I extends object, C extends I, U extends I, V extends object>(
  r: ReferenceResource<E, I, C, U, V>,
): Type<unknown> {
  const { label } = r.table;
  const view = (row: E): V => r.toView(row);
  // The answer's schema: the entity's columns for rows answered as loaded, else a hand-written one (openapi/response-schemas.ts).
  const schema = label.replace(/(^|\W+)(\w)/g, (_, __: string, c: string) => c.toUpperCase());
  if (r.toView === asLoaded) registerEntitySchema(schema, r.table.entity as EntityTarget<object>);

  @ApiTags('reference data')
  @ApiBearerAuth()
  @Controller(r.path)
  class ReferenceController {
    constructor(@Inject(referenceServiceToken(r.table)) readonly rows: ReferenceService<E, I>) {}

    @Get()
    @ApiDoc({ summary: `List ${label} rows`, ok: pageOf(schema), errors: [400, 403, 422] })
    async list(@Query() q: PageQuery, @CurrentUser() user: AuthUser): Promise<Page<V>> {
      const page = await this.rows.list(user, q.limit, q.cursor);
      return { items: page.items.map(view), nextCursor: page.nextCursor };
    }

    @Get(':id')
    @ApiDoc({ summary: `One ${label}`, ok: ref(schema), errors: [400, 403, 404] })
    async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<V> {
      return view(await this.rows.get(user, id));
    }

    @Post()
    @Roles('admin')
    @ApiBody({ type: r.createDto })
    @ApiDoc({ summary: `Create a ${label} (admins)`, status: 201, ok: ref(schema), errors: [400, 403, 409, 422] })
    async create(@bodyOf(r.createDto) dto: C): Promise<V> {
      return view(await this.rows.create(dto));
    }

    @Patch(':id')
    @Roles('admin')
    @ApiBody({ type: r.updateDto })
    @ApiDoc({ summary: `Change a ${label} (admins; only the fields sent)`, ok: ref(schema), errors: [400, 403, 404, 409, 422] })
    async update(@Param('id', ParseUUIDPipe) id: string, @bodyOf(r.updateDto) dto: U): Promise<V> {
      return view(await this.rows.update(id, dto));
    }

    @Delete(':id')
    @Roles('admin')
    @HttpCode(204)
    @ApiDoc({ summary: `Delete a ${label} (admins; 409 while it is referenced)`, status: 204, errors: [400, 403, 404, 409] })
    async remove(@Param('id', ParseUUIDPipe) id: string) {
      await this.rows.remove(id);
    }
  }
  Object.defineProperty(ReferenceController, 'name', { value: `${label.replace(/\W+(\w)/g, (_, c: string) => c.toUpperCase())}Controller` });
  return ReferenceController;
}
