import type { AppConfig } from '@app/config';
import type { ChannelCredentials, ConnectionState } from '@app/domain';

export interface CheckResult {
  state: Exclude<ConnectionState, 'reauthorization_required'>;
  message: string | null;
}

const TIMEOUT_MS = 10_000;
export const VK_API_VERSION = '5.199';

interface Answer {
  status: number;
  json: unknown;
}

/** Thrown when the channel could not be reached: the page stays `unverified`, nothing is known about its credentials. */
class Unreachable extends Error {}

async function call(url: string, init: RequestInit): Promise<Answer> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = { raw: text.slice(0, 200) };
    }
    return { status: res.status, json };
  } catch (e) {
    throw new Unreachable((e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name);
  }
}

const join = (base: string, path: string) => `${base.replace(/\/+$/, '')}/${path}`;
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function graphError(a: Answer): string | null {
  const e = (a.json as { error?: { message?: string; code?: number } } | null)?.error;
  if (a.status >= 200 && a.status < 300 && !e) return null;
  return `HTTP ${a.status}: ${e?.message ?? 'error'}${e?.code !== undefined ? ` (code ${e.code})` : ''}`;
}

function telegramError(a: Answer): string | null {
  const j = a.json as { ok?: boolean; description?: string } | null;
  return a.status === 200 && j?.ok === true ? null : `HTTP ${a.status}: ${j?.description ?? 'error'}`;
}

function vkError(a: Answer): string | null {
  const e = (a.json as { error?: { error_code?: number; error_msg?: string } } | null)?.error;
  if (a.status === 200 && !e) return null;
  return e ? `error ${e.error_code ?? '?'}: ${e.error_msg ?? 'no message'}` : `HTTP ${a.status}`;
}

/**
 * Checks the credentials against the channel and subscribes the page where the platform lets an
 * app do it: Graph `GET /me` then `POST /{page-id}/subscribed_apps` (feed, and messages for a Facebook page: its Messenger conversations become tickets too); Telegram `getMe` then
 * `setWebhook` with the bot's own path and secret token (given PUBLIC_BASE_URL); VK
 * `groups.getById`. Messages never contain a secret (`redact`).
 */
export async function checkConnection(
  config: AppConfig,
  page: { id: string; channel: string; externalId: string },
  c: ChannelCredentials,
): Promise<CheckResult> {
  try {
    return redactResult(await check(config, page, c), c);
  } catch (e) {
    if (e instanceof Unreachable) return { state: 'unverified', message: `the channel could not be reached (${e.message}); check again later` };
    throw e;
  }
}

async function check(config: AppConfig, page: { id: string; externalId: string }, c: ChannelCredentials): Promise<CheckResult> {
  switch (c.channel) {
    case 'facebook':
    case 'instagram': {
      // The token in a header, never in the URL (access logs keep URLs).
      const me = await call(join(config.GRAPH_API_BASE_URL, 'me?fields=id,name'), { headers: { authorization: `Bearer ${c.accessToken}` } });
      const refused = graphError(me);
      if (refused) return { state: 'invalid', message: `Graph API refused the access token: ${refused}` };
      if (c.channel === 'instagram') return { state: 'connected', message: null };
      const sub = await call(
        join(config.GRAPH_API_BASE_URL, `${encodeURIComponent(page.externalId)}/subscribed_apps`),
        form({ subscribed_fields: 'feed,messages', access_token: c.accessToken }),
      );
      const subRefused = graphError(sub);
      return subRefused
        ? { state: 'invalid', message: `the page could not be subscribed to the app (feed, messages): ${subRefused}` }
        : { state: 'connected', message: null };
    }
    case 'telegram': {
      const me = await call(join(config.TELEGRAM_API_BASE_URL, `bot${c.botToken}/getMe`), { method: 'GET' });
      const refused = telegramError(me);
      if (refused) return { state: 'invalid', message: `Telegram refused the bot token: ${refused}` };
      if (!config.PUBLIC_BASE_URL) return { state: 'connected', message: 'the webhook was not set: PUBLIC_BASE_URL is not configured' };
      const url = join(config.PUBLIC_BASE_URL, `webhooks/telegram/${page.id}`);
      const hook = await call(
        join(config.TELEGRAM_API_BASE_URL, `bot${c.botToken}/setWebhook`),
        json({ url, secret_token: c.secretToken, allowed_updates: ['message', 'edited_message'] }),
      );
      const hookRefused = telegramError(hook);
      return hookRefused ? { state: 'invalid', message: `Telegram refused the webhook: ${hookRefused}` } : { state: 'connected', message: null };
    }
    case 'vk': {
      const group = await call(
        join(config.VK_API_BASE_URL, 'method/groups.getById'),
        form({ group_id: page.externalId.replace(/^-/, ''), access_token: c.accessToken, v: VK_API_VERSION }),
      );
      const refused = vkError(group);
      return refused ? { state: 'invalid', message: `VK refused the community token: ${refused}` } : { state: 'connected', message: null };
    }
  }
}

/** Whatever a channel echoes, a secret never reaches a page's message. */
export function redact(message: string, c: ChannelCredentials): string {
  const { channel, ...secrets } = c;
  void channel;
  return Object.values(secrets).reduce((m, s) => (s.length >= 4 ? m.split(s).join('***') : m), message);
}

function redactResult(r: CheckResult, c: ChannelCredentials): CheckResult {
  return r.message ? { ...r, message: redact(r.message, c) } : r;
}
