import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger, PayloadTooLargeException } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { WebhookChannel } from '@app/domain';
import { runWithLogContext, type MetricsService } from '@app/observability';
import { errorBody, logError } from '../common/http-error.filter.js';
import { trackRequest } from '../common/request-context.middleware.js';
import type { WebhooksService } from './webhooks.service.js';

const CHANNEL_OF_PATH = new Map<string, WebhookChannel>((['facebook', 'instagram', 'telegram', 'vk'] as const).map((c) => [`/webhooks/${c}`, c]));

const TELEGRAM_BOT_PREFIX = '/webhooks/telegram/';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const logger = new Logger('Webhooks');

/**
 * Channel deliveries (`POST /webhooks/<channel>`) are answered by Node's own request listener, ahead
 * of Express and Nest. They are the only hot path of the API (every resident comment of every page
 * arrives here, in bursts) and need none of the framework: no JWT, no DTO, no routing beyond four
 * fixed paths. Under load the framework's layers cost more CPU than verifying, parsing and storing
 * the delivery together (BENCHMARKS.md). Everything else, the channels' GET handshakes included, goes
 * on to Express unchanged; errors keep the API's one JSON shape and every request its X-Request-Id.
 */
export function serveWebhooksFirst(
  server: Server,
  webhooks: WebhooksService,
  metrics: MetricsService,
  bodyLimitBytes: number,
  retryAfterSeconds: number,
): void {
  const framework = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = req.method === 'POST' ? pathOf(req.url) : '';
    const channel = CHANNEL_OF_PATH.get(path);
    if (channel) return void answer(channel, req, res, webhooks, trackRequest(req, res, metrics, path), bodyLimitBytes, retryAfterSeconds);
    // A bot's own path: its page id says whose secret token verifies it.
    const bot = path.startsWith(TELEGRAM_BOT_PREFIX) ? path.slice(TELEGRAM_BOT_PREFIX.length) : '';
    if (UUID.test(bot))
      return void answer(
        'telegram',
        req,
        res,
        webhooks,
        trackRequest(req, res, metrics, `${TELEGRAM_BOT_PREFIX}:pageId`),
        bodyLimitBytes,
        retryAfterSeconds,
        bot.toLowerCase(),
      );
    for (const listener of framework) listener.call(server, req, res);
  });
}

function answer(
  channel: WebhookChannel,
  req: IncomingMessage,
  res: ServerResponse,
  webhooks: WebhooksService,
  requestId: string,
  limit: number,
  retryAfterSeconds: number,
  pageId?: string,
): Promise<void> {
  return runWithLogContext({ requestId }, () => receive(channel, req, res, webhooks, requestId, limit, retryAfterSeconds, pageId));
}

async function receive(
  channel: WebhookChannel,
  req: IncomingMessage,
  res: ServerResponse,
  webhooks: WebhooksService,
  requestId: string,
  limit: number,
  retryAfterSeconds: number,
  pageId?: string,
): Promise<void> {
  try {
    // Channels send application/json; anything else reaches the service as "no JSON body" (400).
    const body = isJson(req) ? await readBody(req, limit) : Buffer.alloc(0);
    const reply = await webhooks.receive(channel, body, (name) => first(req.headers[name]), pageId);
    send(res, 200, reply.contentType, reply.body);
  } catch (e) {
    const body = errorBody(e, requestId);
    logError(logger, body, e, requestId, req.url);
    // The channels retry anything but a 200 (Meta for 36 hours), so a 503 while the database is away loses nothing.
    send(res, body.statusCode, 'application/json', JSON.stringify(body), body.statusCode === 503 ? retryAfterSeconds : undefined);
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string, retryAfterSeconds?: number): void {
  if (res.headersSent) return;
  const headers: Record<string, string | number> = { 'Content-Type': `${contentType}; charset=utf-8`, 'Content-Length': Buffer.byteLength(body) };
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  res.writeHead(status, headers);
  res.end(body);
}

/** The body's exact bytes (signatures are computed over them), refused once over the limit. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new PayloadTooLargeException('request body is too large');
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Node discards the rest of the body once the 413 is sent.
      req.off('data', onData);
      reject(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

function isJson(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

function pathOf(url = ''): string {
  const end = url.indexOf('?');
  const path = end < 0 ? url : url.slice(0, end);
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The OpenAPI entries of the four POSTs, which no Nest controller declares any more. */
/** `{"ok":true}`, or the plain text a channel expects (VK's confirmation code or `ok`). */
const WEBHOOK_ACK = {
  'application/json': { schema: { type: 'object' as const, required: ['ok'], properties: { ok: { type: 'boolean' as const } } } },
  'text/plain': { schema: { type: 'string' as const } },
};

export function documentWebhooks(document: OpenAPIObject): void {
  const schemes: Record<WebhookChannel, string> = {
    facebook: 'X-Hub-Signature-256: HMAC-SHA256 of the raw body with the app secret',
    instagram: 'X-Hub-Signature-256 with the Facebook or the Instagram app secret',
    telegram: 'X-Telegram-Bot-Api-Secret-Token',
    vk: 'the `secret` field of the body; a `confirmation` is answered with the confirmation code, anything else with exactly `ok`',
  };
  for (const [path, channel] of CHANNEL_OF_PATH) {
    document.paths[path] = {
      ...document.paths[path],
      post: {
        tags: ['channels'],
        summary: `A ${channel} delivery, stored in the inbox before the answer. Verified by ${schemes[channel]}.`,
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          '200': { description: 'stored (or recognised as a redelivery)', content: WEBHOOK_ACK },
          '400': { description: 'not JSON, or not a delivery of this channel' },
          '401': { description: 'missing or wrong signature or secret; nothing stored' },
          '413': { description: 'over BODY_LIMIT' },
          '503': { description: 'the database is unavailable: nothing stored, retry after Retry-After seconds' },
        },
      },
    };
  }
  document.paths['/webhooks/telegram/{pageId}'] = {
    post: {
      tags: ['channels'],
      summary: "A delivery to one bot's own webhook (set by its page's credentials), verified by that bot's X-Telegram-Bot-Api-Secret-Token only.",
      parameters: [{ name: 'pageId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
      responses: {
        '200': { description: 'stored', content: WEBHOOK_ACK },
        '400': { description: 'not a Telegram update' },
        '401': { description: 'no such bot, or not its secret token' },
        '503': { description: 'the database is unavailable' },
      },
    },
  };
}
