import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { UsersRepository } from '@app/database';
import { isLiveEvent, reaches, scopeOf, type LiveEvent, type LiveEventView, type TicketScope } from '@app/domain';
import { createRedis, liveEventsChannel } from '@app/queues';
import { toAuthUser, type AuthUser } from '../auth/auth-user.js';

/** How long a browser waits before it reconnects (the stream's `retry:` hint). */
const LIVE_RETRY_MS = 3000;
/**
 * A reader this far behind (a stalled connection) is cut off rather than buffered for without end:
 * it reconnects and re-reads its lists, which is all the missed events would have made it do.
 */
const MAX_BUFFERED_BYTES = 256 * 1024;

interface Listener {
  userId: string;
  sessionId: string;
  scope: TicketScope;
  res: Response;
}

/**
 * The live events of this API process: one Redis subscriber connection hears what every API and
 * worker process publishes, and each event is written to the open streams of the users it
 * reaches, by the same scope rule as the ticket list. The heartbeat also re-reads each listener's
 * session, so a sign-out or a change of role or scope takes effect on an open stream too.
 */
@Injectable()
export class LiveHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveHub.name);
  private readonly listeners = new Set<Listener>();
  private subscriber?: Redis;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersRepository,
  ) {}

  onModuleInit(): void {
    const channel = liveEventsChannel(this.config.QUEUE_PREFIX);
    // A connection of its own: a subscribed connection can do nothing else. Worker-style, it waits out a Redis restart and resubscribes.
    this.subscriber = createRedis(this.config.REDIS_URL, 'worker');
    this.subscriber.on('error', (e: Error) => this.logger.warn(`live events subscriber: ${e.message}`));
    let subscribedBefore = false;
    // After an outage the events published meanwhile are lost: every console re-reads its lists.
    this.subscriber.on('ready', () => {
      if (subscribedBefore) this.broadcast('resync');
      subscribedBefore = true;
    });
    this.subscriber.subscribe(channel).catch((e: Error) => this.logger.warn(`live events: cannot subscribe to ${channel}: ${e.message}`));
    this.subscriber.on('message', (_: string, message: string) => this.deliver(message));
    // Proxies close a stream that says nothing for a minute or so; a comment line every 20 s keeps it open.
    this.heartbeat = setInterval(() => void this.beat(), this.config.LIVE_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Opens the event stream of a signed-in user on `res`; it ends when the browser goes or the session does. */
  open(user: AuthUser, sessionId: string, res: Response): void {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    // no-transform: a compressing middleware or proxy would hold the events back in its buffer.
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: ${LIVE_RETRY_MS}\n\n`);
    const listener: Listener = { userId: user.id, sessionId, scope: scopeOf(user), res };
    this.listeners.add(listener);
    res.on('close', () => this.listeners.delete(listener));
    this.send(listener, 'ready', null);
  }

  /** Runs in the subscriber's message handler: a malformed message is logged, never thrown (it would take the process down). */
  private deliver(message: string): void {
    let events: LiveEvent[];
    try {
      events = JSON.parse(message) as LiveEvent[];
      if (!Array.isArray(events)) throw new Error('not a list');
    } catch (e) {
      this.logger.warn(`live events: a malformed message was ignored (${(e as Error).message})`);
      return;
    }
    for (const event of events) {
      if (!isLiveEvent(event)) continue;
      const view: LiveEventView = { kind: event.kind, ticketId: event.ticketId };
      for (const l of this.listeners) if (reaches(event, l)) this.send(l, event.kind, view);
    }
  }

  private broadcast(kind: 'resync'): void {
    for (const l of this.listeners) this.send(l, kind, null);
  }

  private send(l: Listener, kind: string, data: LiveEventView | null): void {
    if (l.res.writableLength > MAX_BUFFERED_BYTES) {
      this.listeners.delete(l);
      l.res.end();
      return;
    }
    // No `id:`: a reconnected console re-reads its lists instead of replaying (Last-Event-ID is not used).
    l.res.write(`event: ${kind}\ndata: ${JSON.stringify(data ?? { kind })}\n\n`);
  }

  private async beat(): Promise<void> {
    for (const l of [...this.listeners]) {
      try {
        const user = await this.users.findBySession(l.userId, l.sessionId);
        if (!user) {
          this.listeners.delete(l);
          l.res.end();
          continue;
        }
        l.scope = scopeOf(toAuthUser(user));
      } catch (e) {
        // The database is away: keep the stream (the scope it had), the next beat checks again.
        this.logger.warn(`live events: session check failed: ${(e as Error).message}`);
      }
      l.res.write(': heartbeat\n\n');
    }
  }

  /** Before the HTTP server closes: open streams would keep it waiting. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const l of this.listeners) l.res.end();
    this.listeners.clear();
    this.subscriber?.disconnect();
  }
}
