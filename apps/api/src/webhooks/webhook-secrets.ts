import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { PagesRepository } from '@app/database';
import { openSecret, readChannelCredentials, type SecretKeyring } from '@app/domain';

/** The per-page webhook secrets, as the API last read them. */
export interface PageSecrets {
  /** VK community id (the `group_id` of its events) -> its Callback API secret and confirmation string. */
  vk: ReadonlyMap<string, { secret: string; confirmationCode: string }>;
  /** Page id (the bot's own webhook path) -> the bot's secret_token and the page's external id. */
  telegram: ReadonlyMap<string, { secretToken: string; externalId: string }>;
}

/** Another API process may have saved credentials: a snapshot is trusted this long. */
const FRESH_MS = 30_000;

/**
 * The webhooks' hot path must not query PostgreSQL per delivery, so the secrets of every VK
 * community and Telegram bot are held in memory: loaded once, re-read in the background when older
 * than 30 s, and dropped at once when this process saves credentials. A load failure keeps the old
 * snapshot (a delivery refused now is redelivered by the channel).
 */
@Injectable()
export class WebhookSecrets {
  private readonly logger = new Logger(WebhookSecrets.name);
  private readonly ring: SecretKeyring;
  private snapshot: PageSecrets | null = null;
  private loadedAt = 0;
  private loading: Promise<PageSecrets> | null = null;
  /** Bumped by `invalidate`, so a read begun before a save cannot install what it read. */
  private generation = 0;

  constructor(
    private readonly pages: PagesRepository,
    config: AppConfig,
  ) {
    this.ring = config.secretKeyring;
  }

  async current(): Promise<PageSecrets> {
    if (!this.snapshot) return this.load();
    if (Date.now() - this.loadedAt > FRESH_MS)
      void this.load().catch((e: Error) => this.logger.warn({ message: 'page secrets could not be re-read', error: e.message }));
    return this.snapshot;
  }

  /** Credentials changed here: the next delivery reads them afresh. */
  invalidate(): void {
    this.snapshot = null;
    this.loading = null;
    this.generation++;
  }

  private load(): Promise<PageSecrets> {
    this.loading ??= this.read().finally(() => (this.loading = null));
    return this.loading;
  }

  private async read(): Promise<PageSecrets> {
    const generation = this.generation;
    const vk = new Map<string, { secret: string; confirmationCode: string }>();
    const telegram = new Map<string, { secretToken: string; externalId: string }>();
    for (const page of await this.pages.withCredentials(['vk', 'telegram'])) {
      let c;
      try {
        c = readChannelCredentials(page.channel, openSecret(this.ring, page.credentials!));
      } catch (e) {
        // One unreadable page (a key no longer configured) must not stop every other page's webhooks.
        this.logger.error({ message: 'page credentials could not be opened', pageId: page.id, error: (e as Error).message });
        continue;
      }
      if (c?.channel === 'vk') vk.set(page.externalId.replace(/^-/, ''), { secret: c.secret, confirmationCode: c.confirmationCode });
      if (c?.channel === 'telegram') telegram.set(page.id, { secretToken: c.secretToken, externalId: page.externalId });
    }
    const fresh = { vk, telegram };
    if (generation === this.generation) {
      this.snapshot = fresh;
      this.loadedAt = Date.now();
    }
    return fresh;
  }
}
