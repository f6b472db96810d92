import { Body, Controller, Get, Param, Post, Query, Req, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiConsumes, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Open311Service } from '@app/tickets';
import { Public } from '../auth/auth.decorators.js';
import { ApiDoc, arrayOf, ref } from '../openapi/api-doc.decorator.js';
import { Open311ApiKeyGuard } from './open311-api-key.guard.js';
import { GeoReportXml, Open311ErrorFilter, Open311FormatInterceptor, Open311FormatPipe } from './open311-format.js';
import { CreateOpen311RequestDto, ListOpen311RequestsQuery, OPEN311_FORMATS, Open311ReadQuery } from './open311.dto.js';
import { toGeoReportCreated, toGeoReportDiscovery, toGeoReportRequest, toGeoReportService, toGeoReportServiceDefinition } from './open311.view.js';

const Format = (): ParameterDecorator => Param('format', Open311FormatPipe);
const FormatParam = (): MethodDecorator & ClassDecorator =>
  ApiParam({ name: 'format', enum: OPEN311_FORMATS, description: 'The answer as JSON or as the XML the spec requires' });

/**
 * Open311 GeoReport v2 for city apps and web forms, outside /api/v1 (clients are configured with
 * the spec's fixed paths). No JWT: reads are public per the spec, a POST carries an api_key.
 * Every resource answers `.json` and `.xml`; errors come in the spec's format (docs/open311.md).
 */
@ApiTags('open311')
@ApiProduces('application/json', 'text/xml')
@FormatParam()
@Public()
@UseFilters(Open311ErrorFilter)
@UseInterceptors(Open311FormatInterceptor)
@Controller('open311/v2')
export class Open311Controller {
  constructor(private readonly open311: Open311Service) {}

  @Get('discovery.:format')
  @GeoReportXml('discovery')
  @ApiDoc({
    summary: 'Service discovery: where this GeoReport v2 endpoint is and its formats',
    ok: ref('Open311Discovery'),
    public: true,
    errors: [404],
    open311: true,
  })
  async discovery(@Format() _format: string, @Req() req: Request) {
    return toGeoReportDiscovery(`${req.protocol}://${req.get('host')}`, await this.open311.servicesChangedAt());
  }

  @Get('services.:format')
  @GeoReportXml('services', 'service')
  @ApiDoc({
    summary: 'List the services (Tynda categories) a request can be filed under',
    ok: arrayOf('Open311Service'),
    public: true,
    errors: [400, 404],
    open311: true,
  })
  async services(@Format() _format: string, @Query() q: Open311ReadQuery) {
    return (await this.open311.services()).map((c) => toGeoReportService(c, q.lang));
  }

  @Get('services/:service_code.:format')
  @GeoReportXml('service_definition')
  @ApiDoc({
    summary: "A service's definition (its extra attributes: none, every service has metadata false)",
    ok: ref('Open311ServiceDefinition'),
    public: true,
    errors: [400, 404],
    open311: true,
  })
  // The query is read for its validation only (jurisdiction_id and lang are accepted, nothing else).
  async serviceDefinition(@Format() _format: string, @Param('service_code') code: string, @Query() _q: Open311ReadQuery) {
    return toGeoReportServiceDefinition(await this.open311.service(code));
  }

  @Post('requests.:format')
  @UseGuards(Open311ApiKeyGuard)
  @GeoReportXml('service_requests', 'request')
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiDoc({
    summary: 'File a service request (needs an api_key)',
    status: 201,
    ok: arrayOf('Open311Created'),
    public: true,
    errors: [400, 403, 404],
    open311: true,
  })
  async create(@Format() _format: string, @Body() dto: CreateOpen311RequestDto) {
    return toGeoReportCreated(await this.open311.create(dto));
  }

  @Get('requests.:format')
  @GeoReportXml('service_requests', 'request')
  @ApiDoc({
    summary: 'Search requests filed through Open311 (at most 1000, at most 90 days)',
    ok: arrayOf('Open311Request'),
    public: true,
    errors: [400, 404],
    open311: true,
  })
  async list(@Format() _format: string, @Query() q: ListOpen311RequestsQuery) {
    return (await this.open311.search(q)).map((r) => toGeoReportRequest(r, q.lang));
  }

  @Get('requests/:id.:format')
  @GeoReportXml('service_requests', 'request')
  @ApiParam({ name: 'id', description: 'The service_request_id (a ticket reference such as ZHM-2026-000042)' })
  @ApiDoc({ summary: 'One request, as a list of one', ok: arrayOf('Open311Request'), public: true, errors: [400, 404], open311: true })
  async get(@Format() _format: string, @Param('id') id: string, @Query() q: Open311ReadQuery) {
    // GET a request answers a list too: one element, as the spec's sample shows.
    return [toGeoReportRequest(await this.open311.get(id), q.lang)];
  }
}
