import { Queue } from 'bullmq';
import { TicketEntity, TicketEventEntity } from '../libs/database/src/index.js';
import { QueueName } from '../libs/queues/src/index.js';
import { RedisServer } from './support/redis-server.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

const SWEEP_MS = 2000;
const OPEN311_KEY = 'redis-outage-key';

/**
 * The API and the worker on a Redis of the test's own, which the test flushes and kills as an
 * operator's bad day would: nothing committed may wait for Redis, be lost with it, or stop a clock.
 */
describe('Redis outages', () => {
  let redis: RedisServer;
  let app: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    redis = await RedisServer.start();
    app = await TestApp.start({
      worker: true,
      env: {
        REDIS_URL: redis.url,
        SLA_SWEEP_EVERY_MS: String(SWEEP_MS),
        SCHEDULE_CHECK_EVERY_MS: '500',
        OUTBOX_RELAY_EVERY_MS: '300',
        OPEN311_API_KEYS: OPEN311_KEY,
      },
    });
    s = await buildScenario(app);
    await app
      .http()
      .post('/api/v1/sla-policies')
      .set(bearer(s.tokens.admin))
      .send({ name: 'One minute (test)', priority: 'urgent', firstResponse: 'PT1M', resolution: 'PT1H' })
      .expect(201);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await redis?.kill();
  });

  const ticket = (id: string) => app.dataSource.getRepository(TicketEntity).findOneByOrFail({ id });
  const breaches = (ticketId: string) => app.dataSource.getRepository(TicketEventEntity).find({ where: { ticketId, type: 'sla.breached' } });
  const outboxRows = async () =>
    (await app.dataSource.query(`SELECT queue, name, data FROM job_outbox`)) as Array<{ queue: string; name: string; data: Record<string, unknown> }>;
  const scheduler = async (queue: QueueName, id: string) => {
    const q = new Queue(queue, { connection: { url: redis.url }, prefix: app.env.QUEUE_PREFIX });
    try {
      return await q.getJobScheduler(id);
    } finally {
      await q.close();
    }
  };

  it('a flush while the worker runs: the sweeps come back, a ticket due a minute later is breached on time, a triaged ticket is assigned', async () => {
    await eventually(async () => Boolean(await scheduler(QueueName.sla, 'sla-sweep')), 10_000);
    // Received 52 s ago on a one-minute policy: due in 8 s, its timer set in Redis at creation.
    const t = await createTicket(app, s, { priority: 'urgent', receivedAt: new Date(Date.now() - 52_000).toISOString() });
    const dueAt = new Date((await ticket(t.id)).firstResponseDueAt!).getTime();

    await redis.flushAll();
    expect(await scheduler(QueueName.sla, 'sla-sweep')).toBeUndefined();

    // Restored by the worker itself, with no restart, all three sweeps.
    await eventually(async () => Boolean(await scheduler(QueueName.sla, 'sla-sweep')), 5_000);
    await eventually(async () => Boolean(await scheduler(QueueName.assignment, 'assignment-sweep')), 5_000);
    await eventually(async () => Boolean(await scheduler(QueueName.outbound, 'outbound-sweep')), 5_000);

    await eventually(async () => (await breaches(t.id)).length > 0, dueAt - Date.now() + 3 * SWEEP_MS);
    const [breach, ...more] = await breaches(t.id);
    expect(more).toHaveLength(0);
    const lateness = breach!.createdAt.getTime() - dueAt;
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThanOrEqual(SWEEP_MS);

    const routed = await createTicket(app, s, { categoryCode: 'land' });
    await eventually(async () => (await ticket(routed.id)).assigneeId !== null, 10_000);
  }, 45_000);

  it('Redis down: writes answer at once, their jobs wait in the outbox and run once Redis is back', async () => {
    const waiting = await createTicket(app, s);
    await redis.kill();

    const started = Date.now();
    const created = await app
      .http()
      .post('/api/v1/tickets')
      .set(bearer(s.tokens.pressMerki))
      .send({ text: 'Жол бұзылған, көпір құлап жатыр', districtId: s.districts.merki.id, author: { name: 'Ерлан' }, categoryCode: 'land' });
    expect(created.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(2000);

    const triageStarted = Date.now();
    await app.http().post(`/api/v1/tickets/${waiting.id}/triage`).set(bearer(s.tokens.pressMerki)).send({ categoryCode: 'roads' }).expect(200);
    expect(Date.now() - triageStarted).toBeLessThan(2000);

    const open311Started = Date.now();
    const filed = await app
      .http()
      .post('/open311/v2/requests.json')
      .type('form')
      .send({ api_key: OPEN311_KEY, service_code: 'land', description: 'Жер учаскесі бойынша дау', address_string: 'Тараз' });
    expect(filed.status).toBe(201);
    expect(Date.now() - open311Started).toBeLessThan(2000);

    const staged = await outboxRows();
    expect(staged.map((r) => `${r.queue}/${r.name}`).sort()).toEqual([
      'assignment/assignment.auto',
      'assignment/assignment.auto',
      'assignment/assignment.auto',
    ]);
    expect(staged.map((r) => r.data.ticketId)).toEqual(expect.arrayContaining([created.body.id, waiting.id]));

    // Back, and empty: the worker reconnects, the relay hands the outbox over, the sweeps are restored.
    await redis.restart();
    await eventually(async () => (await ticket(created.body.id)).assigneeId !== null && (await ticket(waiting.id)).assigneeId !== null, 15_000);
    await eventually(async () => (await outboxRows()).length === 0, 5_000);
    await eventually(async () => Boolean(await scheduler(QueueName.sla, 'sla-sweep')), 5_000);
    const filedTicket = await app.dataSource.getRepository(TicketEntity).findOneByOrFail({ channel: 'open311' });
    await eventually(async () => (await ticket(filedTicket.id)).assigneeId !== null, 5_000);
  }, 60_000);
});
