import { TicketEventEntity } from '@app/database';
import { insertNewTickets } from './support/bulk-tickets.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp } from './support/test-app.js';

interface Item {
  id: string;
  reference: string;
  channel: string;
  language: string;
  text: string;
  districtId: string | null;
  suggestedCategoryCode: string | null;
  publicReplyAt: string | null;
}
interface ListPage {
  items: Item[];
  nextCursor: string | null;
  total?: number;
  totalCapped?: boolean;
}

describe('the triage queue: urgency order, paging with a total, filters and search (GET /tickets)', () => {
  let app: TestApp;
  let s: Scenario;
  let overdue: string[];
  const list = (query: string, who: keyof Scenario['tokens'] = 'pressMerki') => app.http().get(`/api/v1/tickets?${query}`).set(bearer(s.tokens[who]));

  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
    // 260 new tickets within their first-response target, oldest received 300 minutes ago...
    await insertNewTickets(app.dataSource, {
      count: 260,
      districtId: s.districts.merki.id,
      oldestMinutesAgo: 300,
      referencePrefix: 'ZHM-2026-1',
      suggestedCategoryCode: 'roads',
    });
    // ...and two received recently but past their due instant (a short policy): the one due earlier comes first.
    overdue = await insertNewTickets(app.dataSource, {
      count: 2,
      districtId: null,
      oldestMinutesAgo: 20,
      firstResponseMinutes: 5,
      channel: 'telegram',
      language: 'ru',
      referencePrefix: 'ZHM-2026-9',
      suggestedCategoryCode: 'land',
      textOf: (n) => (n === 1 ? 'Нет воды на улице Абая уже третий день' : 'Не вывозят мусор во дворе'),
    });
    // Another district's: out of the Merki press secretary's scope.
    await insertNewTickets(app.dataSource, {
      count: 3,
      districtId: s.districts.zhualy.id,
      oldestMinutesAgo: 600,
      firstResponseMinutes: 1,
      referencePrefix: 'ZHM-2026-5',
    });
  });
  afterAll(() => app.close());

  it('puts the most overdue first, then the rest oldest first, with the total of the scope', async () => {
    const res = await list('status=new&sort=urgency&count=true&limit=50');
    expect(res.status).toBe(200);
    const page = res.body as ListPage;
    expect(page.total).toBe(262);
    expect(page.items).toHaveLength(50);
    expect(page.items.slice(0, 2).map((i) => i.id)).toEqual(overdue);
    // The rest: oldest first (the bulk references rise with receipt time).
    const rest = page.items.slice(2).map((i) => i.reference);
    expect(rest).toEqual([...rest].sort());
    expect(rest[0]).toBe('ZHM-2026-1000001');
    expect(page.items[0]).toMatchObject({ suggestedCategoryCode: 'land', publicReplyAt: null, channel: 'telegram' });
    expect(page.items[2]!.suggestedCategoryCode).toBe('roads');
  });

  it('pages through every ticket exactly once with the cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`status=new&sort=urgency&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...(res.body as ListPage).items.map((i) => i.id));
      cursor = (res.body as ListPage).nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(262);
    expect(new Set(seen).size).toBe(262);
    expect(seen.slice(0, 2)).toEqual(overdue);
  });

  it('keeps the default order (newest first) and shape for existing callers', async () => {
    const res = await list('status=new&limit=5');
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('total');
    const received = (res.body as ListPage).items.map((i) => i.reference);
    expect(received[0]).toBe('ZHM-2026-9000002');
  });

  it('filters by channel, language, district and suggested category, and searches text, reference and author', async () => {
    const ids = async (query: string) => ((await list(`status=new&sort=urgency&limit=200&count=true&${query}`)).body as ListPage).total;
    expect(await ids('channel=telegram')).toBe(2);
    expect(await ids('language=ru')).toBe(2);
    expect(await ids('suggestedCategory=land')).toBe(2);
    expect(await ids('suggestedCategory=roads')).toBe(260);
    expect(await ids(`districtId=${s.districts.merki.id}`)).toBe(260);
    expect(await ids(`q=${encodeURIComponent('воды')}`)).toBe(1);
    expect(await ids('q=ZHM-2026-1000007')).toBe(1);
    expect(await ids(`q=${encodeURIComponent('Тұрғын 25')}`)).toBe(1 + 10);
    // Out of scope stays out of scope, whatever the filter.
    expect(await ids(`districtId=${s.districts.zhualy.id}`)).toBe(0);
  });

  it('finds one or two letters at the start of words, and counts up to 10,000 (issue 18)', async () => {
    const total = async (query: string, who: keyof Scenario['tokens'] = 'pressMerki') =>
      (await list(`status=new&limit=1&count=true&${query}`, who)).body as ListPage;
    const texts = ['Ауылда су жоқ', 'Ауызсу жоқ', 'Сумен проблема, русский текст'];
    await insertNewTickets(app.dataSource, {
      count: 3,
      districtId: s.districts.merki.id,
      oldestMinutesAgo: 30,
      referencePrefix: 'ZHM-2026-7',
      textOf: (n) => texts[n - 1]!,
    });
    // "су" begins a word of the first and the third, and is only inside one in the second ("ауызсу", "русский").
    expect((await total(`q=${encodeURIComponent('су')}`)).total).toBe(2);
    expect((await total(`q=${encodeURIComponent('С')}`)).total).toBe(2); // су, Сумен
    // Three letters and more, or a sign in the term: a substring anywhere, as before.
    expect((await total(`q=${encodeURIComponent('зсу')}`)).total).toBe(1);
    expect((await total('q=ZHM-2026-7')).total).toBe(3);
    // Out of Merki's scope: 10,001 more new tickets, counted to 10,000 for the governor and flagged.
    await insertNewTickets(app.dataSource, { count: 10_001, districtId: s.districts.zhualy.id, oldestMinutesAgo: 20_000, referencePrefix: 'ZHM-2026-8' });
    expect(await total('', 'governor')).toMatchObject({ total: 10_000, totalCapped: true });
    expect(await total('')).toMatchObject({ total: 265, totalCapped: false });
  });

  it('refuses unknown sort orders, channels, languages and cursors with a clear 4xx', async () => {
    for (const [query, message] of [
      ['sort=oldest', /sort must be one of the following values: newest, urgency/],
      ['channel=myspace', /channel must be one of the following values/],
      ['language=de', /language must be one of the following values/],
      ['suggestedCategory=Not%20a%20code', /suggestedCategory must be a category code/],
      ['count=maybe', /count must be a boolean/],
      ['sort=urgency&cursor=bm90LWEtY3Vyc29y', /cursor is not valid for sort=urgency/],
    ] as const) {
      const res = await list(query);
      expect([400, 422]).toContain(res.status);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    }
  });

  it('marks a ticket answered publicly, which stops racing its first-response clock', async () => {
    const [id] = overdue;
    await app
      .http()
      .post(`/api/v1/tickets/${id}/replies`)
      .set(bearer(s.tokens.pressMerki))
      .send({ body: 'Здравствуйте! Передали в управление.', visibility: 'public' })
      .expect(201);
    const page = (await list('status=new&sort=urgency&limit=5')).body as ListPage;
    expect(page.items[0]!.id).toBe(overdue[1]);
    const answered = ((await list('status=new&channel=telegram&limit=5')).body as ListPage).items.find((i) => i.id === id)!;
    expect(answered.publicReplyAt).toEqual(expect.any(String));
  });
});

describe('triage needs a department; resolving needs a public answer or an explicit confirmation', () => {
  let app: TestApp;
  let s: Scenario;
  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
  });
  afterAll(() => app.close());
  const press = () => bearer(s.tokens.pressMerki);

  it('refuses to triage without a category (or into one with no department), and keeps the ticket new', async () => {
    const t = await createTicket(app, s);
    for (const body of [{}, { priority: 'high' }, { categoryCode: 'other' }]) {
      const res = await app.http().post(`/api/v1/tickets/${t.id}/triage`).set(press()).send(body);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'ticket.triage_needs_department' });
      expect(res.body.message).toMatch(/needs a categoryCode whose category has a department/);
    }
    const moved = await app.http().post(`/api/v1/tickets/${t.id}/transitions`).set(press()).send({ to: 'triaged' });
    expect(moved.status).toBe(422);
    expect(moved.body.code).toBe('ticket.triage_needs_department');
    expect((await app.http().get(`/api/v1/tickets/${t.id}`).set(press())).body).toMatchObject({ status: 'new', departmentId: null, version: 1 });
    const ok = await app.http().post(`/api/v1/tickets/${t.id}/triage`).set(press()).send({ categoryCode: 'land' });
    expect(ok.body).toMatchObject({ status: 'triaged', departmentId: s.departments.land.id });
  });

  it('refuses to resolve an unanswered ticket unless told, and records that it was', async () => {
    const t = await createTicket(app, s);
    await app.http().post(`/api/v1/tickets/${t.id}/assign`).set(bearer(s.tokens.admin)).send({ assigneeId: s.users.staffLand1.id }).expect(200);
    const staff = bearer(s.tokens.staffLand1);
    const refused = await app.http().post(`/api/v1/tickets/${t.id}/transitions`).set(staff).send({ to: 'resolved' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'ticket.no_public_answer' });
    expect(refused.body.message).toMatch(/has no public answer/);
    // An internal note is not an answer.
    await app.http().post(`/api/v1/tickets/${t.id}/replies`).set(staff).send({ body: 'Позвонил, не ответили', visibility: 'internal' }).expect(201);
    expect((await app.http().post(`/api/v1/tickets/${t.id}/transitions`).set(staff).send({ to: 'resolved' })).status).toBe(409);
    const confirmed = await app
      .http()
      .post(`/api/v1/tickets/${t.id}/transitions`)
      .set(staff)
      .send({ to: 'resolved', withoutPublicAnswer: true, note: 'resident unreachable' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('resolved');
    const event = await app.dataSource.getRepository(TicketEventEntity).findOneByOrFail({ ticketId: t.id, toStatus: 'resolved' });
    expect(event.payload).toEqual({ note: 'resident unreachable', withoutPublicAnswer: true });
  });

  it('resolves an answered ticket without the confirmation', async () => {
    const t = await createTicket(app, s);
    await app.http().post(`/api/v1/tickets/${t.id}/assign`).set(bearer(s.tokens.admin)).send({ assigneeId: s.users.staffLand2.id }).expect(200);
    const staff = bearer(s.tokens.staffLand2);
    await app
      .http()
      .post(`/api/v1/tickets/${t.id}/replies`)
      .set(staff)
      .send({ body: 'Сәлеметсіз бе! Шекара қалпына келтірілді.', visibility: 'public' })
      .expect(201);
    const res = await app.http().post(`/api/v1/tickets/${t.id}/transitions`).set(staff).send({ to: 'resolved' });
    expect(res.status).toBe(200);
    const event = await app.dataSource.getRepository(TicketEventEntity).findOneByOrFail({ ticketId: t.id, toStatus: 'resolved' });
    expect(event.payload).toEqual({});
  });
});

describe('notifications: mark all read (POST /notifications/read-all)', () => {
  let app: TestApp;
  let s: Scenario;
  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  it("marks every unread notification of the caller read, and nobody else's", async () => {
    const t = await createTicket(app, s);
    await app.dataSource.query(
      `INSERT INTO notifications (user_id, ticket_id, kind, step) SELECT $1::uuid, $2::uuid, 'sla.breached', 'step-' || n FROM generate_series(1, 91) n
       UNION ALL SELECT $3::uuid, $2::uuid, 'sla.breached', 'other'`,
      [s.users.pressMerki.id, t.id, s.users.headLand.id],
    );
    const unread = (who: keyof Scenario['tokens']) => app.http().get('/api/v1/notifications?unread=true&limit=200').set(bearer(s.tokens[who]));
    expect((await unread('pressMerki')).body.items).toHaveLength(91);
    const res = await app.http().post('/api/v1/notifications/read-all').set(bearer(s.tokens.pressMerki));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ marked: 91 });
    expect((await unread('pressMerki')).body.items).toHaveLength(0);
    expect((await unread('headLand')).body.items).toHaveLength(1);
    expect((await app.http().post('/api/v1/notifications/read-all').set(bearer(s.tokens.pressMerki))).body).toEqual({ marked: 0 });
    expect((await app.http().post('/api/v1/notifications/read-all')).status).toBe(401);
  });
});

describe('saved replies (/saved-replies): admins write, the people who answer residents read', () => {
  let app: TestApp;
  let s: Scenario;
  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  const body = {
    code: 'water-outage',
    title: 'Су жоқ / Нет воды',
    bodyKk: 'Сәлеметсіз бе, {resident_name}! {reference} өтінішіңіз {district} әкімдігінде қаралуда.',
    bodyRu: 'Здравствуйте, {resident_name}! Обращение {reference} рассматривается акиматом ({district}).',
    categoryCode: 'land',
  };

  it('creates, lists, updates and deletes a template; checks its placeholders and code', async () => {
    const admin = bearer(s.tokens.admin);
    const created = await app.http().post('/api/v1/saved-replies').set(admin).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, id: expect.any(String) });
    expect((await app.http().post('/api/v1/saved-replies').set(admin).send(body)).status).toBe(409);

    const typo = await app
      .http()
      .post('/api/v1/saved-replies')
      .set(admin)
      .send({ ...body, code: 'typo', bodyRu: 'Здравствуйте, {resident}!' });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.body.message)).toMatch(/bodyRu names a placeholder Tynda cannot fill; use \{resident_name\}, \{reference\}, \{district\}/);
    const missing = await app.http().post('/api/v1/saved-replies').set(admin).send({ code: 'empty', title: 'x', bodyKk: '', bodyRu: 'y' });
    expect(missing.status).toBe(400);
    expect(
      (
        await app
          .http()
          .post('/api/v1/saved-replies')
          .set(admin)
          .send({ ...body, code: 'nocat', categoryCode: 'weather' })
      ).status,
    ).toBe(409);

    for (const who of ['pressMerki', 'headLand', 'staffLand1', 'admin'] as const) {
      const res = await app.http().get('/api/v1/saved-replies').set(bearer(s.tokens[who]));
      expect(res.status).toBe(200);
      expect(res.body.items.map((r: { code: string }) => r.code)).toEqual(['water-outage']);
    }
    const patched = await app.http().patch(`/api/v1/saved-replies/${created.body.id}`).set(admin).send({ title: 'Нет воды', categoryCode: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: 'Нет воды', categoryCode: null, bodyKk: body.bodyKk });
    expect((await app.http().delete(`/api/v1/saved-replies/${created.body.id}`).set(admin)).status).toBe(204);
    expect((await app.http().get(`/api/v1/saved-replies/${created.body.id}`).set(admin)).status).toBe(404);
  });

  it('keeps writes for admins and the templates from the governor’s office', async () => {
    for (const who of ['pressMerki', 'headLand', 'staffLand1', 'governor'] as const) {
      expect(
        (
          await app
            .http()
            .post('/api/v1/saved-replies')
            .set(bearer(s.tokens[who]))
            .send({ ...body, code: `by-${who.toLowerCase()}` })
        ).status,
      ).toBe(403);
    }
    const governor = await app.http().get('/api/v1/saved-replies').set(bearer(s.tokens.governor));
    expect(governor.status).toBe(403);
    expect(governor.body.message).toMatch(/governor's office writes internal notes only/);
    expect((await app.http().get('/api/v1/saved-replies')).status).toBe(401);
  });
});
