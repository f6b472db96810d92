import { NotFoundException, RequestMethod, type LoggerService, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { AppConfig, jsonLogger } from '@app/config';
import { MetricsService } from '@app/observability';
import { mountQueueDashboard } from './admin/queue-dashboard/queue-dashboard.js';
import { ApiModule } from './app.module.js';
import { HttpErrorFilter } from './common/http-error.filter.js';
import { CleanPathParamsPipe, cleanRequestBody, parseCleanQuery, refuseDeepJson } from './common/input-hygiene.js';
import { enterLogContext, requestContext } from './common/request-context.middleware.js';
import { sendSecurityHeaders } from './common/security-headers.js';
import { HEALTH_PATHS } from './health/health.controller.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { VALIDATION_OPTIONS } from './validation.js';
import { documentWebhooks, serveWebhooksFirst } from './webhooks/webhook-listener.js';
import { WebhooksService } from './webhooks/webhooks.service.js';

export const API_PREFIX = 'api/v1';

/** Builds the HTTP app exactly as production runs it; e2e tests call this too. */
export async function createApiApp(overrides: Record<string, string> = {}, logger: LoggerService | false = jsonLogger()): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(overrides), { bodyParser: false, logger, bufferLogs: logger !== false });
  const config = app.get(AppConfig);
  if (logger) app.useLogger(logger);
  const metrics = app.get(MetricsService);
  serveWebhooksFirst(app.getHttpServer(), app.get(WebhooksService), metrics, config.bodyLimitBytes, config.DB_RETRY_AFTER_SECONDS);
  // Wraps the webhook listener too: every response, whoever answers it, carries the security headers.
  sendSecurityHeaders(app.getHttpServer(), config.HSTS === 'true');
  app.disable('x-powered-by');
  // Behind nginx, req.ip (the sign-in throttle's address) is the client's only when the proxy is trusted.
  app.set('trust proxy', config.trustProxy);
  app.use(requestContext(metrics));
  // `verify` is left out of Nest's option type (its rawBody mode uses it); without rawBody it reaches body-parser as given.
  app.useBodyParser('json', { limit: config.BODY_LIMIT, verify: refuseDeepJson } as NestExpressBodyParserOptionsFor<'json'>);
  app.useBodyParser('urlencoded', { limit: config.BODY_LIMIT, extended: false });
  // What PostgreSQL refuses (NUL, lone surrogates) is cleaned from every body, query and path parameter.
  app.use(cleanRequestBody);
  app.use(enterLogContext);
  app.set('query parser', parseCleanQuery);
  // Channels, Open311 clients and Prometheus are configured with fixed URLs: they live outside the versioned API.
  const unprefixed = [
    'docs',
    'metrics',
    ...HEALTH_PATHS.flatMap((h) => [`${h}/live`, `${h}/ready`]),
    'webhooks/facebook',
    'webhooks/instagram',
    'open311/v2/discovery.:format',
    'open311/v2/services.:format',
    'open311/v2/services/:service_code.:format',
    'open311/v2/requests.:format',
    'open311/v2/requests/:id.:format',
    'public/scorecard',
  ];
  app.setGlobalPrefix(API_PREFIX, { exclude: unprefixed.map((path) => ({ path, method: RequestMethod.ALL })) });
  app.useGlobalPipes(new CleanPathParamsPipe(), new ValidationPipe(VALIDATION_OPTIONS));
  app.useGlobalFilters(new HttpErrorFilter(config.DB_RETRY_AFTER_SECONDS));
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app, documentWebhooks);
  // Off by default in production (DOCS_ENABLED): the map of every route is no business of the public.
  if (config.docsEnabled) SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });

  await app.init();
  // Outside the API prefix Nest registers no not-found handler, and errors thrown by body-parser
  // happen before Nest routes the request: give both the same JSON error shape.
  const filter = new HttpErrorFilter(config.DB_RETRY_AFTER_SECONDS);
  const reply = (err: unknown, req: Request, res: Response): void =>
    filter.catch(err, { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as never);
  mountQueueDashboard(app, reply);
  serveWebConsole(app);
  app.use('/', (req: Request, res: Response, next: NextFunction) =>
    req.path === '/' && (req.method === 'GET' || req.method === 'HEAD') ? pointTheWay(res, config.docsEnabled) : next(),
  );
  app.use((req: Request, res: Response) => reply(new NotFoundException(`Cannot ${req.method} ${req.path}`), req, res));
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => (res.headersSent ? next(err) : reply(err, req, res)));
  return app;
}

const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The console's assets as the build precompressed them (apps/web/vite.config.ts): brotli, else
 * gzip, by the browser's Accept-Encoding, with `Vary` so a cache keeps them apart. A source map is
 * never sent, even from a build made before maps were turned off.
 */
function precompressedAsset(dir: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path.endsWith('.map')) return next(new NotFoundException(`Cannot ${req.method} ${req.originalUrl}`));
    const type = ASSET_TYPES[extname(req.path)];
    if (!type || req.path.includes('..')) return next();
    res.setHeader('Vary', 'Accept-Encoding');
    const accepted = acceptedEncodings(String(req.headers['accept-encoding'] ?? ''));
    const encoding = (['br', 'gzip'] as const).find((e) => accepted.has(e) && existsSync(join(dir, `${req.path}.${e === 'br' ? 'br' : 'gz'}`)));
    if (!encoding) return next();
    res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.sendFile(join(dir, `${req.path}.${encoding === 'br' ? 'br' : 'gz'}`), { dotfiles: 'deny', cacheControl: false }, (err) => err && next(err));
  };
}

/** The encodings an Accept-Encoding header allows (those given q=0 are refused). */
function acceptedEncodings(header: string): Set<string> {
  const allowed = new Set<string>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) allowed.add(name);
  }
  return allowed;
}

/** Paths the console's client-side routes never use: they keep their JSON 404. */
const NOT_THE_CONSOLE = /^\/(api|docs|metrics|health|admin|webhooks|open311)(\/|$)/;

/**
 * The web console (apps/web, built by `npm run build` into dist/web) at `/`, with index.html for
 * any other page a browser asks for. Skipped when it was not built (unit tests, API-only runs).
 */
function serveWebConsole(app: NestExpressApplication): void {
  const dir = join(process.cwd(), 'dist', 'web');
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return;
  const assets = join(dir, 'assets');
  app.use('/assets/', precompressedAsset(assets));
  // Vite names assets by content hash: they never change under one name.
  app.useStaticAssets(assets, { prefix: '/assets/', immutable: true, maxAge: '1y' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const page = (req.method === 'GET' || req.method === 'HEAD') && !NOT_THE_CONSOLE.test(req.path) && (req.headers.accept ?? '').includes('text/html');
    if (!page) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.locals.route = 'console';
    res.sendFile(index);
  });
}

/**
 * `GET /` for what did not get the console (curl, a probe, or an API-only run): where things are,
 * rather than a 404 to someone who just started the server.
 */
function pointTheWay(res: Response, docs: boolean): void {
  res.locals.route = '/';
  res.status(200).json({
    name: 'Tynda API',
    console: 'open / in a browser (served when the console is built: npm run build)',
    api: `/${API_PREFIX}`,
    signIn: `POST /${API_PREFIX}/auth/login`,
    docs: docs ? '/docs' : null,
    health: { live: '/health/live', ready: '/health/ready' },
  });
}
