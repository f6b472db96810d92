import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { FAILURE_KINDS, type FailureKind } from '@app/domain';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiDoc, ref } from '../openapi/api-doc.decorator.js';
import { PageQuery } from '../tickets/dto/list-tickets.query.js';
import { FailuresService } from './failures.service.js';

class ListFailuresQuery extends PageQuery {
  @IsOptional()
  @IsIn(FAILURE_KINDS)
  kind?: FailureKind;
}

/** What exhausted its retries (deliveries, jobs, replies), for an admin to see and send back to work. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/failures')
export class FailuresController {
  constructor(private readonly failures: FailuresService) {}

  @Get()
  @ApiDoc({ summary: 'What exhausted its retries: deliveries, jobs, replies', ok: ref('FailuresPage'), errors: [400, 403, 422] })
  list(@Query() q: ListFailuresQuery) {
    return this.failures.list(q);
  }

  /** `id` as listed: a delivery id, `queue/jobId` (encode the slash as %2F), a reply id. */
  @Post(':kind/:id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiDoc({ summary: 'Send one failed item back to work', status: 202, ok: ref('Failure'), errors: [403, 404, 409] })
  retry(@CurrentUser() user: AuthUser, @Param('kind') kind: string, @Param('id') id: string) {
    return this.failures.retry(user, kind, id);
  }
}
