import { BadRequestException, Controller, ForbiddenException, Get, Headers, HttpCode, Logger, Post, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '@app/config';
import { DomainError, parseDelivery, secretsEqual, verifyHubSignature, type WebhookChannel } from '@app/domain';
import { InboxService } from '@app/intake';
import { Public } from '../auth/auth.decorators.js';
import { MetricsService } from '../metrics/metrics.service.js';

type RawRequest = Request & { rawBody?: Buffer };

/** Channels expect these answers verbatim, not as JSON; set only on success, so errors stay JSON. */
function plain(res: Response, text: string): string {
  res.type('text/plain');
  return text;
}

/**
 * Where the channels deliver. No JWT: each delivery is verified by its channel's own scheme, then
 * its exact bytes are stored in the inbox before the 200, and the intake worker does the rest.
 * Meta retries anything but a 200 for 36 hours, so only a delivery Tynda can never accept
 * (bad signature, malformed) gets an error.
 */
@ApiTags('channels')
@Public()
@Controller('webhooks')
export class WebhooksController {
  private readonly logger = new Logger(WebhooksController.name);

  constructor(
    private readonly config: AppConfig,
    private readonly inbox: InboxService,
    private readonly metrics: MetricsService,
  ) {}

  /** Meta's subscription handshake: echo `hub.challenge` when the verify token matches. */
  @Get('facebook')
  handshake(
    @Res({ passthrough: true }) res: Response,
    @Query('hub.mode') mode?: string,
    @Query('hub.verify_token') token?: string,
    @Query('hub.challenge') challenge?: string,
  ): string {
    const expected = this.config.FACEBOOK_VERIFY_TOKEN;
    if (mode !== 'subscribe' || !challenge) throw new BadRequestException('expected hub.mode=subscribe with a hub.challenge');
    if (!expected || !secretsEqual(token, expected)) throw new ForbiddenException('hub.verify_token does not match FACEBOOK_VERIFY_TOKEN');
    return plain(res, challenge);
  }

  @Post('facebook')
  @HttpCode(200)
  facebook(@Req() req: RawRequest, @Headers('x-hub-signature-256') signature?: string) {
    return this.meta('facebook', req, signature);
  }

  @Post('instagram')
  @HttpCode(200)
  instagram(@Req() req: RawRequest, @Headers('x-hub-signature-256') signature?: string) {
    return this.meta('instagram', req, signature);
  }

  @Post('telegram')
  @HttpCode(200)
  async telegram(@Req() req: RawRequest, @Headers('x-telegram-bot-api-secret-token') token?: string) {
    const expected = this.config.TELEGRAM_SECRET_TOKEN;
    if (!expected) this.reject('telegram', 'not_configured', 'TELEGRAM_SECRET_TOKEN is not configured');
    if (!secretsEqual(token, expected)) this.reject('telegram', 'bad_signature', 'X-Telegram-Bot-Api-Secret-Token is missing or wrong');
    await this.store('telegram', req);
    return { ok: true };
  }

  /** VK's Callback API: the `secret` travels in the body; the answer must be exactly `ok` (or the confirmation code). */
  @Post('vk')
  @HttpCode(200)
  async vk(@Req() req: RawRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    const body = this.json('vk', req) as { type?: unknown; secret?: unknown };
    const expected = this.config.VK_SECRET;
    if (!expected) this.reject('vk', 'not_configured', 'VK_SECRET is not configured');
    if (!secretsEqual(typeof body.secret === 'string' ? body.secret : undefined, expected)) this.reject('vk', 'bad_signature', 'the secret field is missing or wrong');
    if (body.type === 'confirmation') {
      if (!this.config.VK_CONFIRMATION_CODE) this.reject('vk', 'not_configured', 'VK_CONFIRMATION_CODE is not configured');
      return plain(res, this.config.VK_CONFIRMATION_CODE);
    }
    await this.store('vk', req);
    return plain(res, 'ok');
  }

  private async meta(channel: 'facebook' | 'instagram', req: RawRequest, signature?: string) {
    const secrets = [this.config.FACEBOOK_APP_SECRET, this.config.INSTAGRAM_APP_SECRET].filter((s): s is string => Boolean(s));
    if (!secrets.length) this.reject(channel, 'not_configured', 'no app secret is configured (FACEBOOK_APP_SECRET / INSTAGRAM_APP_SECRET)');
    if (!verifyHubSignature(this.raw(channel, req), signature, secrets)) {
      this.reject(channel, 'bad_signature', 'X-Hub-Signature-256 is missing or does not match the body');
    }
    await this.store(channel, req);
    return { ok: true };
  }

  /** Understood (a malformed delivery is refused now, not discovered later by the worker), then stored. */
  private async store(channel: WebhookChannel, req: RawRequest): Promise<void> {
    try {
      parseDelivery(channel, this.json(channel, req));
    } catch (e) {
      if (e instanceof DomainError) this.reject(channel, 'malformed', e.message, BadRequestException);
      throw e;
    }
    const stored = await this.inbox.receive(channel, this.raw(channel, req));
    this.metrics.increment('tynda_webhook_deliveries_total', { channel, result: stored.fresh ? 'fresh' : 'duplicate' });
  }

  private raw(channel: WebhookChannel, req: RawRequest): Buffer {
    const body = req.rawBody;
    if (!body?.length) this.reject(channel, 'malformed', 'expected a JSON body (Content-Type: application/json)', BadRequestException);
    return body;
  }

  private json(channel: WebhookChannel, req: RawRequest): unknown {
    this.raw(channel, req);
    return req.body as unknown;
  }

  private reject(channel: WebhookChannel, reason: string, message: string, error: new (m: string) => Error = UnauthorizedException): never {
    this.metrics.increment('tynda_webhook_rejected_total', { channel, reason });
    this.logger.warn({ message: 'webhook delivery rejected', channel, reason, detail: message });
    throw new error(message);
  }
}
