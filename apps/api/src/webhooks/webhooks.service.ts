import { BadRequestException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { DomainError, TOO_DEEP_MESSAGE, jsonNestingExceeds, parseDelivery, secretsEqual, verifyHubSignature, type WebhookChannel } from '@app/domain';
import { InboxService } from '@app/intake';
import { MetricsService } from '../metrics/metrics.service.js';

/** What a channel is answered: Meta and Telegram get JSON, VK exactly `ok` (or its confirmation code). */
export interface WebhookAnswer {
  contentType: 'application/json' | 'text/plain';
  body: string;
}

const OK_JSON: WebhookAnswer = { contentType: 'application/json', body: '{"ok":true}' };
const text = (body: string): WebhookAnswer => ({ contentType: 'text/plain', body });

/**
 * A delivery from a channel: verified by the channel's own scheme (no JWT), understood (a malformed
 * delivery is refused now, not discovered later by the worker), and its exact bytes stored in the
 * inbox before the answer; the intake worker does the rest. Meta retries anything but a 200 for 36
 * hours, so only a delivery Tynda can never accept (bad signature, malformed) gets an error, thrown
 * as an HttpException.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly inbox: InboxService,
    private readonly metrics: MetricsService,
  ) {}

  /** `body` is the request's exact bytes, `header` reads a request header (lower-case name). */
  async receive(channel: WebhookChannel, body: Buffer, header: (name: string) => string | undefined): Promise<WebhookAnswer> {
    if (!body.length) this.reject(channel, 'malformed', 'expected a JSON body (Content-Type: application/json)', BadRequestException);
    switch (channel) {
      case 'facebook':
      case 'instagram':
        return this.meta(channel, body, header('x-hub-signature-256'));
      case 'telegram':
        return this.telegram(body, header('x-telegram-bot-api-secret-token'));
      case 'vk':
        return this.vk(body);
    }
  }

  private async meta(channel: 'facebook' | 'instagram', body: Buffer, signature?: string): Promise<WebhookAnswer> {
    // Instagram may be a separate Meta app with its own secret: either configured secret is accepted.
    const secrets = [this.config.FACEBOOK_APP_SECRET, this.config.INSTAGRAM_APP_SECRET].filter((s): s is string => Boolean(s));
    if (!secrets.length) this.reject(channel, 'not_configured', 'no app secret is configured (FACEBOOK_APP_SECRET / INSTAGRAM_APP_SECRET)');
    if (!verifyHubSignature(body, signature, secrets)) this.reject(channel, 'bad_signature', 'X-Hub-Signature-256 is missing or does not match the body');
    await this.store(channel, body, this.json(channel, body));
    return OK_JSON;
  }

  private async telegram(body: Buffer, token?: string): Promise<WebhookAnswer> {
    const expected = this.config.TELEGRAM_SECRET_TOKEN;
    if (!expected) this.reject('telegram', 'not_configured', 'TELEGRAM_SECRET_TOKEN is not configured');
    if (!secretsEqual(token, expected)) this.reject('telegram', 'bad_signature', 'X-Telegram-Bot-Api-Secret-Token is missing or wrong');
    await this.store('telegram', body, this.json('telegram', body));
    return OK_JSON;
  }

  /** VK's Callback API: the `secret` travels in the body. */
  private async vk(body: Buffer): Promise<WebhookAnswer> {
    const json = this.json('vk', body) as { type?: unknown; secret?: unknown } | null;
    const expected = this.config.VK_SECRET;
    if (!expected) this.reject('vk', 'not_configured', 'VK_SECRET is not configured');
    if (!secretsEqual(typeof json?.secret === 'string' ? json.secret : undefined, expected)) this.reject('vk', 'bad_signature', 'the secret field is missing or wrong');
    if (json?.type === 'confirmation') {
      if (!this.config.VK_CONFIRMATION_CODE) this.reject('vk', 'not_configured', 'VK_CONFIRMATION_CODE is not configured');
      return text(this.config.VK_CONFIRMATION_CODE);
    }
    await this.store('vk', body, json);
    return text('ok');
  }

  private json(channel: WebhookChannel, body: Buffer): unknown {
    if (jsonNestingExceeds(body)) this.reject(channel, 'malformed', TOO_DEEP_MESSAGE, BadRequestException);
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      return this.reject(channel, 'malformed', 'request body is not valid JSON', BadRequestException);
    }
  }

  private async store(channel: WebhookChannel, body: Buffer, json: unknown): Promise<void> {
    try {
      parseDelivery(channel, json);
    } catch (e) {
      if (e instanceof DomainError) this.reject(channel, 'malformed', e.message, BadRequestException);
      throw e;
    }
    const stored = await this.inbox.receive(channel, body);
    this.metrics.increment('tynda_webhook_deliveries_total', { channel, result: stored.fresh ? 'fresh' : 'duplicate' });
  }

  /** Refused before anything is stored: counted and logged, so a misconfigured secret shows up. */
  private reject(channel: WebhookChannel, reason: string, message: string, error: new (m: string) => Error = UnauthorizedException): never {
    this.metrics.increment('tynda_webhook_rejected_total', { channel, reason });
    this.logger.warn({ message: 'webhook delivery rejected', channel, reason, detail: message });
    throw new error(message);
  }
}
