import { BadRequestException, Controller, ForbiddenException, Get, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '@app/config';
import { secretsEqual } from '@app/domain';
import { Public } from '../auth/auth.decorators.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

/**
 * Meta's subscription handshake. The deliveries themselves (`POST /webhooks/<channel>`) are served
 * ahead of Nest by `serveWebhooksFirst` (webhook-listener.ts) and verified in WebhooksService.
 */
@ApiTags('channels')
@Public()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly config: AppConfig) {}

  /** Echoes `hub.challenge` when the verify token matches; Meta expects it verbatim, not as JSON. Instagram's subscription uses the same handshake. */
  @Get(['facebook', 'instagram'])
  @ApiDoc({ summary: "Meta's subscription handshake: echoes hub.challenge as text", ok: { type: 'string' }, public: true, errors: [400, 403] })
  @ApiProduces('text/plain')
  handshake(
    @Res({ passthrough: true }) res: Response,
    @Query('hub.mode') mode?: string,
    @Query('hub.verify_token') token?: string,
    @Query('hub.challenge') challenge?: string,
  ): string {
    const expected = this.config.FACEBOOK_VERIFY_TOKEN;
    if (mode !== 'subscribe' || !challenge) throw new BadRequestException('expected hub.mode=subscribe with a hub.challenge');
    if (!expected || !secretsEqual(token, expected)) throw new ForbiddenException('hub.verify_token does not match FACEBOOK_VERIFY_TOKEN');
    res.type('text/plain');
    return challenge;
  }
}
