import {
  Injectable,
  SetMetadata,
  StreamableFile,
  UseInterceptors,
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { scopeOf } from '@app/domain';
import type { AuthUser } from '../auth/auth-user.js';

const settle = () => undefined;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Identical reads that arrive together share one read ("request collapsing", as a caching proxy's
 * cache lock does, but nothing is kept): a read waits to board until the one ahead of it, if any,
 * has landed, and everyone who asked meanwhile boards the same read. A request joins only a read
 * that has not started, so the snapshot that answers it is always taken after it arrived: a write
 * its caller saw acknowledged is never missing from it. On a busy desk this is what happens when a
 * live event reaches every console of one scope and they all re-read the same list at once, and
 * when one console opens a ticket page and asks for the ticket, its events and its people together.
 */
export class SharedReads {
  /** The read each key's next arrivals join: not started yet. */
  private readonly boarding = new Map<string, Promise<unknown>>();
  /** The read each key has in flight; settles (never rejects) when it has landed. */
  private readonly flying = new Map<string, Promise<void>>();

  run<T>(key: string, read: () => Promise<T>): Promise<T> {
    const boarding = this.boarding.get(key);
    if (boarding) return boarding as Promise<T>;
    // With none ahead, wait one turn of the event loop so the requests that came in together board together.
    const ahead = this.flying.get(key) ?? nextTurn();
    const flight: Promise<T> = ahead.then(() => {
      this.boarding.delete(key);
      this.flying.set(key, landed);
      return read();
    });
    const landed: Promise<void> = flight.then(settle, settle).then(() => {
      if (this.flying.get(key) === landed) this.flying.delete(key);
    });
    this.boarding.set(key, flight);
    return flight;
  }
}

/** Who may share a read: callers with the same role and ticket scope, or only the same user. */
export type ShareAmong = 'scope' | 'user';

const SHARE_AMONG = 'tynda:shareAmong';

/**
 * Collapses identical GET requests (same path and query, and the same audience) into one handler
 * call, whose JSON is serialized once and sent to each of them. Express's weak ETag is not computed
 * for these answers: the console re-reads a list when a live event says it changed, so a 304 would
 * almost never be earned, and hashing the page cost every request.
 */
@Injectable()
export class SharedReadInterceptor implements NestInterceptor {
  private readonly reads = new SharedReads();

  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const among = this.reflector.get<ShareAmong | undefined>(SHARE_AMONG, ctx.getHandler()) ?? 'user';
    const http = ctx.switchToHttp();
    const req = http.getRequest<Request & { user: AuthUser }>();
    const audience = among === 'scope' ? `${req.user.role} ${JSON.stringify(scopeOf(req.user))}` : `user ${req.user.id}`;
    // Serialized and encoded once: each request sends the same bytes (encoding a 66 KB Cyrillic page
    // cost more than the rest of a shared request).
    const body = this.reads.run(`${audience} ${req.originalUrl}`, async () => Buffer.from(JSON.stringify(await lastValueFrom(next.handle()))));
    return from(body.then((bytes) => new StreamableFile(bytes, { type: 'application/json; charset=utf-8' })));
  }
}

/**
 * Marks a GET handler whose answer depends only on its path, its query and the audience, and that
 * sets no header of its own: identical requests that arrive together are answered by one read.
 */
export function SharedRead(among: ShareAmong): MethodDecorator {
  return applyDecorators(SetMetadata(SHARE_AMONG, among), UseInterceptors(SharedReadInterceptor));
}
