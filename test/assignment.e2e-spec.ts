import { TicketEntity, TicketEventEntity } from '../libs/database/src/index.js';
import { QueueName, QueueProducer } from '../libs/queues/src/index.js';
import { TestApp, eventually } from './support/test-app.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';

describe('assignment worker', () => {
  let app: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  const ticket = (id: string) => app.dataSource.getRepository(TicketEntity).findOneByOrFail({ id });
  const assignedEvents = (ticketId: string) => app.dataSource.getRepository(TicketEventEntity).countBy({ ticketId, type: 'ticket.assigned' });
  const triage = (id: string, body: object = { categoryCode: 'land' }) =>
    app.http().post(`/api/v1/tickets/${id}/triage`).set(bearer(s.tokens.pressMerki)).send(body).expect(200);

  it('gives a triaged ticket to the least-loaded active member of the category department', async () => {
    // staffLand1 already holds two open tickets; staffLand2 one; the head none but staff come first at equal load only.
    for (const assignee of [s.users.staffLand1, s.users.staffLand1, s.users.staffLand2]) {
      const t = await createTicket(app, s);
      await app.http().post(`/api/v1/tickets/${t.id}/assign`).set(bearer(s.tokens.admin)).send({ assigneeId: assignee.id }).expect(200);
    }
    const t = await createTicket(app, s);
    await triage(t.id);
    await eventually(async () => (await ticket(t.id)).assigneeId !== null);
    const assigned = await ticket(t.id);
    expect(assigned.status).toBe('assigned');
    expect(assigned.departmentId).toBe(s.departments.land.id);
    expect(assigned.assigneeId).toBe(s.users.headLand.id);

    const next = await createTicket(app, s);
    await triage(next.id);
    await eventually(async () => (await ticket(next.id)).assigneeId !== null);
    // Now head and staffLand2 hold one each: the staff member is preferred at equal load.
    expect((await ticket(next.id)).assigneeId).toBe(s.users.staffLand2.id);
    const events = await app.http().get(`/api/v1/tickets/${next.id}/events`).set(bearer(s.tokens.headLand));
    expect(events.body.items.at(-1)).toMatchObject({
      type: 'ticket.assigned',
      actorId: null,
      from: 'triaged',
      to: 'assigned',
      payload: { automatic: true, assigneeId: s.users.staffLand2.id, openTickets: 1 },
    });
  });

  it('assigns exactly once when the same job runs twice', async () => {
    const t = await createTicket(app, s, { text: 'Жол бұзылған, дорога разбита' });
    await triage(t.id, { categoryCode: 'roads' });
    await eventually(async () => (await ticket(t.id)).assigneeId !== null);
    const first = await ticket(t.id);
    // Redelivery of the same job (BullMQ delivers at least once), under fresh ids so Redis accepts them.
    const producer = app.api.get(QueueProducer);
    for (const copy of ['dup-a', 'dup-b']) {
      await producer.enqueue(QueueName.assignment, 'assignment.auto', { ticketId: t.id, reason: 'triaged' }, { jobId: `${copy}-${t.id}` });
    }
    await app.drain(QueueName.assignment);
    const after = await ticket(t.id);
    expect(after.assigneeId).toBe(first.assigneeId);
    expect(after.version).toBe(first.version);
    expect(await assignedEvents(t.id)).toBe(1);
  });

  it('lets a manual assignment win over a pending automatic one', async () => {
    await app.stopWorkers();
    const t = await createTicket(app, s);
    await triage(t.id);
    const manual = await app.http().post(`/api/v1/tickets/${t.id}/assign`).set(bearer(s.tokens.headLand)).send({ assigneeId: s.users.staffLand1.id });
    expect(manual.status).toBe(200);
    await app.startWorker();
    await app.drain(QueueName.assignment);
    expect((await ticket(t.id)).assigneeId).toBe(s.users.staffLand1.id);
    expect(await assignedEvents(t.id)).toBe(1);
  });

  it('leaves a ticket in triage when its department has no active member', async () => {
    const { departments } = s;
    await app.dataSource.query(`UPDATE users SET active = false WHERE department_id = $1`, [departments.roads.id]);
    const t = await createTicket(app, s, { text: 'Дорога разбита' });
    await triage(t.id, { categoryCode: 'roads' });
    await app.drain(QueueName.assignment);
    const still = await ticket(t.id);
    expect(still.status).toBe('triaged');
    expect(still.assigneeId).toBeNull();
  });

  it('refuses a manual assignee outside the ticket department', async () => {
    const t = await createTicket(app, s);
    await triage(t.id);
    const res = await app.http().post(`/api/v1/tickets/${t.id}/assign`).set(bearer(s.tokens.headLand)).send({ assigneeId: s.users.pressMerki.id });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/not an active member of a department/);
  });
});
