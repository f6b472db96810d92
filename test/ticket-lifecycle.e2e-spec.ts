import { TestApp } from './support/test-app.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';

describe('ticket lifecycle', () => {
  let app: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  it('takes a phoned-in ticket from new to closed, recording every event', async () => {
    const created = await createTicket(app, s);
    expect(created).toMatchObject({
      channel: 'manual',
      status: 'new',
      language: 'kk',
      districtId: s.districts.merki.id,
      author: { name: 'Айгүл Сейітова', externalId: null, phone: '+7 701 555 12 34' },
      escalationLevel: 0,
      sla: { state: 'ok', pausedSeconds: 0 },
      version: 1,
    });
    expect(created.reference).toMatch(/^ZHM-\d{4}-\d{6}$/);
    const id = created.id;
    const http = () => app.http();

    const triaged = await http()
      .post(`/api/v1/tickets/${id}/triage`)
      .set(bearer(s.tokens.pressMerki))
      .send({ categoryCode: 'land', priority: 'high', locality: 'Қорағаты' });
    expect(triaged.status).toBe(200);
    expect(triaged.body).toMatchObject({
      status: 'triaged',
      categoryCode: 'land',
      departmentId: s.departments.land.id,
      priority: 'high',
      locality: 'Қорағаты',
      version: 2,
    });

    const assigned = await http().post(`/api/v1/tickets/${id}/assign`).set(bearer(s.tokens.headLand)).send({ assigneeId: s.users.staffLand2.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', assigneeId: s.users.staffLand2.id });

    const staff = bearer(s.tokens.staffLand2);
    const move = (to: string, note?: string) => http().post(`/api/v1/tickets/${id}/transitions`).set(staff).send({ to, note });
    expect((await move('in_progress')).body.status).toBe('in_progress');

    const publicReply = await http().post(`/api/v1/tickets/${id}/replies`).set(staff).send({ body: 'Сәлеметсіз бе! Мәселе қаралуда.', visibility: 'public' });
    expect(publicReply.status).toBe(201);
    const firstResponseAt = publicReply.body.firstResponseAt as string;
    expect(firstResponseAt).toBeTruthy();

    expect((await move('awaiting_resident', 'asked for the cadastral number')).body.status).toBe('awaiting_resident');
    expect((await move('in_progress')).body.status).toBe('in_progress');
    const resolved = await move('resolved', 'plot boundaries restored');
    expect(resolved.body).toMatchObject({ status: 'resolved' });
    expect(resolved.body.resolvedAt).toBeTruthy();

    const closed = await http().post(`/api/v1/tickets/${id}/transitions`).set(bearer(s.tokens.pressMerki)).send({ to: 'closed' });
    expect(closed.body).toMatchObject({ status: 'closed', firstResponseAt });
    expect(closed.body.closedAt).toBeTruthy();

    const events = await http().get(`/api/v1/tickets/${id}/events`).set(bearer(s.tokens.governor));
    expect(events.status).toBe(200);
    expect(events.body.items.map((e: { type: string; from: string | null; to: string | null }) => [e.type, e.from, e.to])).toEqual([
      ['ticket.created', null, 'new'],
      ['ticket.triaged', 'new', 'triaged'],
      ['ticket.assigned', 'triaged', 'assigned'],
      ['ticket.status_changed', 'assigned', 'in_progress'],
      ['ticket.replied', null, null],
      ['ticket.status_changed', 'in_progress', 'awaiting_resident'],
      ['ticket.status_changed', 'awaiting_resident', 'in_progress'],
      ['ticket.status_changed', 'in_progress', 'resolved'],
      ['ticket.status_changed', 'resolved', 'closed'],
    ]);
    const byType = events.body.items as Array<{ type: string; actorId: string; payload: Record<string, unknown> }>;
    expect(byType[2]).toMatchObject({ actorId: s.users.headLand.id, payload: { assigneeId: s.users.staffLand2.id, automatic: false } });
    expect(byType[4]).toMatchObject({ actorId: s.users.staffLand2.id, payload: { visibility: 'public', firstResponse: true } });
    expect(byType[5]!.payload).toEqual({ note: 'asked for the cadastral number' });
  });

  it('sets firstResponseAt on the first public reply only; internal notes never do', async () => {
    const t = await createTicket(app, s);
    const reply = (visibility: string, token = s.tokens.pressMerki) =>
      app.http().post(`/api/v1/tickets/${t.id}/replies`).set(bearer(token)).send({ body: 'text', visibility });
    const note = await reply('internal');
    expect(note.status).toBe(201);
    expect(note.body.firstResponseAt).toBeNull();
    const governorNote = await reply('internal', s.tokens.governor);
    expect(governorNote.status).toBe(201);
    const first = await reply('public');
    const second = await reply('public');
    expect(first.body.firstResponseAt).toBeTruthy();
    expect(second.body.firstResponseAt).toBe(first.body.firstResponseAt);
    const replies = await app.http().get(`/api/v1/tickets/${t.id}/replies`).set(bearer(s.tokens.pressMerki));
    expect(replies.body.items.map((r: { visibility: string; deliveryStatus: string }) => [r.visibility, r.deliveryStatus])).toEqual([
      ['internal', 'not_applicable'],
      ['internal', 'not_applicable'],
      ['public', 'not_applicable'],
      ['public', 'not_applicable'],
    ]);
  });

  it('refuses a stale If-Match with 409 and accepts the current version', async () => {
    const t = await createTicket(app, s);
    const triage = (version: string) =>
      app
        .http()
        .post(`/api/v1/tickets/${t.id}/triage`)
        .set(bearer(s.tokens.pressMerki))
        .set('If-Match', version)
        .send({ priority: 'urgent', categoryCode: 'land' });
    const ok = await triage('"1"');
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await triage('"1"');
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ statusCode: 409, error: 'Conflict', currentVersion: 2 });
    expect(stale.body.message).toMatch(/version 2, not 1/);
    const bad = await triage('yesterday');
    expect(bad.status).toBe(422);
    expect(bad.body.message).toMatch(/If-Match/);
  });

  it('answers an illegal transition with 409 naming the allowed ones', async () => {
    const t = await createTicket(app, s);
    const res = await app.http().post(`/api/v1/tickets/${t.id}/transitions`).set(bearer(s.tokens.pressMerki)).send({ to: 'resolved' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe("cannot move a ticket from 'new' to 'resolved'; allowed from 'new': triaged, assigned, rejected, merged");
    expect(res.body.allowed).toEqual(['triaged', 'assigned', 'rejected', 'merged']);
  });

  it('requires a reason to reject, and reopens a rejected ticket', async () => {
    const t = await createTicket(app, s, { text: 'Рахмет, әкім мырза!' });
    const move = (body: object) => app.http().post(`/api/v1/tickets/${t.id}/transitions`).set(bearer(s.tokens.pressMerki)).send(body);
    const noReason = await move({ to: 'rejected' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.message).toMatch(/note/);
    expect((await move({ to: 'rejected', note: 'praise, not an appeal' })).body.status).toBe('rejected');
    expect((await move({ to: 'reopened' })).body.status).toBe('reopened');
    const viaTransition = await move({ to: 'assigned' });
    expect(viaTransition.status).toBe(422);
    expect(viaTransition.body.message).toMatch(/POST \/tickets\/:id\/assign/);
  });

  it('merges a duplicate into its parent and keeps merged terminal', async () => {
    const parent = await createTicket(app, s);
    const dup = await createTicket(app, s, { text: 'Қорағатыда жер дауы әлі шешілмеді, біз де күтіп отырмыз' });
    const merge = (id: string, intoTicketId: string) => app.http().post(`/api/v1/tickets/${id}/merge`).set(bearer(s.tokens.pressMerki)).send({ intoTicketId });
    const merged = await merge(dup.id, parent.id);
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ status: 'merged', parentTicketId: parent.id });
    expect((await merge(dup.id, parent.id)).status).toBe(409);
    expect((await merge(parent.id, parent.id)).status).toBe(422);
    const other = await createTicket(app, s);
    const intoMerged = await merge(other.id, dup.id);
    expect(intoMerged.status).toBe(409);
    expect(intoMerged.body.message).toMatch(/merge into that one/);
    const parentEvents = await app.http().get(`/api/v1/tickets/${parent.id}/events`).set(bearer(s.tokens.pressMerki));
    expect(parentEvents.body.items.at(-1)).toMatchObject({ type: 'ticket.merged', payload: { mergedTicketId: dup.id } });
  });

  it('lists with filters, full-text search and cursor pagination', async () => {
    for (let i = 0; i < 5; i++) await createTicket(app, s, { text: `Дорога на улице Абая №${i} разбита` });
    const page = (query: string, token = s.tokens.admin) => app.http().get(`/api/v1/tickets?${query}`).set(bearer(token));
    const first = await page('q=дорога&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await page(`q=дорога&limit=2&cursor=${first.body.nextCursor}`);
    const third = await page(`q=дорога&limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.items).toHaveLength(1);
    expect(third.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items, ...third.body.items].map((t: { id: string }) => t.id);
    expect(new Set(ids).size).toBe(5);
    const newOnes = await page(`status=new,triaged&districtId=${s.districts.merki.id}&limit=200`);
    expect(newOnes.body.items.every((t: { status: string }) => ['new', 'triaged'].includes(t.status))).toBe(true);
    expect((await page('cursor=garbage')).status).toBe(422);
    expect((await page('status=lost')).status).toBe(400);
    expect((await page('limit=201')).status).toBe(400);
  });
});
