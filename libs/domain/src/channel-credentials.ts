import type { WebhookChannel } from './channel-event.js';
import { DomainError } from './errors.js';

export const CONNECTION_STATES = ['unverified', 'connected', 'invalid', 'reauthorization_required'] as const;
/** Whether Tynda can act as the page on its channel, as last checked. */
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** What Tynda needs to act as a page on its channel; only ever stored sealed (secret-box.ts). */
export type ChannelCredentials =
  | { channel: 'facebook' | 'instagram'; accessToken: string }
  | { channel: 'telegram'; botToken: string; secretToken: string }
  | { channel: 'vk'; accessToken: string; secret: string; confirmationCode: string };

const FIELDS: Record<WebhookChannel, readonly string[]> = {
  facebook: ['accessToken'],
  instagram: ['accessToken'],
  telegram: ['botToken', 'secretToken'],
  vk: ['accessToken', 'secret', 'confirmationCode'],
};
const MAX_LENGTH = 2000;
/** Telegram's own rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -. */
const TELEGRAM_SECRET = /^[A-Za-z0-9_-]{1,256}$/;

/** The body of `PUT /pages/:id/credentials` for a page of `channel`: exactly its fields, each a non-empty string. */
export function channelCredentials(channel: WebhookChannel, body: unknown): ChannelCredentials {
  const fields = FIELDS[channel];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new DomainError('validation', `expected a JSON object with ${fields.join(', ')}`);
  const given = body as Record<string, unknown>;
  const unknown = Object.keys(given).filter((k) => !fields.includes(k));
  if (unknown.length) throw new DomainError('validation', `a ${channel} page takes ${fields.join(', ')}; not ${unknown.join(', ')}`);
  for (const f of fields) {
    const v = given[f];
    if (typeof v !== 'string' || !v.trim()) throw new DomainError('validation', `${f} must be a non-empty string`);
    if (v.length > MAX_LENGTH) throw new DomainError('validation', `${f} must be at most ${MAX_LENGTH} characters`);
  }
  if (channel === 'telegram' && !TELEGRAM_SECRET.test(given.secretToken as string)) {
    throw new DomainError('validation', "secretToken must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)");
  }
  return { channel, ...Object.fromEntries(fields.map((f) => [f, (given[f] as string).trim()])) } as ChannelCredentials;
}

/** Reads credentials back from their opened JSON; a page of another channel has none usable. */
export function readChannelCredentials(channel: string, json: string): ChannelCredentials | null {
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    return channelCredentials(channel as WebhookChannel, parsed);
  } catch {
    return null;
  }
}

/** The JSON that is sealed: the fields only (the channel is the page's). */
export function credentialsJson(c: ChannelCredentials): string {
  const { channel, ...fields } = c;
  void channel;
  return JSON.stringify(fields);
}
