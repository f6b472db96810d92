import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  contentType: string;
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
  private readonly server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
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
    this.received.push({ path, contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') });
    const answer = this.scripts.get(path)?.shift() ?? success(path);
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  }
}

/** What each API answers to a successful post; the ids are derived from the path so tests can expect them. */
export function success(path: string): Answer {
  const graph = /^\/v21\.0\/([^/]+)\/(comments|replies)$/.exec(path);
  if (graph) return { status: 200, body: { id: `reply-to-${decodeURIComponent(graph[1]!)}` } };
  if (path.endsWith('/sendMessage')) return { status: 200, body: { ok: true, result: { message_id: 701, date: 1767225600, chat: { id: 0 } } } };
  if (path === '/method/wall.createComment') return { status: 200, body: { response: { comment_id: 555 } } };
  return { status: 404, body: { error: { message: `no route ${path}` } } };
}
