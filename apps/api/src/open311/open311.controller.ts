import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { Open311ApiKeyGuard } from './open311-api-key.guard.js';
import { CreateOpen311RequestDto, ListOpen311RequestsQuery, Open311ReadQuery } from './open311.dto.js';
import { Open311Service } from './open311.service.js';

/**
 * Open311 GeoReport v2 for city apps and web forms, outside /api/v1 (clients are configured with
 * the spec's fixed paths). No JWT: reads are public per the spec, a POST carries an api_key.
 */
@ApiTags('open311')
@Public()
@Controller('open311/v2')
export class Open311Controller {
  constructor(private readonly open311: Open311Service) {}

  @Get('services.json')
  services(@Query() q: Open311ReadQuery) {
    return this.open311.services(q.lang);
  }

  @Post('requests.json')
  @UseGuards(Open311ApiKeyGuard)
  create(@Body() dto: CreateOpen311RequestDto) {
    return this.open311.create(dto);
  }

  @Get('requests.json')
  list(@Query() q: ListOpen311RequestsQuery) {
    return this.open311.list(q);
  }

  @Get('requests/:id.json')
  get(@Param('id') id: string, @Query() q: Open311ReadQuery) {
    return this.open311.get(id, q.lang);
  }
}
