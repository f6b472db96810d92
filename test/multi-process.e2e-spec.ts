import { createHmac } from 'node:crypto';
import request from 'supertest';
import { PageEntity, TicketEntity } from '../libs/database/src/index.js';
import { AppProcess, ensureServerBuilt, freePort } from './support/processes.js';
import { bearer, buildScenario, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

const APP_SECRET = 'tynda-multi-process-app-secret';
const PAGE_ID = '104538291276431';
const COMMENTS = 20;
const URGENT = 5;

/** A Facebook comment delivery, signed like Meta signs it. */
function facebookComment(commentId: string, message: string): { body: string; signature: string } {
  const at = Math.floor(Date.now() / 1000);
  const value = {
    from: { id: `9${commentId.slice(-6)}`, name: 'Тест Тұрғын' },
    item: 'comment',
    verb: 'add',
    post_id: `${PAGE_ID}_1`,
    comment_id: commentId,
    parent_id: `${PAGE_ID}_1`,
    created_time: at,
    message,
  };
  const body = JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: at, changes: [{ field: 'feed', value }] }] });
  return { body, signature: `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` };
}

/** A counter's samples summed over its label sets, from one process's scrape. */
function total(metricsText: string, name: string): number {
  return metricsText
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

/**
 * Two API processes and two worker processes (node dist/apps/.../main.js, as deployed) on one
 * PostgreSQL and one Redis (one queue prefix): each API listens on a port of its own, each worker
 * takes jobs from the same queues and serves its own /metrics and health. The test's in-process app
 * only creates the database and the users.
 */
describe('two API processes and two worker processes on one database and one Redis', () => {
  let app: TestApp;
  let s: Scenario;
  const apis: AppProcess[] = [];
  const workers: AppProcess[] = [];

  beforeAll(async () => {
    ensureServerBuilt();
    app = await TestApp.start({ env: { FACEBOOK_APP_SECRET: APP_SECRET, SLA_SWEEP_EVERY_MS: '500', INTAKE_RELAY_EVERY_MS: '300', LOG_LEVEL: 'log' } });
    s = await buildScenario(app);
    await app.dataSource
      .getRepository(PageEntity)
      .save({ channel: 'facebook', externalId: PAGE_ID, districtId: s.districts.merki.id, title: 'Меркі ауданының әкімдігі' });
    const env = { ...app.env, WORKER_HTTP_PORT: '0' };
    for (const i of [1, 2]) {
      const port = await freePort();
      apis.push(new AppProcess(`api ${i}`, 'api', { ...env, PORT: String(port) }, port));
    }
    for (const i of [1, 2]) {
      const port = await freePort();
      workers.push(new AppProcess(`worker ${i}`, 'worker', { ...env, WORKER_HTTP_PORT: String(port) }, port));
    }
    await Promise.all([...apis, ...workers].map((p) => p.ready()));
  }, 240_000);
  afterAll(async () => {
    await Promise.all([...apis, ...workers].map((p) => p.stop()));
    await app?.close();
  });

  const http = (i: number) => request(apis[i]!.url);
  const scrape = async (p: AppProcess) => (await fetch(`${p.url}/metrics`)).text();

  it('both APIs serve, on one set of sessions', async () => {
    for (const i of [0, 1]) {
      expect((await http(i).get('/health/ready').expect(200)).body.status).toBe('ok');
      // A token signed in on the first API works on the second: the session lives in PostgreSQL.
      expect((await http(i).get('/api/v1/auth/me').set(bearer(s.tokens.admin))).status).toBe(200);
    }
    for (const w of workers) expect(await (await fetch(`${w.url}/health/ready`)).json()).toMatchObject({ status: 'ok', checks: { workers: { status: 'up' } } });
  });

  it('makes one ticket of each comment, however many APIs it was delivered to', async () => {
    const deliveries = Array.from({ length: COMMENTS }, (_, i) => ({
      id: `${PAGE_ID}_77000${String(i).padStart(4, '0')}`,
      ...facebookComment(`${PAGE_ID}_77000${String(i).padStart(4, '0')}`, `Жол жөндеу керек, көше ${i}`),
    }));
    // Meta retries: the same delivery reaches both APIs at once.
    const answers = await Promise.all(
      deliveries.flatMap((d) =>
        [0, 1].map((i) => http(i).post('/webhooks/facebook').set({ 'Content-Type': 'application/json', 'X-Hub-Signature-256': d.signature }).send(d.body)),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const tickets = app.dataSource.getRepository(TicketEntity);
    await eventually(async () => (await tickets.countBy({ channel: 'facebook' })) === COMMENTS, 20_000);
    // Settled: nothing left in the inbox, and still one ticket per comment.
    await eventually(
      async () => Number((await app.dataSource.query(`SELECT count(*) AS n FROM inbox_deliveries WHERE processed_at IS NULL`))[0].n) === 0,
      20_000,
    );
    const perComment = (await app.dataSource.query(
      `SELECT external_id, count(*)::int AS n FROM tickets WHERE channel = 'facebook' GROUP BY external_id`,
    )) as Array<{ external_id: string; n: number }>;
    expect(perComment.map((r) => r.external_id).sort()).toEqual(deliveries.map((d) => d.id).sort());
    expect(perComment.every((r) => r.n === 1)).toBe(true);
  });

  it('takes each SLA step once, with two workers racing for it', async () => {
    await http(1)
      .post('/api/v1/sla-policies')
      .set(bearer(s.tokens.admin))
      .send({ name: 'Urgent (test)', priority: 'urgent', firstResponse: 'PT3S', resolution: 'PT1H', warningRatio: 0.5, escalateAfter: 'PT2S' })
      .expect(201);
    const ids: string[] = [];
    for (let i = 0; i < URGENT; i++) {
      // Alternately on each API.
      const created = await http(i % 2)
        .post('/api/v1/tickets')
        .set(bearer(s.tokens.pressMerki))
        .send({ text: `Су жоқ, шұғыл ${i}`, districtId: s.districts.merki.id, priority: 'urgent', author: { name: 'Айгүл' } })
        .expect(201);
      await http((i + 1) % 2)
        .post(`/api/v1/tickets/${created.body.id}/assign`)
        .set(bearer(s.tokens.admin))
        .send({ assigneeId: s.users.staffLand1.id })
        .expect(200);
      ids.push(created.body.id as string);
    }
    const tickets = app.dataSource.getRepository(TicketEntity);
    await eventually(async () => (await Promise.all(ids.map((id) => tickets.findOneByOrFail({ id })))).every((t) => t.escalationLevel === 2), 20_000);
    const steps = (await app.dataSource.query(
      `SELECT ticket_id, type, count(*)::int AS n FROM ticket_events WHERE ticket_id = ANY($1) AND type IN ('sla.warning', 'sla.breached', 'sla.escalated') GROUP BY 1, 2`,
      [ids],
    )) as Array<{ ticket_id: string; type: string; n: number }>;
    // Warning, breach and level two for each ticket, each exactly once.
    expect(steps).toHaveLength(URGENT * 3);
    expect(steps.every((r) => r.n === 1)).toBe(true);
    // And the workers' own counters, read from their /metrics, agree: together they took as many steps as the tickets show, and both worked.
    const scrapes = await Promise.all(workers.map(scrape));
    expect(scrapes.reduce((n, text) => n + total(text, 'tynda_sla_steps_total'), 0)).toBe(URGENT * 3);
    for (const text of scrapes) expect(total(text, 'tynda_jobs_total')).toBeGreaterThan(0);
  });

  it('logs one flat JSON object per line in every process, the request id following the job from an API to a worker', async () => {
    const requestId = 'multi-process-request-1';
    await http(1)
      .post('/api/v1/tickets')
      .set(bearer(s.tokens.pressMerki))
      .set('X-Request-Id', requestId)
      .send({ text: 'Көшеде жол жоқ', districtId: s.districts.merki.id, categoryCode: 'roads', author: { name: 'Ерлан' } })
      .expect(201);
    const parsed = (p: AppProcess) => p.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    await eventually(async () => workers.some((w) => parsed(w).some((l) => l.msg === 'job completed' && l.requestId === requestId)), 15_000);
    expect(parsed(apis[1]!)).toContainEqual(expect.objectContaining({ msg: 'request', requestId, method: 'POST', route: '/api/v1/tickets', status: 201 }));
    for (const p of [...apis, ...workers]) {
      for (const entry of parsed(p)) {
        expect(entry).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String), pid: expect.any(Number) });
        expect(entry).not.toHaveProperty('message');
      }
    }
  });
});
