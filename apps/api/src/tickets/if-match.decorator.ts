import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '@app/domain';

/** `If-Match: 3`, `"3"` or `W/"3"` -> 3; absent -> undefined (the write is unconditional). */
export const IfMatch = createParamDecorator((_: unknown, ctx: ExecutionContext): number | undefined => {
  const raw = ctx.switchToHttp().getRequest<Request>().header('if-match');
  if (raw === undefined || raw.trim() === '' || raw.trim() === '*') return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(raw.trim());
  if (!m) throw new DomainError('validation', `If-Match must be the ticket's version number, e.g. If-Match: "3" (got ${JSON.stringify(raw)})`);
  return Number(m[1]);
});
