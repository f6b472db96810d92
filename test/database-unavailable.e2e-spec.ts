import { createHmac } from 'node:crypto';
import type { Pool } from 'pg';
import type { Response } from 'supertest';
import { UserEntity, queryTimeoutMs } from '../libs/database/src/index.js';
import { hashPassword } from '../libs/domain/src/index.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { TestApp, eventually } from './support/test-app.js';

const APP_SECRET = 'tynda-db-unavailable-secret';
const EMAIL = 'admin@unavailable.test.kz';
const PASSWORD = 'correct-horse-battery';
const CONNECT_TIMEOUT_MS = 1000;
const STATEMENT_TIMEOUT_MS = 2000;
const RETRY_AFTER = '7';
// Longest a refusal may take: two statement bounds (a webhook can wait for the inbox batch in flight before its own) and a second of slack.
const BOUND_MS = 2 * STATEMENT_TIMEOUT_MS + 1000;

const UNAVAILABLE = {
  statusCode: 503,
  error: 'Service Unavailable',
  message: 'the database is unavailable; retry later',
  code: 'service.unavailable',
  requestId: expect.any(String),
};

/** A Facebook comment delivery, new each time (the inbox stores the same bytes once), signed like Meta signs. */
let comments = 0;
function facebookDelivery(): { body: string; signature: string } {
  const id = `${Date.now()}_${++comments}`;
  const value = {
    from: { id: '9001', name: 'Тест Тұрғын' },
    item: 'comment',
    verb: 'add',
    post_id: '104538291276431_1',
    comment_id: `104538291276431_${id}`,
    parent_id: '104538291276431_1',
    created_time: Math.floor(Date.now() / 1000),
    message: `Жол жоқ ${id}`,
  };
  const body = JSON.stringify({ object: 'page', entry: [{ id: '104538291276431', time: Math.floor(Date.now() / 1000), changes: [{ field: 'feed', value }] }] });
  return { body, signature: `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` };
}

describe('PostgreSQL frozen or stopped: bounded 503s with Retry-After, then recovery by itself', () => {
  let proxy: TcpProxy;
  let app: TestApp;
  let token: string;
  const timings: Record<string, number[]> = {};

  const requests = {
    webhook: () => {
      const { body, signature } = facebookDelivery();
      return app.http().post('/webhooks/facebook').set({ 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature }).send(body);
    },
    login: () => app.http().post('/api/v1/auth/login').send({ email: EMAIL, password: PASSWORD }),
    list: () =>
      app
        .http()
        .get('/api/v1/tickets')
        .set({ Authorization: `Bearer ${token}` }),
  };
  type Kind = keyof typeof requests;
  const kinds = Object.keys(requests) as Kind[];

  async function timed(label: string, send: () => PromiseLike<Response>): Promise<Response & { ms: number }> {
    const started = performance.now();
    const res = await send();
    const ms = Math.round(performance.now() - started);
    (timings[label] ??= []).push(ms);
    return Object.assign(res, { ms });
  }

  async function expectUnavailable(mode: string, kind: Kind): Promise<void> {
    const res = await timed(`${mode} ${kind}`, requests[kind]);
    expect({ kind, status: res.status, body: res.body }).toEqual({ kind, status: 503, body: UNAVAILABLE });
    expect(res.headers['retry-after']).toBe(RETRY_AFTER);
    expect(res.ms).toBeLessThan(BOUND_MS);
  }

  async function expectBurstUnavailable(mode: string): Promise<void> {
    const burst = await Promise.all(kinds.flatMap((kind) => Array.from({ length: 8 }, () => timed(`${mode} burst ${kind}`, requests[kind]))));
    for (const res of burst) {
      expect({ status: res.status, body: res.body }).toEqual({ status: 503, body: UNAVAILABLE });
      expect(res.headers['retry-after']).toBe(RETRY_AFTER);
      expect(res.ms).toBeLessThan(BOUND_MS);
    }
  }

  async function expectNotReady(mode: string): Promise<void> {
    const ready = await timed(`${mode} ready`, () => app.http().get('/api/v1/health/ready'));
    expect(ready.status).toBe(503);
    expect(ready.body.checks.database.status).toBe('down');
    expect(ready.ms).toBeLessThan(BOUND_MS);
  }

  /** Every request answers as usual again, without restarting the API. */
  async function expectRecovered(): Promise<void> {
    await eventually(async () => (await requests.login()).status === 200, 15_000, 200);
    expect((await requests.webhook()).status).toBe(200);
    const list = await requests.list();
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body.items)).toBe(true);
    expect((await app.http().get('/api/v1/health/ready')).status).toBe(200);
  }

  // The pg-pool behind TypeORM, to count its connections.
  const pool = (): Pool => (app.dataSource.driver as unknown as { master: Pool }).master;

  beforeAll(async () => {
    proxy = await TcpProxy.start();
    app = await TestApp.start({
      databaseAddress: proxy.address,
      env: {
        FACEBOOK_APP_SECRET: APP_SECRET,
        DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
        DB_RETRY_AFTER_SECONDS: RETRY_AFTER,
        // The recovery checks log in again and again.
        LOGIN_RATE_LIMIT: '1000',
      },
    });
    await app.dataSource
      .getRepository(UserEntity)
      .save({ email: EMAIL, role: 'admin', fullName: 'Admin', passwordHash: await hashPassword(PASSWORD), districtIds: [], departmentId: null });
    token = await app.login(EMAIL, PASSWORD);
  });
  afterAll(async () => {
    proxy.resume();
    await proxy.restart();
    await app?.close();
    await proxy.close();
    console.info(
      `time to answer with PostgreSQL broken (ms): ${Object.entries(timings)
        .map(([k, v]) => `${k} ${v.join('/')}`)
        .join('; ')}`,
    );
  });

  it('works through the proxy while PostgreSQL is healthy', async () => {
    for (const kind of kinds) expect((await requests[kind]()).status).toBe(200);
  });

  it('has the server cancel a statement past DB_STATEMENT_TIMEOUT_MS, on a connection that stays in the pool', async () => {
    const before = pool().totalCount;
    const started = performance.now();
    const error = (await app.dataSource.query('SELECT pg_sleep(5)').catch((e: unknown) => e)) as { code?: string };
    expect(error.code).toBe('57014');
    expect(performance.now() - started).toBeLessThan(STATEMENT_TIMEOUT_MS + 1000);
    expect(pool().totalCount).toBe(before);
    expect(await app.dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  describe('frozen (no byte answered, connections kept open)', () => {
    beforeAll(async () => {
      // Idle pooled connections exist before the freeze, as in a running API.
      await Promise.all([1, 2, 3].map(() => app.dataSource.query('SELECT 1')));
      proxy.pause();
    });

    it('gives up a query at the client timeout and throws its connection away instead of reusing it', async () => {
      const before = pool().totalCount;
      expect(pool().idleCount).toBeGreaterThan(0);
      const started = performance.now();
      const error = (await app.dataSource.query('SELECT 1').catch((e: unknown) => e)) as Error;
      expect(error.message).toBe('Query read timeout');
      expect(performance.now() - started).toBeLessThan(queryTimeoutMs(STATEMENT_TIMEOUT_MS) + 500);
      expect(pool().totalCount).toBe(before - 1);
    });

    it.each(kinds)('answers %s 503 with Retry-After within the bound', (kind) => expectUnavailable('paused', kind));

    it('answers a burst of every kind 503, none hanging', () => expectBurstUnavailable('paused'));

    it('answers GET /health/ready 503 within the bound', () => expectNotReady('paused'));

    it('serves again once PostgreSQL answers', async () => {
      proxy.resume();
      await expectRecovered();
    });
  });

  describe('stopped (connections dropped, new ones refused)', () => {
    beforeAll(async () => {
      await Promise.all([1, 2, 3].map(() => app.dataSource.query('SELECT 1')));
      await proxy.kill();
    });

    it.each(kinds)('answers %s 503 with Retry-After within the bound', (kind) => expectUnavailable('killed', kind));

    it('answers a burst of every kind 503, none hanging', () => expectBurstUnavailable('killed'));

    it('answers GET /health/ready 503 within the bound', () => expectNotReady('killed'));

    it('serves again once PostgreSQL is back', async () => {
      await proxy.restart();
      await expectRecovered();
    });
  });
});
