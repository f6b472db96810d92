import { BadRequestException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  BOT_PAGE_FIELD,
  DomainError,
  TOO_DEEP_MESSAGE,
  jsonNestingExceeds,
  parseDelivery,
  secretsEqual,
  verifyHubSignature,
  type WebhookChannel,
} from '@app/domain';
import { InboxService } from '@app/intake';
import { MetricsService } from '@app/observability';
import { WebhookSecrets } from './webhook-secrets.js';

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
    private readonly secrets: WebhookSecrets,
  ) {}

  /**
   * `body` is the request's exact bytes, `header` reads a request header (lower-case name), `pageId`
   * names the page of a bot's own webhook path (`/webhooks/telegram/:pageId`).
   */
  async receive(channel: WebhookChannel, body: Buffer, header: (name: string) => string | undefined, pageId?: string): Promise<WebhookAnswer> {
    if (!body.length) this.reject(channel, 'malformed', 'expected a JSON body (Content-Type: application/json)', BadRequestException);
    switch (channel) {
      case 'facebook':
      case 'instagram':
        return this.meta(channel, body, header('x-hub-signature-256'));
      case 'telegram':
        return this.telegram(body, header('x-telegram-bot-api-secret-token'), pageId);
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

  /**
   * A bot with its own path is verified by its own secret token only. The shared path accepts the
   * global TELEGRAM_SECRET_TOKEN (existing setups) or any registered bot's token.
   */
  private async telegram(body: Buffer, token?: string, pageId?: string): Promise<WebhookAnswer> {
    const bots = (await this.secrets.current()).telegram;
    if (pageId !== undefined) {
      const bot = bots.get(pageId);
      if (!bot) this.reject('telegram', 'unknown_page', `no Telegram bot with credentials is registered as page ${pageId}`);
      if (!secretsEqual(token, bot.secretToken)) this.reject('telegram', 'bad_signature', 'X-Telegram-Bot-Api-Secret-Token is missing or wrong');
      const json = this.json('telegram', body) as Record<string, unknown> | null;
      // Telegram signs no bytes, so the update may carry its bot's page: a private message to that bot is the page's.
      const named = json && typeof json === 'object' && !Array.isArray(json) ? { ...json, [BOT_PAGE_FIELD]: bot.externalId } : json;
      await this.store('telegram', Buffer.from(JSON.stringify(named)), named);
      return OK_JSON;
    }
    const accepted = [this.config.TELEGRAM_SECRET_TOKEN, ...[...bots.values()].map((b) => b.secretToken)].filter((s): s is string => Boolean(s));
    if (!accepted.length) this.reject('telegram', 'not_configured', 'TELEGRAM_SECRET_TOKEN is not configured and no bot has credentials');
    // Every candidate is compared (no early exit), so the time taken does not tell which one matched.
    if (!accepted.map((s) => secretsEqual(token, s)).includes(true))
      this.reject('telegram', 'bad_signature', 'X-Telegram-Bot-Api-Secret-Token is missing or wrong');
    const json = this.json('telegram', body) as Record<string, unknown> | null;
    // Only a bot's own path names its page; Telegram never sends the field.
    if (json && typeof json === 'object' && BOT_PAGE_FIELD in json) this.reject('telegram', 'malformed', `${BOT_PAGE_FIELD} is reserved`, BadRequestException);
    await this.store('telegram', body, json);
    return OK_JSON;
  }

  /** VK's Callback API: the `secret` travels in the body; a community with credentials has its own, the global one is the fallback. */
  private async vk(body: Buffer): Promise<WebhookAnswer> {
    const json = this.json('vk', body) as { type?: unknown; secret?: unknown; group_id?: unknown } | null;
    const community = (await this.secrets.current()).vk.get(String(json?.group_id ?? ''));
    const expected = community ? community.secret : this.config.VK_SECRET;
    if (!expected) this.reject('vk', 'not_configured', 'VK_SECRET is not configured and this community has no credentials');
    if (!secretsEqual(typeof json?.secret === 'string' ? json.secret : undefined, expected))
      this.reject('vk', 'bad_signature', 'the secret field is missing or wrong');
    if (json?.type === 'confirmation') {
      const code = community ? community.confirmationCode : this.config.VK_CONFIRMATION_CODE;
      if (!code) this.reject('vk', 'not_configured', 'VK_CONFIRMATION_CODE is not configured');
      return text(code);
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
      if (!(e instanceof DomainError)) throw e;
      // A signed Meta delivery is never refused: Meta retries a 400 and in the end disables the subscription.
      if (channel === 'facebook' || channel === 'instagram') return this.ignore(channel, e.message);
      this.reject(channel, 'malformed', e.message, BadRequestException);
    }
    const stored = await this.inbox.receive(channel, body);
    this.metrics.increment('tynda_webhook_deliveries_total', { channel, result: stored.fresh ? 'fresh' : 'duplicate' });
  }

  /** Signed, but of a shape Tynda does not follow: acknowledged, counted and logged, not stored. */
  private ignore(channel: WebhookChannel, detail: string): void {
    this.metrics.increment('tynda_webhook_deliveries_total', { channel, result: 'ignored' });
    this.logger.log({ message: 'signed webhook delivery of an unknown shape ignored', channel, detail });
  }

  /** Refused before anything is stored: counted and logged, so a misconfigured secret shows up. */
  private reject(channel: WebhookChannel, reason: string, message: string, error: new (m: string) => Error = UnauthorizedException): never {
    this.metrics.increment('tynda_webhook_rejected_total', { channel, reason });
    this.logger.warn({ message: 'webhook delivery rejected', channel, reason, detail: message });
    throw new error(message);
  }
}
