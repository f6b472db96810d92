import { TestApp } from './support/test-app.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';

type UserKey = keyof Scenario['tokens'];

/**
 * The role/scope matrix on one triaged Merki land ticket assigned to staffLand1:
 * 404 out of scope (existence not revealed), 403 for an action the role never has.
 */
describe('roles and scopes', () => {
  let app: TestApp;
  let s: Scenario;
  let ticketId: string;

  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  beforeEach(async () => {
    const t = await createTicket(app, s);
    await app.http().post(`/api/v1/tickets/${t.id}/triage`).set(bearer(s.tokens.pressMerki)).send({ categoryCode: 'land' }).expect(200);
    await app.http().post(`/api/v1/tickets/${t.id}/assign`).set(bearer(s.tokens.admin)).send({ assigneeId: s.users.staffLand1.id }).expect(200);
    ticketId = t.id;
  });

  const as = (who: UserKey) => ({
    get: () => app.http().get(`/api/v1/tickets/${ticketId}`).set(bearer(s.tokens[who])),
    events: () => app.http().get(`/api/v1/tickets/${ticketId}/events`).set(bearer(s.tokens[who])),
    triage: () => app.http().post(`/api/v1/tickets/${ticketId}/triage`).set(bearer(s.tokens[who])).send({ priority: 'high' }),
    assign: () => app.http().post(`/api/v1/tickets/${ticketId}/assign`).set(bearer(s.tokens[who])).send({ assigneeId: s.users.staffLand2.id }),
    reply: () => app.http().post(`/api/v1/tickets/${ticketId}/replies`).set(bearer(s.tokens[who])).send({ body: 'Жауап', visibility: 'public' }),
    note: () => app.http().post(`/api/v1/tickets/${ticketId}/replies`).set(bearer(s.tokens[who])).send({ body: 'Ескерту', visibility: 'internal' }),
    transition: () => app.http().post(`/api/v1/tickets/${ticketId}/transitions`).set(bearer(s.tokens[who])).send({ to: 'in_progress' }),
    list: () => app.http().get('/api/v1/tickets?limit=200').set(bearer(s.tokens[who])),
  });

  // Expected status per role and action. triage answers 409 where allowed: the ticket is already assigned.
  const matrix: Array<[UserKey, Record<string, number>]> = [
    ['admin', { get: 200, events: 200, triage: 409, assign: 200, reply: 201, note: 201, transition: 200 }],
    ['governor', { get: 200, events: 200, triage: 403, assign: 403, reply: 403, note: 201, transition: 403 }],
    ['pressMerki', { get: 200, events: 200, triage: 409, assign: 403, reply: 201, note: 201, transition: 200 }],
    ['pressZhualy', { get: 404, events: 404, triage: 404, assign: 403, reply: 404, note: 404, transition: 404 }],
    ['headLand', { get: 200, events: 200, triage: 403, assign: 200, reply: 201, note: 201, transition: 200 }],
    ['headRoads', { get: 404, events: 404, triage: 403, assign: 404, reply: 404, note: 404, transition: 404 }],
    ['staffLand1', { get: 200, events: 200, triage: 403, assign: 403, reply: 201, note: 201, transition: 200 }],
    ['staffLand2', { get: 404, events: 404, triage: 403, assign: 403, reply: 404, note: 404, transition: 404 }],
    ['staffRoads', { get: 404, events: 404, triage: 403, assign: 403, reply: 404, note: 404, transition: 404 }],
  ];

  it.each(matrix)('%s gets the expected status for every action', async (who, expected) => {
    const actions = as(who);
    const actual: Record<string, number> = {};
    // Each action runs on a fresh ticket so one action's effect cannot change the next one's answer.
    for (const action of Object.keys(expected)) {
      const res = await actions[action as keyof typeof actions]();
      actual[action] = res.status;
      if (res.status === 404) expect(res.body.message).toBe(`ticket ${ticketId} not found`);
      if (res.status === 403) expect(res.body.message).toMatch(/may not|needs one of the roles/);
      const t = await createTicket(app, s);
      await app.http().post(`/api/v1/tickets/${t.id}/triage`).set(bearer(s.tokens.pressMerki)).send({ categoryCode: 'land' }).expect(200);
      await app.http().post(`/api/v1/tickets/${t.id}/assign`).set(bearer(s.tokens.admin)).send({ assigneeId: s.users.staffLand1.id }).expect(200);
      ticketId = t.id;
    }
    expect(actual).toEqual(expected);
  });

  it('scopes the list: each role sees only its tickets', async () => {
    const ids = async (who: UserKey) => new Set(((await as(who).list()).body.items as Array<{ id: string }>).map((t) => t.id));
    expect((await ids('pressMerki')).has(ticketId)).toBe(true);
    expect((await ids('pressZhualy')).has(ticketId)).toBe(false);
    expect((await ids('headLand')).has(ticketId)).toBe(true);
    expect((await ids('headRoads')).size).toBe(0);
    expect((await ids('staffLand1')).has(ticketId)).toBe(true);
    expect((await ids('staffLand2')).has(ticketId)).toBe(false);
    expect((await ids('governor')).has(ticketId)).toBe(true);
  });

  it('lets press secretaries see and triage tickets of unknown district, but not move them into another district', async () => {
    const t = await createTicket(app, s, { districtId: undefined });
    expect(t.districtId).toBeNull();
    expect((await app.http().get(`/api/v1/tickets/${t.id}`).set(bearer(s.tokens.pressZhualy))).status).toBe(200);
    const wrong = await app.http().post(`/api/v1/tickets/${t.id}/triage`).set(bearer(s.tokens.pressZhualy)).send({ districtId: s.districts.merki.id });
    expect(wrong.status).toBe(403);
    const right = await app
      .http()
      .post(`/api/v1/tickets/${t.id}/triage`)
      .set(bearer(s.tokens.pressZhualy))
      .send({ districtId: s.districts.zhualy.id, categoryCode: 'land' });
    expect(right.status).toBe(200);
    expect((await app.http().get(`/api/v1/tickets/${t.id}`).set(bearer(s.tokens.pressMerki))).status).toBe(404);
  });

  it('keeps reference-data writes for admins', async () => {
    const body = { code: 'talas', nameKk: 'Талас ауданы', nameRu: 'Таласский район' };
    const denied = await app.http().post('/api/v1/districts').set(bearer(s.tokens.governor)).send(body);
    expect(denied.status).toBe(403);
    expect(denied.body.message).toBe('this action needs one of the roles: admin');
    expect((await app.http().get('/api/v1/districts').set(bearer(s.tokens.staffRoads))).status).toBe(200);
    expect((await app.http().post('/api/v1/districts').set(bearer(s.tokens.admin)).send(body)).status).toBe(201);
  });
});
