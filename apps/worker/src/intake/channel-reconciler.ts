import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { PagesRepository, type SealedPage } from '@app/database';
import { messageKey, openSecret, readChannelCredentials, type ChannelCredentials, type SecretKeyring, type WebhookChannel } from '@app/domain';
import { InboxService } from '@app/intake';

/** A comment younger than this may still be on its way by webhook: the next pass takes it. */
const GRACE_MS = 60_000;
/** A page reconciled for the first time is read this far back. */
const FIRST_LOOKBACK_MS = 3 * 24 * 3600_000;
const TIMEOUT_MS = 15_000;
const VK_API_VERSION = '5.199';

/** A comment read back from the channel, as the webhook would have carried it. */
interface FoundComment {
  externalId: string;
  at: Date;
  /** The delivery body that webhook would have had, in the channel's own shape. */
  delivery: unknown;
}

/**
 * Webhooks alone lose comments whenever the platform pauses a subscription. Each pass reads every
 * connected page's recent comments back (Facebook feed, Instagram media comments, VK
 * wall.getComments) since the newest one it saw, and feeds those intake never applied through the
 * same inbox as a webhook, in the channel's own delivery shape: `channel_changes` makes a comment
 * the webhook delivers meanwhile, or a second pass, create nothing. Telegram bots cannot read history.
 */
@Injectable()
export class ChannelReconciler {
  private readonly logger = new Logger(ChannelReconciler.name);
  private readonly ring: SecretKeyring;

  constructor(
    private readonly config: AppConfig,
    private readonly pages: PagesRepository,
    private readonly inbox: InboxService,
  ) {
    this.ring = config.secretKeyring;
  }

  async run(now = new Date()): Promise<{ pages: number; recovered: number; failed: number }> {
    let recovered = 0;
    let failed = 0;
    const pages = await this.pages.reconcilable();
    for (const page of pages) {
      try {
        recovered += await this.reconcile(page, now);
      } catch (e) {
        // One page's outage or refusal must not stop the others; the next pass tries again.
        failed++;
        this.logger.warn({ message: 'page not reconciled', pageId: page.id, channel: page.channel, error: (e as Error).message });
      }
    }
    return { pages: pages.length, recovered, failed };
  }

  private async reconcile(page: SealedPage & { reconcileSince: Date | null }, now: Date): Promise<number> {
    const credentials = readChannelCredentials(page.channel, openSecret(this.ring, page.credentials!));
    if (!credentials) throw new Error("the stored credentials do not fit the page's channel");
    const from = page.reconcileSince ?? new Date(now.getTime() - FIRST_LOOKBACK_MS);
    const until = new Date(now.getTime() - GRACE_MS);
    const found = (await this.read(page, credentials, from)).filter((c) => c.at > from && c.at <= until);
    const channel = page.channel as WebhookChannel;
    const unseen = await this.pages.unseenChanges(
      channel,
      found.map((c) => messageKey(c.externalId)),
    );
    const missed = found.filter((c) => unseen.has(messageKey(c.externalId)));
    for (const c of missed) await this.inbox.receive(channel, Buffer.from(JSON.stringify(c.delivery)));
    const newest = found.reduce<Date | null>((max, c) => (!max || c.at > max ? c.at : max), null);
    await this.pages.recordReconcile(page.id, missed.length, newest);
    if (missed.length) this.logger.log({ message: 'missed comments recovered', pageId: page.id, channel, recovered: missed.length });
    return missed.length;
  }

  private read(page: SealedPage, c: ChannelCredentials, since: Date): Promise<FoundComment[]> {
    switch (c.channel) {
      case 'facebook':
        return this.facebook(page.externalId, c.accessToken, since);
      case 'instagram':
        return this.instagram(page.externalId, c.accessToken, since);
      case 'vk':
        return this.vk(page.externalId, c.accessToken);
      default:
        return Promise.resolve([]);
    }
  }

  /** `GET /{page-id}/feed` with each post's comments; a comment becomes the feed webhook's `comment`/`add` change. */
  private async facebook(pageId: string, token: string, since: Date): Promise<FoundComment[]> {
    type Comment = { id: string; message?: string; created_time: string; from?: { id: string; name?: string }; parent?: { id: string } };
    const fields = 'id,comments.limit(100){id,message,created_time,from,parent}';
    const url = `${join(this.config.GRAPH_API_BASE_URL, `${encodeURIComponent(pageId)}/feed`)}?fields=${encodeURIComponent(fields)}&since=${Math.floor(since.getTime() / 1000)}&limit=25`;
    const feed = (await getJson(url, token)) as { data?: Array<{ id: string; comments?: { data?: Comment[] } }> };
    return (feed.data ?? []).flatMap((post) =>
      (post.comments?.data ?? [])
        .filter((m) => m.from && m.message)
        .map((m) => {
          const at = new Date(m.created_time);
          const time = Math.floor(at.getTime() / 1000);
          const value = {
            item: 'comment',
            verb: 'add',
            post_id: post.id,
            comment_id: m.id,
            parent_id: m.parent?.id ?? post.id,
            created_time: time,
            message: m.message,
            from: { id: m.from!.id, name: m.from!.name ?? '' },
          };
          return { externalId: m.id, at, delivery: { object: 'page', entry: [{ id: pageId, time, changes: [{ field: 'feed', value }] }] } };
        }),
    );
  }

  /** `GET /{ig-user-id}/media` with each media's comments; a comment becomes the `comments` webhook change. */
  private async instagram(accountId: string, token: string, since: Date): Promise<FoundComment[]> {
    type Comment = { id: string; text?: string; timestamp: string; from?: { id: string; username?: string }; username?: string; parent_id?: string };
    const fields = 'id,comments{id,text,timestamp,from,username,parent_id}';
    const url = `${join(this.config.GRAPH_API_BASE_URL, `${encodeURIComponent(accountId)}/media`)}?fields=${encodeURIComponent(fields)}&since=${Math.floor(since.getTime() / 1000)}&limit=25`;
    const media = (await getJson(url, token)) as { data?: Array<{ id: string; comments?: { data?: Comment[] } }> };
    return (media.data ?? []).flatMap((item) =>
      (item.comments?.data ?? [])
        .filter((m) => m.from && m.text)
        .map((m) => {
          const at = new Date(m.timestamp);
          const value = {
            id: m.id,
            text: m.text,
            from: { id: m.from!.id, username: m.from!.username ?? m.username ?? '' },
            media: { id: item.id },
            ...(m.parent_id ? { parent_id: m.parent_id } : {}),
          };
          return {
            externalId: m.id,
            at,
            delivery: { object: 'instagram', entry: [{ id: accountId, time: Math.floor(at.getTime() / 1000), changes: [{ field: 'comments', value }] }] },
          };
        }),
    );
  }

  /** `wall.get` for the recent posts, `wall.getComments` for each; a comment becomes a `wall_reply_new` event. */
  private async vk(groupId: string, token: string): Promise<FoundComment[]> {
    const group = Number(groupId.replace(/^-/, ''));
    const owner = -group;
    const wall = (await vkCall(this.config.VK_API_BASE_URL, 'wall.get', { owner_id: String(owner), count: '20', access_token: token })) as {
      items?: Array<{ id: number }>;
    };
    const found: FoundComment[] = [];
    for (const post of wall.items ?? []) {
      const comments = (await vkCall(this.config.VK_API_BASE_URL, 'wall.getComments', {
        owner_id: String(owner),
        post_id: String(post.id),
        count: '100',
        sort: 'desc',
        access_token: token,
      })) as {
        items?: Array<{ id: number; from_id: number; date: number; text?: string; reply_to_comment?: number }>;
      };
      for (const m of comments.items ?? []) {
        if (!m.text) continue;
        const object = {
          id: m.id,
          owner_id: owner,
          post_id: post.id,
          from_id: m.from_id,
          date: m.date,
          text: m.text,
          ...(m.reply_to_comment ? { reply_to_comment: m.reply_to_comment } : {}),
        };
        found.push({
          externalId: `${owner}_${post.id}_${m.id}`,
          at: new Date(m.date * 1000),
          delivery: { type: 'wall_reply_new', group_id: group, event_id: `reconcile-${owner}_${post.id}_${m.id}`, object },
        });
      }
    }
    return found;
  }
}

const join = (base: string, path: string) => `${base.replace(/\/+$/, '')}/${path}`;

/** The token in a header, never in the URL (access logs keep URLs). */
async function getJson(url: string, token: string): Promise<unknown> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const body = (await res.json().catch(() => null)) as { error?: { message?: string; code?: number } } | null;
  if (!res.ok || body?.error)
    throw new Error(
      `HTTP ${res.status}: ${body?.error?.message ?? 'no readable answer'}${body?.error?.code !== undefined ? ` (code ${body.error.code})` : ''}`,
    );
  return body;
}

async function vkCall(base: string, method: string, params: Record<string, string>): Promise<unknown> {
  const res = await fetch(join(base, `method/${method}`), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...params, v: VK_API_VERSION }).toString(),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await res.json().catch(() => null)) as { response?: unknown; error?: { error_code?: number; error_msg?: string } } | null;
  if (!res.ok || !body || body.error)
    throw new Error(`VK ${method}: ${body?.error ? `error ${body.error.error_code}: ${body.error.error_msg}` : `HTTP ${res.status}`}`);
  return body.response;
}
