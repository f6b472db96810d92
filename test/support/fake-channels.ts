import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from './test-app.js';

export interface Received {
  method: string;
  path: string;
  contentType: string;
  authorization: string;
  body: string;
}
export interface Answer {
  status: number;
  body: unknown;
}

/**
 * Stands in for the Graph API, the Telegram Bot API and VK on 127.0.0.1: records every request and
 * answers like the real API, or with answers scripted per path first.
 */
export class FakeChannels {
  readonly received: Received[] = [];
  url = '';
  private readonly scripts = new Map<string, Answer[]>();
  private readonly fixed = new Map<string, Answer>();
  private readonly server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The answer to every request on `path` (query ignored) once the scripted ones are used up, until changed. */
  always(path: string, answer: Answer): void {
    this.fixed.set(path, answer);
  }

  script(path: string, ...answers: Answer[]): void {
    this.scripts.set(path, answers);
  }

  to(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '';
    this.received.push({
      method: req.method ?? '',
      path,
      contentType: req.headers['content-type'] ?? '',
      authorization: req.headers.authorization ?? '',
      body: Buffer.concat(chunks).toString('utf8'),
    });
    // A script for the exact path (query included) first, then for the path alone.
    const answer = this.scripts.get(path)?.shift() ?? this.scripts.get(path.split('?')[0]!)?.shift() ?? this.fixed.get(path.split('?')[0]!) ?? success(path);
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  }
}

/** What each API answers to a successful call; the ids are derived from the path so tests can expect them. */
export function success(path: string): Answer {
  const graph = /^\/v\d+\.\d+\/([^/?]+)\/(comments|replies)$/.exec(path);
  if (graph) return { status: 200, body: { id: `reply-to-${decodeURIComponent(graph[1]!)}` } };
  if (/^\/v\d+\.\d+\/me\/messages$/.test(path)) return { status: 200, body: { recipient_id: '0', message_id: 'm_reply_1' } };
  if (/^\/v\d+\.\d+\/me(\?|$)/.test(path)) return { status: 200, body: { id: '100200300', name: 'Меркі ауданы әкімдігі' } };
  if (/^\/v\d+\.\d+\/[^/]+\/subscribed_apps$/.test(path)) return { status: 200, body: { success: true } };
  if (path.endsWith('/sendMessage')) return { status: 200, body: { ok: true, result: { message_id: 701, date: 1767225600, chat: { id: 0 } } } };
  if (path.endsWith('/getMe')) return { status: 200, body: { ok: true, result: { id: 123456, is_bot: true, first_name: 'Tynda', username: 'tynda_bot' } } };
  if (path.endsWith('/setWebhook')) return { status: 200, body: { ok: true, result: true, description: 'Webhook was set' } };
  if (path === '/method/wall.createComment') return { status: 200, body: { response: { comment_id: 555 } } };
  if (/^\/v\d+\.\d+\/[^/]+\/(feed|media)\?/.test(path)) return { status: 200, body: { data: [] } };
  if (path === '/method/wall.get') return { status: 200, body: { response: { count: 0, items: [] } } };
  if (path === '/method/wall.getComments') return { status: 200, body: { response: { count: 0, items: [] } } };
  if (path === '/method/groups.getById') return { status: 200, body: { response: { groups: [{ id: 5001, name: 'Меркі', screen_name: 'merki' }] } } };
  return { status: 404, body: { error: { message: `no route ${path}` } } };
}

/** Saves a page's credentials as an admin does (they are checked against the fake channels); returns the page view. */
export async function connectPage(app: TestApp, adminToken: string, pageId: string, credentials: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await app
    .http()
    .put(`/api/v1/pages/${pageId}/credentials`)
    .set({ Authorization: `Bearer ${adminToken}` })
    .send(credentials);
  if (res.status !== 200) throw new Error(`credentials of page ${pageId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}
