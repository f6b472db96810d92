import { MAX_BULK_TICKETS } from '../libs/domain/src/index.js';
import { TicketEntity, TicketEventEntity } from '../libs/database/src/index.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

interface Created {
  id: string;
  version: number;
}

/** The triage desk's bulk actions: many tickets, one action, each ticket through its single path (issue 14). */
describe('bulk triage and bulk "not a request" (POST /tickets/bulk-triage, /tickets/bulk-reject)', () => {
  let app: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  const ticket = (id: string) => app.dataSource.getRepository(TicketEntity).findOneByOrFail({ id });
  const post = (action: 'triage' | 'reject', token: string, body: object) => app.http().post(`/api/v1/tickets/bulk-${action}`).set(bearer(token)).send(body);
  const refs = (tickets: Created[]) => tickets.map((t) => ({ id: t.id, version: t.version }));
  const merkiTickets = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => createTicket(app, s, { text: `Жол бұзылған, №${i + 1} көше` })));
  const zhualyTicket = async (): Promise<Created> =>
    (
      await app
        .http()
        .post('/api/v1/tickets')
        .set(bearer(s.tokens.pressZhualy))
        .send({ text: 'Жуалыда жарық жоқ', districtId: s.districts.zhualy.id, author: { name: 'Нұрлан' } })
        .expect(201)
    ).body;

  it('triages three tickets to one category, its department and a priority, each as the single action would (events, assignment job)', async () => {
    const three = await merkiTickets(3);
    const res = await post('triage', s.tokens.pressMerki, { tickets: refs(three), categoryCode: 'land', priority: 'high' }).expect(200);
    expect(res.body).toEqual({ results: three.map((t) => ({ id: t.id, ok: true, version: 2 })) });
    for (const t of three) {
      expect(await ticket(t.id)).toMatchObject({ categoryCode: 'land', departmentId: s.departments.land.id, priority: 'high' });
      const events = await app.dataSource.getRepository(TicketEventEntity).find({ where: { ticketId: t.id, type: 'ticket.triaged' } });
      expect(events).toEqual([expect.objectContaining({ actorId: s.users.pressMerki.id, fromStatus: 'new', toStatus: 'triaged' })]);
    }
    // The assignment job each triage stages reaches the worker: every ticket gets a member of the department.
    await eventually(async () => (await Promise.all(three.map((t) => ticket(t.id)))).every((t) => t.status === 'assigned' && t.assigneeId !== null));
  });

  it('reports a stale version and an out-of-scope ticket in their results without failing the others', async () => {
    const [first, stale, last] = await merkiTickets(3);
    const theirs = await zhualyTicket();
    // Someone else changed it after the list was loaded: it is at version 2 now.
    await app.http().post(`/api/v1/tickets/${stale!.id}/triage`).set(bearer(s.tokens.admin)).send({ priority: 'urgent', categoryCode: 'roads' }).expect(200);

    const res = await post('triage', s.tokens.pressMerki, { tickets: refs([first!, stale!, theirs, last!]), categoryCode: 'land' }).expect(200);
    expect(res.body.results).toEqual([
      { id: first!.id, ok: true, version: 2 },
      { id: stale!.id, ok: false, code: 'ticket.stale_version', message: expect.stringMatching(/at version \d+, not 1/) },
      { id: theirs.id, ok: false, code: 'ticket.not_found', message: expect.any(String) },
      { id: last!.id, ok: true, version: 2 },
    ]);
    expect(await ticket(first!.id)).toMatchObject({ categoryCode: 'land', departmentId: s.departments.land.id });
    expect(await ticket(last!.id)).toMatchObject({ categoryCode: 'land', departmentId: s.departments.land.id });
    // The stale one keeps the other person's triage; the other district's is untouched.
    expect(await ticket(stale!.id)).toMatchObject({ categoryCode: 'roads', priority: 'urgent' });
    expect(await ticket(theirs.id)).toMatchObject({ status: 'new', categoryCode: null, version: 1 });

    // An admin's scope is every district.
    const admin = await post('triage', s.tokens.admin, { tickets: refs([theirs]), categoryCode: 'roads' }).expect(200);
    expect(admin.body.results).toEqual([{ id: theirs.id, ok: true, version: 2 }]);
  });

  it('marks tickets "not a request" with one reason, and refuses one already rejected', async () => {
    const [spam, ad] = await merkiTickets(2);
    const res = await post('reject', s.tokens.pressMerki, { tickets: refs([spam!, ad!]), reason: 'Жарнама, өтініш емес' }).expect(200);
    expect(res.body.results).toEqual([
      { id: spam!.id, ok: true, version: 2 },
      { id: ad!.id, ok: true, version: 2 },
    ]);
    expect(await ticket(ad!.id)).toMatchObject({ status: 'rejected' });
    const [event] = await app.dataSource.getRepository(TicketEventEntity).find({ where: { ticketId: ad!.id, toStatus: 'rejected' } });
    expect(event!.payload).toEqual({ note: 'Жарнама, өтініш емес' });

    // Rejected already: the workflow refuses it, with the single action's code.
    const again = await post('reject', s.tokens.pressMerki, { tickets: [{ id: ad!.id, version: 2 }], reason: 'қайта' }).expect(200);
    expect(again.body.results).toEqual([{ id: ad!.id, ok: false, code: 'transition.not_allowed', message: expect.any(String) }]);
    // A reason is required, and said.
    const blank = await post('reject', s.tokens.pressMerki, { tickets: [{ id: spam!.id, version: 2 }], reason: '  ' }).expect(400);
    expect(blank.body).toMatchObject({ code: 'validation.failed', fields: [expect.objectContaining({ field: 'reason', code: 'matches' })] });
  });

  it(`refuses more than ${MAX_BULK_TICKETS} tickets (422) before touching any, and a body without versions (400)`, async () => {
    const [real] = await merkiTickets(1);
    const many = [{ id: real!.id, version: 1 }, ...Array.from({ length: MAX_BULK_TICKETS }, () => ({ id: crypto.randomUUID(), version: 1 }))];
    const res = await post('triage', s.tokens.pressMerki, { tickets: many, categoryCode: 'land' }).expect(422);
    expect(res.body).toMatchObject({ code: 'ticket.bulk_too_many', message: expect.stringContaining(`at most ${MAX_BULK_TICKETS}`) });
    expect(await ticket(real!.id)).toMatchObject({ status: 'new', version: 1 });

    const unversioned = await post('triage', s.tokens.pressMerki, { tickets: [{ id: real!.id }], categoryCode: 'land' }).expect(400);
    expect(unversioned.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'tickets.0.version' })]));
    await post('triage', s.tokens.pressMerki, { tickets: [], categoryCode: 'land' }).expect(400);
  });

  it('answers 403 to a role that does not triage, and changes nothing', async () => {
    const [t] = await merkiTickets(1);
    for (const token of [s.tokens.headLand, s.tokens.staffLand1, s.tokens.governor]) {
      expect((await post('triage', token, { tickets: refs([t!]), categoryCode: 'land' }).expect(403)).body.code).toBe('auth.forbidden');
      expect((await post('reject', token, { tickets: refs([t!]), reason: 'спам' }).expect(403)).body.code).toBe('auth.forbidden');
    }
    expect(await ticket(t!.id)).toMatchObject({ status: 'new', version: 1 });
  });
});
