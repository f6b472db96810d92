import { Redis } from 'ioredis';
import { NotificationEntity, TicketEntity, TicketEventEntity } from '../libs/database/src/index.js';
import { QueueName } from '../libs/queues/src/index.js';
import { TestApp, eventually } from './support/test-app.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';

const sleepUntil = (at: Date) => new Promise((r) => setTimeout(r, Math.max(0, at.getTime() - Date.now())));

/**
 * A policy of a few seconds for urgent tickets, on the round-the-clock calendar: a ticket warns at
 * 1.5 s, breaches its first-response target at 3 s and reaches the governor's office 2 s later.
 */
describe('SLA engine', () => {
  let app: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { SLA_SWEEP_EVERY_MS: '500' } });
    s = await buildScenario(app);
    const policy = await app
      .http()
      .post('/api/v1/sla-policies')
      .set(bearer(s.tokens.admin))
      .send({ name: 'Urgent (test)', priority: 'urgent', firstResponse: 'PT3S', resolution: 'PT1H', warningRatio: 0.5, escalateAfter: 'PT2S' });
    expect(policy.status).toBe(201);
  });
  afterAll(() => app.close());

  const ticket = (id: string) => app.dataSource.getRepository(TicketEntity).findOneByOrFail({ id });
  const events = (ticketId: string, type: string) =>
    app.dataSource.getRepository(TicketEventEntity).find({ where: { ticketId, type: type as TicketEventEntity['type'] }, order: { id: 'ASC' } });
  const notifications = (ticketId: string) => app.dataSource.getRepository(NotificationEntity).find({ where: { ticketId } });
  const urgentTicket = async (assignee = s.users.staffLand1) => {
    const t = await createTicket(app, s, { priority: 'urgent' });
    await app.http().post(`/api/v1/tickets/${t.id}/assign`).set(bearer(s.tokens.admin)).send({ assigneeId: assignee.id }).expect(200);
    return ticket(t.id);
  };
  /** Who got which SLA notification, as sorted "email kind step" lines. */
  const slaNotices = async (ticketId: string) => {
    const byId = new Map(Object.values(s.users).map((u) => [u.id, u.email]));
    return (await notifications(ticketId))
      .filter((n) => n.kind.startsWith('sla.'))
      .map((n) => `${byId.get(n.userId)} ${n.kind} ${n.step}`)
      .sort();
  };

  it('times a ticket from receivedAt with the most specific policy', async () => {
    const t = await urgentTicket();
    expect(t.firstResponseDueAt!.getTime() - t.receivedAt.getTime()).toBe(3000);
    expect(t.resolutionDueAt!.getTime() - t.receivedAt.getTime()).toBe(3_600_000);
    const normal = await createTicket(app, s);
    const view = await app.http().get(`/api/v1/tickets/${normal.id}`).set(bearer(s.tokens.admin));
    // The default policy: P1D / P15D round the clock until an admin sets a calendar.
    expect(new Date(view.body.sla.firstResponseDueAt).getTime() - new Date(view.body.receivedAt).getTime()).toBe(86_400_000);
    expect(view.body.sla).toMatchObject({ state: 'ok', pausedSeconds: 0, policyId: expect.any(String) });
  });

  it('warns, breaches on time, escalates to level 2 after escalateAfter, and notifies each person once', async () => {
    const t = await urgentTicket();
    await eventually(async () => (await ticket(t.id)).escalationLevel === 2, 10_000);
    const [breach] = await events(t.id, 'sla.breached');
    const [escalation] = await events(t.id, 'sla.escalated');
    expect(await events(t.id, 'sla.breached')).toHaveLength(1);
    expect(await events(t.id, 'sla.escalated')).toHaveLength(1);
    const lateMs = breach!.createdAt.getTime() - t.firstResponseDueAt!.getTime();
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(1000);
    expect(breach!.payload).toMatchObject({ step: 'first_response.breach', clock: 'first_response', escalationLevel: 1 });
    const levelTwoLate = escalation!.createdAt.getTime() - (t.firstResponseDueAt!.getTime() + 2000);
    expect(levelTwoLate).toBeGreaterThanOrEqual(0);
    expect(levelTwoLate).toBeLessThan(1000);
    const after = await ticket(t.id);
    expect(after).toMatchObject({ slaState: 'breached', escalationLevel: 2 });
    expect(after.firstResponseBreachedAt).toEqual(t.firstResponseDueAt);
    expect(await slaNotices(t.id)).toEqual([
      'governor@test.kz sla.escalated level_two',
      'head.land@test.kz sla.breached first_response.breach',
      'press.merki@test.kz sla.breached first_response.breach',
      'staff1.land@test.kz sla.warning first_response.warning',
    ]);
    const view = await app.http().get(`/api/v1/tickets/${t.id}`).set(bearer(s.tokens.governor));
    expect(view.body).toMatchObject({ escalationLevel: 2, sla: { state: 'breached', firstResponseBreachedAt: t.firstResponseDueAt!.toISOString() } });
  });

  it('shows notifications to their recipient only and marks them read', async () => {
    const t = await urgentTicket();
    await eventually(async () => (await ticket(t.id)).escalationLevel === 2, 10_000);
    const list = await app.http().get('/api/v1/notifications?unread=true').set(bearer(s.tokens.governor));
    const mine = list.body.items.find((n: { ticketId: string }) => n.ticketId === t.id);
    expect(mine).toMatchObject({ kind: 'sla.escalated', ticketId: t.id, ticketReference: t.reference, readAt: null });
    expect((await app.http().post(`/api/v1/notifications/${mine.id}/read`).set(bearer(s.tokens.headLand))).status).toBe(404);
    const read = await app.http().post(`/api/v1/notifications/${mine.id}/read`).set(bearer(s.tokens.governor));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ ticketReference: t.reference, readAt: expect.any(String) });
    const unread = await app.http().get('/api/v1/notifications?unread=true&limit=200').set(bearer(s.tokens.governor));
    expect(unread.body.items.some((n: { id: string }) => n.id === mine.id)).toBe(false);
    const assigned = await app.http().get('/api/v1/notifications').set(bearer(s.tokens.staffLand1));
    expect(assigned.body.items.some((n: { kind: string; ticketId: string }) => n.kind === 'ticket.assigned' && n.ticketId === t.id)).toBe(true);
  });

  it('marks a ticket answered and resolved in time as met and never escalates it', async () => {
    const t = await urgentTicket();
    const staff = bearer(s.tokens.staffLand1);
    await app.http().post(`/api/v1/tickets/${t.id}/replies`).set(staff).send({ body: 'Сәлеметсіз бе! Бригада жолда.', visibility: 'public' }).expect(201);
    const resolved = await app.http().post(`/api/v1/tickets/${t.id}/transitions`).set(staff).send({ to: 'resolved' });
    expect(resolved.body.sla.state).toBe('met');
    await sleepUntil(new Date(t.firstResponseDueAt!.getTime() + 2500));
    await app.drain(QueueName.sla);
    expect(await events(t.id, 'sla.breached')).toHaveLength(0);
    expect(await ticket(t.id)).toMatchObject({ slaState: 'met', escalationLevel: 0 });
  });

  it('pauses while awaiting the resident and shifts the due times by the pause', async () => {
    const t = await urgentTicket();
    const staff = bearer(s.tokens.staffLand1);
    const paused = await app.http().post(`/api/v1/tickets/${t.id}/transitions`).set(staff).send({ to: 'awaiting_resident' });
    expect(paused.body.sla.state).toBe('paused');
    // Past the first-response due instant while paused: no breach.
    await sleepUntil(new Date(t.firstResponseDueAt!.getTime() + 1000));
    await app.drain(QueueName.sla);
    expect(await events(t.id, 'sla.breached')).toHaveLength(0);
    const resumed = await app.http().post(`/api/v1/tickets/${t.id}/transitions`).set(staff).send({ to: 'in_progress' });
    const pausedSeconds = resumed.body.sla.pausedSeconds as number;
    expect(pausedSeconds).toBeGreaterThanOrEqual(3);
    expect(pausedSeconds).toBeLessThanOrEqual(5);
    expect(new Date(resumed.body.sla.firstResponseDueAt).getTime() - t.firstResponseDueAt!.getTime()).toBe(pausedSeconds * 1000);
    expect(new Date(resumed.body.sla.resolutionDueAt).getTime() - t.resolutionDueAt!.getTime()).toBe(pausedSeconds * 1000);
    expect(resumed.body.sla.state).not.toBe('paused');
    // The shifted due instant still breaches, once, on time.
    await eventually(async () => (await events(t.id, 'sla.breached')).length === 1, 10_000);
    const [breach] = await events(t.id, 'sla.breached');
    expect(breach!.createdAt.getTime() - new Date(resumed.body.sla.firstResponseDueAt).getTime()).toBeLessThan(1000);
  });

  it('re-times open tickets when a policy changes', async () => {
    const t = await createTicket(app, s, { text: 'Дорога разбита', priority: 'high' });
    const policy = await app
      .http()
      .post('/api/v1/sla-policies')
      .set(bearer(s.tokens.admin))
      .send({ name: 'High', priority: 'high', firstResponse: 'PT2H', resolution: 'P2D' });
    expect(policy.status).toBe(201);
    await eventually(async () => (await ticket(t.id)).slaPolicyId === policy.body.id, 10_000);
    const retimed = await ticket(t.id);
    expect(retimed.firstResponseDueAt!.getTime() - retimed.receivedAt.getTime()).toBe(2 * 3600 * 1000);
    expect((await events(t.id, 'sla.timed'))[0]!.payload).toMatchObject({ after: { policyId: policy.body.id } });
    const changed = await app.http().patch(`/api/v1/sla-policies/${policy.body.id}`).set(bearer(s.tokens.admin)).send({ firstResponse: 'PT4H' });
    expect(changed.status).toBe(200);
    await eventually(async () => (await ticket(t.id)).firstResponseDueAt!.getTime() - retimed.receivedAt.getTime() === 4 * 3600 * 1000, 10_000);
  });

  it('refuses to delete the default policy', async () => {
    const list = await app.http().get('/api/v1/sla-policies?limit=200').set(bearer(s.tokens.admin));
    const fallback = list.body.items.find((p: { isDefault: boolean }) => p.isDefault);
    const res = await app.http().delete(`/api/v1/sla-policies/${fallback.id}`).set(bearer(s.tokens.admin));
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/default SLA policy cannot be deleted/);
  });

  it('takes each step once with two worker processes', async () => {
    await app.startWorker();
    const tickets = await Promise.all([1, 2, 3, 4, 5].map(() => urgentTicket()));
    await eventually(async () => (await Promise.all(tickets.map((t) => ticket(t.id)))).every((t) => t.escalationLevel === 2), 12_000);
    for (const t of tickets) {
      expect(await events(t.id, 'sla.warning')).toHaveLength(1);
      expect(await events(t.id, 'sla.breached')).toHaveLength(1);
      expect(await events(t.id, 'sla.escalated')).toHaveLength(1);
      expect(await slaNotices(t.id)).toHaveLength(4);
    }
    await app.stopWorkers();
    await app.startWorker();
  });

  it('applies a breach whose timer was lost when Redis was flushed, once', async () => {
    await app.stopWorkers();
    const t = await urgentTicket();
    // Every timer of this test's queues is gone, as after a Redis flush.
    const redis = new Redis(app.env.REDIS_URL);
    const keys = await redis.keys(`${app.env.QUEUE_PREFIX}:sla:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await sleepUntil(new Date(t.firstResponseDueAt!.getTime() + 500));
    expect(await events(t.id, 'sla.breached')).toHaveLength(0);
    await app.startWorker();
    await eventually(async () => (await events(t.id, 'sla.breached')).length === 1, 10_000);
    await eventually(async () => (await ticket(t.id)).escalationLevel === 2, 10_000);
    await app.drain(QueueName.sla);
    expect(await events(t.id, 'sla.breached')).toHaveLength(1);
    expect(await events(t.id, 'sla.escalated')).toHaveLength(1);
    expect(await slaNotices(t.id)).toHaveLength(4);
  });
});
