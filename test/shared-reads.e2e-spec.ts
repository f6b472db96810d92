import { insertNewTickets } from './support/bulk-tickets.js';
import { bearer, buildScenario, createTicket, PASSWORD, type Scenario } from './support/scenario.js';
import { TestApp } from './support/test-app.js';

interface ListPage {
  items: Array<{ id: string; districtId: string | null; text: string }>;
  nextCursor: string | null;
}

/**
 * Identical reads that arrive together are answered by one read (apps/api/src/common/shared-reads.ts).
 * What must hold: nobody gets an answer older than their request, and nobody gets another scope's.
 */
describe('identical reads that arrive together share one read', () => {
  let app: TestApp;
  let s: Scenario;
  const get = (path: string, token: string) => app.http().get(path).set(bearer(token));

  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  /** Keeps `loops` identical requests in flight until `stop()`: whatever else asks for `path` finds a read under way to share. */
  function keepReading(path: string, token: string, loops = 8) {
    let running = true;
    let answered = 0;
    const done = Promise.all(
      Array.from({ length: loops }, async () => {
        while (running) {
          const res = await get(path, token);
          if (res.status !== 200) throw new Error(`background read answered ${res.status}`);
          answered++;
        }
      }),
    );
    done.catch(() => undefined); // awaited in stop(); a failure before then is not unhandled
    return {
      stop: async () => {
        running = false;
        await done;
        return answered;
      },
    };
  }

  it('answers every list request with a read taken after it arrived: a change committed before it is always in it', async () => {
    // Pages of 200 with a count take long enough that a read is nearly always under way when the change commits.
    await insertNewTickets(app.dataSource, { count: 1500, districtId: s.districts.merki.id, oldestMinutesAgo: 600, referencePrefix: 'ZHM-2026-3' });
    const path = '/api/v1/tickets?limit=200&count=true';
    const background = keepReading(path, s.tokens.governor);
    const [newest] = (await app.dataSource.query(`SELECT id FROM tickets ORDER BY created_at DESC, id DESC LIMIT 1`)) as Array<{ id: string }>;
    for (let i = 0; i < 20; i++) {
      const text = `Жол жөндеу керек, ${i}-үй`;
      await app.dataSource.query(`UPDATE tickets SET text = $1 WHERE id = $2`, [text, newest!.id]);
      // Five at once, as soon as the change is committed, while the background keeps reads of the same list in flight.
      const pages = await Promise.all(Array.from({ length: 5 }, () => get(path, s.tokens.governor)));
      for (const res of pages) {
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        const first = (res.body as ListPage).items[0]!;
        expect(first).toMatchObject({ id: newest!.id, text });
      }
    }
    expect(await background.stop()).toBeGreaterThan(0);
  });

  it("never shares a read across scopes: two districts' press secretaries asking the same URL together each get their own", async () => {
    await createTicket(app, s, { districtId: s.districts.merki.id });
    const zhualy = await app
      .http()
      .post('/api/v1/tickets')
      .set(bearer(s.tokens.pressZhualy))
      .send({ text: 'Су жоқ, көмектесіңіздер', districtId: s.districts.zhualy.id, author: { name: 'Ерлан' } });
    expect(zhualy.status).toBe(201);
    const path = '/api/v1/tickets?limit=50';
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => get(path, i % 2 ? s.tokens.pressZhualy : s.tokens.pressMerki).then((res) => ({ i, res }))),
    );
    for (const { i, res } of answers) {
      expect(res.status).toBe(200);
      const own = i % 2 ? s.districts.zhualy.id : s.districts.merki.id;
      const items = (res.body as ListPage).items;
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((t) => t.districtId === own || t.districtId === null)).toBe(true);
    }
  });

  it('answers ticket pages opened together from one statement each, every reader with their own ticket or a 404', async () => {
    const merki = await Promise.all(Array.from({ length: 6 }, (_, i) => createTicket(app, s, { text: `Жарық жоқ, ${i}-көше` })));
    const other = await app
      .http()
      .post('/api/v1/tickets')
      .set(bearer(s.tokens.pressZhualy))
      .send({ text: 'Газ жоқ', districtId: s.districts.zhualy.id, author: { name: 'Ерлан' } });
    await app.http().post(`/api/v1/tickets/${merki[0]!.id}/replies`).set(bearer(s.tokens.pressMerki)).send({ body: 'Қаралуда', visibility: 'internal' });
    const asks = [
      ...merki.map((t) => ({ id: t.id, ok: true })),
      { id: merki[1]!.id.toUpperCase(), ok: true },
      { id: (other.body as { id: string }).id, ok: false }, // another district's: not visible to Merki's press secretary
    ];
    const pages = await Promise.all(
      asks.map(async (a) => {
        const [ticket, events, replies] = await Promise.all(
          ['', '/events', '/replies'].map((tail) => get(`/api/v1/tickets/${a.id}${tail}`, s.tokens.pressMerki)),
        );
        return { a, ticket: ticket!, events: events!, replies: replies! };
      }),
    );
    for (const { a, ticket, events, replies } of pages) {
      if (!a.ok) {
        expect([ticket.status, events.status, replies.status]).toEqual([404, 404, 404]);
        continue;
      }
      expect(ticket.status).toBe(200);
      expect((ticket.body as { id: string }).id).toBe(a.id.toLowerCase());
      const eventItems = (events.body as { items: Array<{ ticketId: string; type: string }> }).items;
      expect(eventItems[0]).toMatchObject({ ticketId: a.id.toLowerCase(), type: 'ticket.created' });
      expect(eventItems.every((e) => e.ticketId === a.id.toLowerCase())).toBe(true);
      const replyItems = (replies.body as { items: Array<{ ticketId: string; body: string }> }).items;
      expect(replyItems).toEqual(a.id === merki[0]!.id ? [expect.objectContaining({ ticketId: a.id, body: 'Қаралуда' })] : []);
    }
  });

  it('gives each of the requests that shared a refused read the same clear error', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => get('/api/v1/tickets?limit=5000', s.tokens.governor)));
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(JSON.stringify(res.body.message)).toMatch(/limit/);
    }
  });

  it('ends a session at once even while its other requests are in flight', async () => {
    const login = await app.http().post('/api/v1/auth/login').send({ email: s.users.governor.email, password: PASSWORD });
    expect(login.status).toBe(200);
    const token = (login.body as { accessToken: string }).accessToken;
    const background = keepReading('/api/v1/tickets?limit=1', token);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await app.http().post('/api/v1/auth/logout').set(bearer(token))).status).toBe(200);
    // The background's session checks are under way; this request arrived after the sign-out.
    expect((await get('/api/v1/tickets?limit=1', token)).status).toBe(401);
    await expect(background.stop()).rejects.toThrow(/answered 401/);
  });
});
