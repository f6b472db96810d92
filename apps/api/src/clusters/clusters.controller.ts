import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ClustersService } from '@app/intake';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiDoc, pageOf, ref } from '../openapi/api-doc.decorator.js';
import { SharedRead } from '../common/shared-reads.js';
import { PageQuery } from '../tickets/dto/list-tickets.query.js';

class ListClustersQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  districtId?: string;

  /** Only clusters with at least this many tickets (`minTickets=2` hides lone tickets). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  // Far above any real cluster and inside PostgreSQL's integer: a larger count is refused, not sent.
  @Max(1_000_000)
  minTickets?: number;
}

class MergeClusterDto {
  @IsUUID()
  intoClusterId!: string;
}

class SplitClusterDto {
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  ticketIds!: string[];
}

/** Similar tickets seen as one problem; the tickets themselves: `GET /tickets?clusterId=`. */
@ApiTags('clusters')
@ApiBearerAuth()
@Controller('clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Get()
  @ApiDoc({ summary: 'Clusters of similar tickets (one problem, many residents)', ok: pageOf('Cluster'), errors: [400, 422] })
  @SharedRead('scope')
  list(@CurrentUser() user: AuthUser, @Query() q: ListClustersQuery) {
    const { limit, cursor, ...filters } = q;
    return this.clusters.list(user, filters, limit, cursor);
  }

  @Get(':id')
  @ApiDoc({ summary: 'One cluster', ok: ref('Cluster'), errors: [400, 404] })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.clusters.get(user, id);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiDoc({ summary: 'Merge the cluster into another', ok: ref('Cluster'), errors: [400, 403, 404, 409, 422] })
  merge(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: MergeClusterDto) {
    return this.clusters.merge(user, id, dto.intoClusterId);
  }

  @Post(':id/split')
  @HttpCode(200)
  @ApiDoc({ summary: 'Move some tickets out into a new cluster', ok: ref('Cluster'), errors: [400, 403, 404, 409, 422] })
  split(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SplitClusterDto) {
    return this.clusters.split(user, id, dto.ticketIds);
  }
}
