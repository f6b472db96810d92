import { Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { ApiDoc, ref } from '../openapi/api-doc.decorator.js';
import { PageCredentialsService } from './page-credentials.service.js';

/** Connecting a page: its credentials go in and never come out. */
@ApiTags('reference data')
@ApiBearerAuth()
@Roles('admin')
@Controller('pages')
export class PageCredentialsController {
  constructor(private readonly credentials: PageCredentialsService) {}

  /** Facebook/Instagram `{accessToken}`, Telegram `{botToken, secretToken}`, VK `{accessToken, secret, confirmationCode}`; answers the page, checked. */
  @Put(':id/credentials')
  @ApiBody({ schema: { type: 'object', example: { accessToken: 'EAAB…' } } })
  @ApiDoc({ summary: "Store a page's channel credentials (never returned) and check them", ok: ref('Page'), errors: [400, 403, 404, 422] })
  put(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.credentials.put(id, body);
  }

  @Post(':id/verify')
  @HttpCode(HttpStatus.OK)
  @ApiDoc({ summary: "Check a page's stored credentials against the channel", ok: ref('Page'), errors: [400, 403, 404] })
  verify(@Param('id', ParseUUIDPipe) id: string) {
    return this.credentials.verify(id);
  }
}
