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
import { SharedReads } from '@app/database';
import { scopeOf } from '@app/domain';
import type { AuthUser } from '../auth/auth-user.js';

/** Who may share a read: callers with the same role and ticket scope, or only the same user. */
export type ShareAmong = 'scope' | 'user';

const SHARE_AMONG = 'tynda:shareAmong';

/**
 * Collapses identical GET requests (same path and query, and the same audience) into one handler
 * call (SharedReads: on a busy desk, a live event reaches every console of one scope and they all
 * re-read the same list at once), whose JSON is serialized once and sent to each of them.
 * Express's weak ETag is not computed for these answers: the console re-reads a list when a live
 * event says it changed, so a 304 would almost never be earned, and hashing the page cost every
 * request.
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
