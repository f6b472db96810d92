import { TicketEntity, TicketEventEntity } from '../libs/database/src/index.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

/** A misrouted ticket goes back to the press secretaries in one action, its clock running on. */
describe('hand-back', () => {
  let app: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  const ticket = (id: string) => app.dataSource.getRepository(TicketEntity).findOneByOrFail({ id });
  const handBack = (id: string, token: string, body: object = { reason: 'Бұл біздің басқарманың мәселесі емес: жол учаскесі' }) =>
    app.http().post(`/api/v1/tickets/${id}/hand-back`).set(bearer(token)).send(body);

  it('returns an assigned ticket to the triage queue, without category, department or assignee, the clock untouched', async () => {
    const t = await createTicket(app, s, { categoryCode: 'land' });
    await eventually(async () => (await ticket(t.id)).assigneeId !== null);
    const before = await ticket(t.id);
    const holder = [s.users.staffLand1, s.users.staffLand2].find((u) => u.id === before.assigneeId)!;
    const token = holder === s.users.staffLand1 ? s.tokens.staffLand1 : s.tokens.staffLand2;

    const res = await handBack(t.id, token).expect(200);
    expect(res.body).toMatchObject({ status: 'new', categoryCode: null, departmentId: null, assigneeId: null });
    const after = await ticket(t.id);
    expect(after.firstResponseDueAt).toEqual(before.firstResponseDueAt);
    expect(after.resolutionDueAt).toEqual(before.resolutionDueAt);
    const [event] = await app.dataSource.getRepository(TicketEventEntity).find({ where: { ticketId: t.id, type: 'ticket.handed_back' } });
    expect(event).toMatchObject({
      fromStatus: 'assigned',
      toStatus: 'new',
      actorId: holder.id,
      payload: { reason: expect.stringContaining('емес'), departmentId: s.departments.land.id, categoryCode: 'land' },
    });

    const queue = await app.http().get('/api/v1/tickets?status=new').set(bearer(s.tokens.pressMerki)).expect(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(t.id);
    // Out of the department's reach now: the staff member no longer sees it.
    await app.http().get(`/api/v1/tickets/${t.id}`).set(bearer(token)).expect(404);
  });

  it('needs a reason, a department holding the ticket, and a role that works tickets', async () => {
    const t = await createTicket(app, s, { categoryCode: 'land' });
    await eventually(async () => (await ticket(t.id)).assigneeId !== null);
    expect((await handBack(t.id, s.tokens.headLand, { reason: '  ' }).expect(400)).body.message).toEqual(
      expect.arrayContaining([expect.stringMatching(/^reason must say why/)]),
    );
    await handBack(t.id, s.tokens.pressMerki).expect(403);
    await handBack(t.id, s.tokens.headRoads).expect(404);
    await handBack(t.id, s.tokens.headLand).expect(200);
    expect((await handBack(t.id, s.tokens.admin).expect(409)).body.message).toMatch(/only a ticket a department holds/);
  });
});
