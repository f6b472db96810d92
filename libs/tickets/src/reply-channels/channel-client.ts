/** A public reply as a channel needs it: the text, where it goes, and the token to post it with. */
export interface OutboundReply {
  text: string;
  /** The ticket's id on the channel, in the intake parsers' format for that channel. */
  ticketExternalId: string;
  /** The resident's id on the channel (the recipient of a direct message's answer). */
  authorExternalId: string | null;
  /** The page's own token (Facebook/Instagram page token, Telegram bot token, VK community token), or the configured fallback. */
  token: string | null;
  /** Why there is no token, for the failure message. */
  missingToken: string;
}

/** One per channel: posts the reply under the resident's message and returns its id in the ticket id format. */
export interface ChannelClient {
  send(reply: OutboundReply): Promise<string>;
}

/**
 * `permanent`: retrying cannot help (a bad request, a missing token, a deleted comment), so the reply
 * fails at once. `authorization`: the channel refused the token itself (expired, revoked): the
 * page needs new credentials, and its replies wait for them instead of failing one by one.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly authorization = false,
  ) {
    super(message);
  }
}

/** An external call must end well before BullMQ's lock does, and it holds the reply's row lock meanwhile. */
const TIMEOUT_MS = 15_000;
const MAX_DETAIL = 300;

export interface ChannelError {
  message?: string;
  /** The channel says so explicitly (a rate limit or an outage reported with a 4xx). */
  transient?: boolean;
  /** The channel refused the credentials (Graph 190/102, Telegram 401, VK 5). */
  authorization?: boolean;
}

/**
 * POSTs and returns the parsed JSON of a 2xx answer. A network error, a timeout, a 5xx or a 429 is
 * transient; any other status is permanent. `readError` pulls the channel's own message from the body.
 */
export async function postJson(
  channel: string,
  url: string,
  body: URLSearchParams | Record<string, unknown>,
  readError: (json: unknown) => ChannelError,
): Promise<unknown> {
  const form = body instanceof URLSearchParams;
  let status: number;
  let text: string;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
      body: form ? body.toString() : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = res.status;
    text = await res.text();
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    throw new DeliveryError(`${channel}: ${(e as Error).message}${cause ? ` (${cause})` : ''}`, false);
  }
  const json = parseJson(text);
  if (status >= 200 && status < 300) return json;
  const error = json === undefined ? {} : readError(json);
  const transient = status === 429 || status >= 500 || error.transient === true;
  throw new DeliveryError(`${channel}: HTTP ${status}: ${error.message ?? (text.slice(0, MAX_DETAIL) || 'no body')}`, !transient, error.authorization === true);
}

/** A 2xx answer without the id we need: the reply may be posted, so do not post it again. */
export function unexpectedAnswer(channel: string, json: unknown): DeliveryError {
  return new DeliveryError(`${channel}: unexpected answer ${JSON.stringify(json ?? null).slice(0, MAX_DETAIL)}`, true);
}

export function requireSetting<T>(channel: string, value: T | null | undefined, what: string): T {
  if (value === null || value === undefined || value === '') throw new DeliveryError(`${channel}: ${what}`, true);
  return value;
}

/** Splits a ticket externalId into the parts its channel's format promises, or fails permanently. */
export function splitExternalId(channel: string, id: string, pattern: RegExp, format: string): string[] {
  const m = pattern.exec(id);
  if (!m) throw new DeliveryError(`${channel}: ticket id '${id}' is not in the ${format} format`, true);
  return m.slice(1);
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
