import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    requestId?: string;
  }
}

const logger = new Logger('http');
const SAFE_ID = /^[\w.-]{1,64}$/;

/**
 * Gives a request its id (the caller's X-Request-Id when sane), echoes it, and logs one JSON line
 * when the answer is sent. Works on Node's own request and response, so the webhooks, which are
 * served before Express, are tracked the same way.
 */
export function trackRequest(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  const started = process.hrtime.bigint();
  // Read now: routers mounted on a prefix rewrite req.url while they handle the request.
  const path = req.url?.split('?')[0];
  res.on('finish', () => {
    logger.log({
      message: 'request',
      requestId,
      method: req.method,
      path,
      status: res.statusCode,
      durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
    });
  });
  return requestId;
}

/** Express's side of `trackRequest`: every other request. */
export function requestContext(req: Request, res: Response, next: NextFunction): void {
  req.requestId = trackRequest(req, res);
  next();
}
