import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import type { Express, NextFunction, Request, Response } from 'express';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { QueueName, QueueProducer } from '@app/queues';
import { cookieValue, DASHBOARD_COOKIE, DASHBOARD_PATH, QueueDashboardPass } from './queue-dashboard-pass.service.js';

/**
 * Bull Board at /admin/queues, for admins with a pass (see QueueDashboardPass): every queue's
 * waiting, delayed, failed and completed jobs, their data and errors, retry and clean. It reads and
 * acts on the queues through the API's producer connection. `fail` answers a refused request in the
 * API's error shape.
 */
export function mountQueueDashboard(app: INestApplication, fail: (err: unknown, req: Request, res: Response) => void): void {
  const producer = app.get(QueueProducer);
  const passes = app.get(QueueDashboardPass);
  const board = new ExpressAdapter();
  board.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(producer.queue(name))),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Tynda queues' } },
  });
  const admit = (req: Request, res: Response, next: NextFunction): void => {
    res.locals.route = DASHBOARD_PATH;
    passes.check(cookieValue(req.headers.cookie, DASHBOARD_COOKIE)).then(
      () => next(),
      (e: unknown) => fail(e, req, res),
    );
  };
  board.setViewsPath(selfContainedViews());
  const router = board.getRouter() as Express;
  // Bull Board is an Express app of its own: it would announce itself like the API does not.
  router.disable('x-powered-by');
  app.use(DASHBOARD_PATH, admit, router);
}

/**
 * Bull Board's page, less its Google Fonts stylesheet: the console's CSP (and an akimat's network)
 * allows no third-party origin, and an admin's visit is no business of Google's. The UI falls back
 * to the system fonts. Written once per process next to nothing else, read by Express's view engine.
 */
function selfContainedViews(): string {
  const ui = dirname(createRequire(import.meta.url).resolve('@bull-board/ui/package.json'));
  const page = readFileSync(join(ui, 'dist', 'index.ejs'), 'utf8').replace(/<link[^>]*fonts\.googleapis\.com[^>]*>\s*/g, '');
  const dir = join(tmpdir(), `tynda-queue-dashboard-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.ejs'), page);
  return dir;
}
