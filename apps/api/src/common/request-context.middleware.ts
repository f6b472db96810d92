import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { runWithLogContext, type MetricsService } from '@app/observability';

declare module 'express-serve-static-core' {
  interface Request {
    requestId?: string;
  }
}

const logger = new Logger('http');
const SAFE_ID = /^[\w.-]{1,64}$/;

/**
 * The route template a request matched (`/api/v1/tickets/:id`), never its URL: the HTTP histogram's
 * label must stay a short list. What no route matched is one value; the console's pages another.
 */
function routeOf(req: IncomingMessage, res: ServerResponse): string {
  const locals = (res as Partial<Response>).locals;
  if (typeof locals?.route === 'string') return locals.route;
  const r = req as Partial<Request>;
  const path = (r.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${r.baseUrl ?? ''}${path}` : 'unmatched';
}

/**
 * Gives a request its id (the caller's X-Request-Id when sane), echoes it, and when the answer is
 * sent logs one line and observes the HTTP histogram. Works on Node's own request and response, so
 * the webhooks, which are served before Express, are tracked the same way (`route` given).
 */
export function trackRequest(req: IncomingMessage, res: ServerResponse, metrics: MetricsService, route?: string): string {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  const started = process.hrtime.bigint();
  // Read now: routers mounted on a prefix rewrite req.url while they handle the request.
  const path = req.url?.split('?')[0];
  res.on('finish', () => {
    const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
    const template = route ?? routeOf(req, res);
    metrics.observeRequest(req.method ?? 'GET', template, res.statusCode, durationMs / 1000);
    logger.log({ message: 'request', requestId, method: req.method, path, route: template, status: res.statusCode, durationMs });
  });
  return requestId;
}

/** Express's side of `trackRequest`: every other request. */
export function requestContext(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    req.requestId = trackRequest(req, res, metrics);
    next();
  };
}

/**
 * Puts the request id in the log context of everything the request runs (logs, and the jobs it
 * enqueues). Mounted after the body parsers: they call `next` from the request stream's callbacks,
 * outside any context entered before them.
 */
export function enterLogContext(req: Request, _res: Response, next: NextFunction): void {
  runWithLogContext({ requestId: req.requestId }, next);
}
