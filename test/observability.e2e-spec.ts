import type { INestApplicationContext } from '@nestjs/common';
import { createWorkerApp } from '../apps/worker/src/create-worker-app.js';
import { WorkerHttp } from '../apps/worker/src/http/worker-http.js';
import { TicketEntity } from '../libs/database/src/index.js';
import { FlatJsonLogger } from '../libs/observability/src/index.js';
import { QueueName } from '../libs/queues/src/index.js';
import { freePort } from './support/processes.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

const METRICS_TOKEN = 'worker-metrics-token-for-tests';

describe('operations: health, metrics, queue dashboard, logs', () => {
  let app: TestApp;
  let s: Scenario;
  let worker: INestApplicationContext;
  let workerUrl: string;
  /** Every line the worker process's logger printed (Nest's logger is per process: the API's lines land here too). */
  const lines: string[] = [];

  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
    const port = await freePort();
    worker = await createWorkerApp({ ...app.env, WORKER_HTTP_PORT: String(port), METRICS_TOKEN }, new FlatJsonLogger('log', (line) => void lines.push(line)));
    workerUrl = `http://127.0.0.1:${worker.get(WorkerHttp).port}`;
  });
  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  it('answers the probes at the root and at the old /api/v1 paths, and GET / points the way', async () => {
    for (const base of ['', '/api/v1']) {
      expect((await app.http().get(`${base}/health/live`).expect(200)).body).toEqual({ status: 'ok' });
      expect((await app.http().get(`${base}/health/ready`).expect(200)).body).toEqual({
        status: 'ok',
        checks: { database: { status: 'up' }, redis: { status: 'up' } },
      });
    }
    // What curl sends: no text/html, so the console (when built) is not what it gets.
    const root = await app.http().get('/').set('Accept', '*/*').expect(200);
    expect(root.body).toMatchObject({ name: 'Tynda API', docs: '/docs', api: '/api/v1', health: { live: '/health/live', ready: '/health/ready' } });
  });

  it('API /metrics: runtime metrics, request durations by route template, queues, tickets by SLA state, intake lag', async () => {
    const t = await createTicket(app, s);
    await app.http().get(`/api/v1/tickets/${t.id}`).set(bearer(s.tokens.admin)).expect(200);
    const text = (await app.http().get('/metrics').expect(200)).text;
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toMatch(/tynda_http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/api\/v1\/tickets\/:id",status="200"\} 1/);
    expect(text).toMatch(/tynda_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/tickets",status="201"\} 1/);
    // The route's template, never the URL: no ticket id among the labels.
    expect(text).not.toContain(t.id);
    for (const queue of Object.values(QueueName)) expect(text).toMatch(new RegExp(`tynda_queue_jobs\\{queue="${queue}",state="failed"\\} 0`));
    expect(text).toMatch(/tynda_tickets_open\{sla_state="ok"\} 1\n/);
    expect(text).toContain('tynda_tickets_overdue 0\n');
    expect(text).toContain('tynda_intake_lag_seconds 0\n');
  });

  it('the worker serves its own /metrics (behind METRICS_TOKEN) and health, ready while its queues run', async () => {
    const t = await createTicket(app, s, { categoryCode: 'land' });
    await eventually(async () => (await app.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: t.id })).assigneeId !== null);
    expect(await (await fetch(`${workerUrl}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${workerUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' }, workers: { status: 'up' } } });
    expect((await fetch(`${workerUrl}/metrics`)).status).toBe(401);
    const scraped = await fetch(`${workerUrl}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toMatch(/tynda_jobs_total\{queue="assignment",name="assignment.auto",result="completed"\} [1-9]/);
    expect(text).toMatch(/tynda_job_duration_seconds_count\{queue="assignment",name="assignment.auto"\} [1-9]/);
    expect(text).toMatch(/tynda_queue_jobs\{queue="sla",state="delayed"\} \d+/);
    expect(text).toContain('# TYPE tynda_sla_steps_total counter');
    expect((await fetch(`${workerUrl}/nothing`)).status).toBe(404);
  });

  it('carries the request id into the job it caused, and every log line is one flat JSON object', async () => {
    const requestId = 'obs-request-42';
    const created = await app
      .http()
      .post('/api/v1/tickets')
      .set(bearer(s.tokens.pressMerki))
      .set('X-Request-Id', requestId)
      .send({ text: 'Жол жөндеу керек, шұңқыр көп', districtId: s.districts.merki.id, categoryCode: 'roads', author: { name: 'Ерлан' } });
    expect(created.status).toBe(201);
    expect(created.headers['x-request-id']).toBe(requestId);
    const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // The processor's own line names the request that caused its job.
    await eventually(async () => parsed().some((l) => l.msg === 'job completed' && l.requestId === requestId && l.queue === 'assignment'));
    const job = parsed().find((l) => l.msg === 'job completed' && l.requestId === requestId)!;
    expect(job).toMatchObject({
      level: 'log',
      context: 'AssignmentProcessor',
      job: 'assignment.auto',
      jobId: expect.any(String),
      durationMs: expect.any(Number),
    });
    for (const line of lines) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.trimEnd()).not.toContain('\n');
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(entry).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) });
      // Flat: no object nested under `message`, no `message` beside `msg`.
      expect(entry).not.toHaveProperty('message');
    }
  });

  it('opens Bull Board to admins only, through a short-lived HttpOnly cookie the console trades its token for', async () => {
    const anonymous = await app.http().get('/admin/queues/');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    await app.http().post('/api/v1/admin/queue-dashboard/session').expect(401);
    await app.http().post('/api/v1/admin/queue-dashboard/session').set(bearer(s.tokens.pressMerki)).expect(403);
    const opened = await app.http().post('/api/v1/admin/queue-dashboard/session').set(bearer(s.tokens.admin)).expect(200);
    expect(opened.body).toMatchObject({ url: '/admin/queues/', expiresAt: expect.any(String) });
    const cookie = opened.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^tynda_queues=[^;]+; Path=\/admin\/queues; Max-Age=900; HttpOnly; SameSite=Strict$/);
    const pass = cookie.split(';')[0]!;

    const page = await app.http().get('/admin/queues/').set('Cookie', pass).expect(200);
    expect(page.text).toContain('<title>Tynda queues</title>');
    // No third-party stylesheet (the policy would refuse it), and no framework banner.
    expect(page.text).not.toContain('fonts.googleapis.com');
    expect(page.headers).not.toHaveProperty('x-powered-by');
    // Its own scripts are files; only inline styles are allowed, and only under /admin/queues.
    expect(page.headers['content-security-policy']).toContain("script-src 'self';");
    expect(page.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    expect((await app.http().get('/health/live')).headers['content-security-policy']).toContain("style-src 'self';");
    const queues = await app.http().get('/admin/queues/api/queues').set('Cookie', pass).expect(200);
    expect((queues.body.queues as Array<{ name: string }>).map((q) => q.name).sort()).toEqual(Object.values(QueueName).sort());

    // Neither token stands in for the other.
    expect((await app.http().get('/admin/queues/').set('Cookie', `tynda_queues=${s.tokens.admin}`)).status).toBe(401);
    expect(
      (
        await app
          .http()
          .get('/api/v1/tickets')
          .set(bearer(decodeURIComponent(pass.slice('tynda_queues='.length))))
      ).status,
    ).toBe(401);
    // An admin demoted since: the pass ends with the session.
    const staffPass = await app.http().post('/api/v1/admin/queue-dashboard/session').set(bearer(s.tokens.staffLand1));
    expect(staffPass.status).toBe(403);
    await app.http().post('/api/v1/auth/logout').set(bearer(s.tokens.admin)).send({});
    expect((await app.http().get('/admin/queues/api/queues').set('Cookie', pass)).status).toBe(401);
    s.tokens.admin = await app.login('admin@test.kz', 'correct-horse-battery');
  });
});
