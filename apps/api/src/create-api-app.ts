import { NotFoundException, RequestMethod, type LoggerService, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, jsonLogger } from '@app/config';
import { ApiModule } from './app.module.js';
import { HttpErrorFilter } from './common/http-error.filter.js';
import { CleanPathParamsPipe, cleanRequestBody, parseCleanQuery, refuseDeepJson } from './common/input-hygiene.js';
import { requestContext } from './common/request-context.middleware.js';
import { sendSecurityHeaders } from './common/security-headers.js';
import { VALIDATION_OPTIONS } from './validation.js';
import { documentWebhooks, serveWebhooksFirst } from './webhooks/webhook-listener.js';
import { WebhooksService } from './webhooks/webhooks.service.js';

export const API_PREFIX = 'api/v1';

/** Builds the HTTP app exactly as production runs it; e2e tests call this too. */
export async function createApiApp(overrides: Record<string, string> = {}, logger: LoggerService | false = jsonLogger()): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(overrides), { bodyParser: false, logger, bufferLogs: logger !== false });
  const config = app.get(AppConfig);
  if (logger) app.useLogger(logger);
  serveWebhooksFirst(app.getHttpServer(), app.get(WebhooksService), config.bodyLimitBytes, config.DB_RETRY_AFTER_SECONDS);
  // Wraps the webhook listener too: every response, whoever answers it, carries the security headers.
  sendSecurityHeaders(app.getHttpServer(), config.HSTS === 'true');
  app.disable('x-powered-by');
  // Behind nginx, req.ip (the sign-in throttle's address) is the client's only when the proxy is trusted.
  app.set('trust proxy', config.trustProxy);
  app.use(requestContext);
  // `verify` is left out of Nest's option type (its rawBody mode uses it); without rawBody it reaches body-parser as given.
  app.useBodyParser('json', { limit: config.BODY_LIMIT, verify: refuseDeepJson } as NestExpressBodyParserOptionsFor<'json'>);
  app.useBodyParser('urlencoded', { limit: config.BODY_LIMIT, extended: false });
  // What PostgreSQL refuses (NUL, lone surrogates) is cleaned from every body, query and path parameter.
  app.use(cleanRequestBody);
  app.set('query parser', parseCleanQuery);
  // Channels, Open311 clients and Prometheus are configured with fixed URLs: they live outside the versioned API.
  const unprefixed = ['docs', 'metrics', 'webhooks/facebook', 'webhooks/instagram', 'open311/v2/services.json', 'open311/v2/requests.json', 'open311/v2/requests/:id.json'];
  app.setGlobalPrefix(API_PREFIX, { exclude: unprefixed.map((path) => ({ path, method: RequestMethod.ALL })) });
  app.useGlobalPipes(new CleanPathParamsPipe(), new ValidationPipe(VALIDATION_OPTIONS));
  app.useGlobalFilters(new HttpErrorFilter(config.DB_RETRY_AFTER_SECONDS));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Tynda API').setDescription('Resident feedback desk for akimats').setVersion('1').addBearerAuth().build(),
  );
  documentWebhooks(document);
  // Off by default in production (DOCS_ENABLED): the map of every route is no business of the public.
  if (config.docsEnabled) SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });

  await app.init();
  // Outside the API prefix Nest registers no not-found handler, and errors thrown by body-parser
  // happen before Nest routes the request: give both the same JSON error shape.
  const filter = new HttpErrorFilter(config.DB_RETRY_AFTER_SECONDS);
  const reply = (err: unknown, req: Request, res: Response): void =>
    filter.catch(err, { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as never);
  serveWebConsole(app);
  app.use((req: Request, res: Response) => reply(new NotFoundException(`Cannot ${req.method} ${req.path}`), req, res));
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => (res.headersSent ? next(err) : reply(err, req, res)));
  return app;
}

/** Paths the console's client-side routes never use: they keep their JSON 404. */
const NOT_THE_CONSOLE = /^\/(api|docs|metrics|webhooks|open311)(\/|$)/;

/**
 * The web console (apps/web, built by `npm run build` into dist/web) at `/`, with index.html for
 * any other page a browser asks for. Skipped when it was not built (unit tests, API-only runs).
 */
function serveWebConsole(app: NestExpressApplication): void {
  const dir = join(process.cwd(), 'dist', 'web');
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return;
  // Vite names assets by content hash: they never change under one name.
  app.useStaticAssets(join(dir, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '1y' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const page = (req.method === 'GET' || req.method === 'HEAD') && !NOT_THE_CONSOLE.test(req.path) && (req.headers.accept ?? '').includes('text/html');
    if (!page) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
