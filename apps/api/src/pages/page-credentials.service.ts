import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { PageEntity, PagesRepository, UnitOfWork } from '@app/database';
import {
  DomainError,
  channelCredentials,
  credentialsJson,
  notFound,
  openSecret,
  readChannelCredentials,
  sealSecret,
  WEBHOOK_CHANNELS,
  type SecretKeyring,
  type WebhookChannel,
} from '@app/domain';
import { JobOutbox, jobIds, outboxJob } from '@app/queues';
import { WebhookSecrets } from '../webhooks/webhook-secrets.js';
import { checkConnection } from './channel-check.js';
import { toPageView, type PageView } from './page.view.js';

/**
 * A page's channel credentials: validated for its channel, sealed (AES-256-GCM) before they touch
 * the database, checked against the channel with the page subscribed where the platform allows,
 * and never returned. A page that becomes `connected` again gets its held replies sent.
 */
@Injectable()
export class PageCredentialsService {
  private readonly logger = new Logger(PageCredentialsService.name);
  private readonly ring: SecretKeyring;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pages: PagesRepository,
    private readonly outbox: JobOutbox,
    private readonly secrets: WebhookSecrets,
    private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
  ) {
    this.ring = config.secretKeyring;
  }

  async put(pageId: string, body: unknown): Promise<PageView> {
    const page = await this.page(pageId);
    if (!(WEBHOOK_CHANNELS as readonly string[]).includes(page.channel)) throw new DomainError('validation', `a ${page.channel} page takes no credentials`);
    const credentials = channelCredentials(page.channel as WebhookChannel, body);
    await this.pages.saveCredentials(pageId, sealSecret(this.ring, credentialsJson(credentials)), this.ring.current.id);
    this.secrets.invalidate();
    this.logger.log({ message: 'page credentials saved', pageId, channel: page.channel, keyId: this.ring.current.id });
    return this.verify(pageId);
  }

  /** Checks the stored credentials against the channel again (and subscribes again). */
  async verify(pageId: string): Promise<PageView> {
    const sealed = await this.pages.sealed(pageId);
    if (!sealed) throw notFound('page', pageId);
    if (!sealed.credentials) throw new DomainError('validation', `page ${pageId} has no credentials yet: PUT /pages/${pageId}/credentials first`);
    const credentials = readChannelCredentials(sealed.channel, openSecret(this.ring, sealed.credentials));
    if (!credentials) throw new DomainError('validation', `the stored credentials of page ${pageId} do not fit a ${sealed.channel} page: save them again`);
    const result = await checkConnection(this.config, sealed, credentials);
    await this.uow.run(async () => {
      await this.pages.setConnection(pageId, result.state, result.message);
      if (result.state !== 'connected') return;
      // Replies held while the credentials were refused go out now, each under a job id of its own (the first job completed).
      const held = await this.pages.pendingReplies(pageId);
      const now = Date.now();
      await this.outbox.enqueueAfterCommit(
        held.map((replyId) => outboxJob('outbound', 'outbound.deliver', { replyId }, `${jobIds.outboundDeliver(replyId)}-resumed-${now}`)),
      );
    });
    this.logger.log({ message: 'page connection checked', pageId, state: result.state, detail: result.message });
    return toPageView(await this.page(pageId));
  }

  private async page(id: string): Promise<PageEntity> {
    const page = await this.dataSource.getRepository(PageEntity).findOneBy({ id });
    if (!page) throw notFound('page', id);
    return page;
  }
}
