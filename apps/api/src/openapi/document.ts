import { ParseUUIDPipe, type INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ref } from './api-doc.decorator.js';
import { entitySchemas } from './entity-schemas.js';
import { RESPONSE_SCHEMAS } from './response-schemas.js';
import { documentValidatedClasses } from './validator-schemas.js';

/** Bodies that are not JSON: their schema is text, whatever the JSON twin of the operation says. */
const TEXT_TYPES = ['text/xml', 'text/csv', 'text/plain', 'text/html', 'text/event-stream'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * The OpenAPI document of the running app (served at /docs/openapi.json): routes and parameters
 * from Nest's metadata, request schemas from the DTOs' validation rules, answers from
 * openapi/response-schemas.ts and the reference entities, errors with the shared Error schema.
 */
export function buildOpenApiDocument(app: INestApplication, extend: (document: OpenAPIObject) => void = () => undefined): OpenAPIObject {
  documentValidatedClasses();
  const config = new DocumentBuilder()
    .setTitle('Tynda API')
    .setDescription(
      'Resident feedback desk for akimats. Sign in with `POST /api/v1/auth/login` and send the `accessToken` as `Authorization: Bearer <token>`. ' +
        'Errors have one shape (`Error`); Open311 GeoReport v2 keeps the spec’s own (docs/open311.md).',
    )
    .setVersion('1')
    // package.json: UNLICENSED, no rights granted; there is no licence text, so the link says what the word means.
    .setLicense('UNLICENSED', 'https://docs.npmjs.com/cli/v11/configuring-npm/package-json#license')
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The accessToken of POST /api/v1/auth/login' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...entitySchemas(app.get(DataSource)), ...RESPONSE_SCHEMAS } };
  extend(document);
  const uuidParams = uuidPathParameters(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      // Public routes say so (`security: []`) instead of leaving the question open; a controller's
      // @ApiBearerAuth and ApiDoc's both add the same requirement, which is listed once.
      op.security = [...new Map((op.security ?? []).map((r) => [JSON.stringify(r), r])).values()];
      op.operationId ??= `${method}${path.replace(/\W+(\w)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`;
      const uuids = uuidParams.get(op.operationId.replace(/\[\d+\]$/, ''));
      for (const p of op.parameters ?? []) if (!('$ref' in p) && p.in === 'path' && uuids?.has(p.name)) p.schema = { type: 'string', format: 'uuid' };
      if (op.security.length && !op.responses['401']) op.responses['401'] = { description: 'No bearer token, or an expired or revoked one' };
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (!response || '$ref' in response) continue;
        // Errors are JSON in the shared shape whatever the success is (CSV, HTML, text), except
        // Open311's, which keep their XML twin.
        if (Number(status) >= 400) {
          const { 'text/xml': xml, 'application/json': json } = response.content ?? {};
          response.content = { 'application/json': json ?? { schema: ref('Error') }, ...(xml ? { 'text/xml': xml } : {}) };
        }
        for (const [type, media] of Object.entries(response.content ?? {})) {
          if (TEXT_TYPES.includes(type)) media.schema = { type: 'string' };
        }
      }
    }
  }
  return document;
}

/** ROUTE_ARGS_METADATA keys are `<RouteParamtypes>:<index>`; 5 is a path parameter (`@Param`). */
const PATH_PARAM = '5:';

/** Per operationId, the path parameters parsed by ParseUUIDPipe: documented as uuids (a bad one answers 400). */
function uuidPathParameters(app: INestApplication): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { name: string; prototype: object } | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
        for (const [key, arg] of Object.entries(args)) {
          if (!key.startsWith(PATH_PARAM) || typeof arg.data !== 'string') continue;
          if (!arg.pipes?.some((p) => p === ParseUUIDPipe || p instanceof ParseUUIDPipe)) continue;
          const id = `${controller.name.replace(/Controller$/, '')}_${method}`;
          out.set(id, (out.get(id) ?? new Set()).add(arg.data));
        }
      }
    }
  }
  return out;
}
