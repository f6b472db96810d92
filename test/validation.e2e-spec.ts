import { TestApp } from './support/test-app.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';

/** Bad input gets a 4xx with a readable message in the common error shape, never a 500. */
describe('validation and errors', () => {
  let app: TestApp;
  let s: Scenario;
  let ticketId: string;

  beforeAll(async () => {
    app = await TestApp.start({ env: { BODY_LIMIT: '64kb' } });
    s = await buildScenario(app);
    ticketId = (await createTicket(app, s)).id;
  });
  afterAll(() => app.close());

  const post = (path: string, body: unknown, token = s.tokens.pressMerki) =>
    app
      .http()
      .post(`/api/v1${path}`)
      .set(bearer(token))
      .send(body as object);
  const author = { name: 'Ерлан' };

  const cases: Array<[string, () => ReturnType<typeof post>, number, RegExp]> = [
    ['an unknown field', () => post('/tickets', { text: 'су жоқ', author, mood: 'angry' }), 400, /property mood should not exist/],
    [
      'a wrong enum',
      () => post('/tickets', { text: 'су жоқ', author, priority: 'asap' }),
      400,
      /priority must be one of the following values: low, normal, high, urgent/,
    ],
    ['a missing field', () => post('/tickets', { author }), 400, /text should not be empty/],
    ['a missing nested field', () => post('/tickets', { text: 'су жоқ', author: {} }), 400, /author\.name should not be empty/],
    ['too long a text', () => post('/tickets', { text: 'ж'.repeat(5001), author }), 400, /text must be shorter than or equal to 5000 characters/],
    ['a bad phone', () => post('/tickets', { text: 'су жоқ', author: { name: 'A', phone: 'call me' } }), 400, /author\.phone must be a phone number/],
    ['a date in the future', () => post('/tickets', { text: 'су жоқ', author, receivedAt: '2999-01-01T00:00:00Z' }), 422, /receivedAt cannot be in the future/],
    ['an unknown category', () => post(`/tickets/${ticketId}/triage`, { categoryCode: 'weather' }), 422, /unknown categoryCode 'weather'/],
    [
      'an unknown district',
      () => post(`/tickets/${ticketId}/triage`, { districtId: '00000000-0000-4000-8000-000000000000' }),
      422,
      /unknown district 00000000/,
    ],
    ['a malformed uuid in the path', () => post('/tickets/not-a-uuid/triage', {}), 400, /uuid is expected/],
    ['a wrong status name', () => post(`/tickets/${ticketId}/transitions`, { to: 'done' }), 400, /to must be one of the following values/],
    [
      'a wrong visibility',
      () => post(`/tickets/${ticketId}/replies`, { body: 'x', visibility: 'secret' }),
      400,
      /visibility must be one of the following values: public, internal/,
    ],
    ['a JSON array instead of an object', () => post('/tickets', [1, 2]), 400, /text/],
    ['a duplicate code', () => post('/districts', { code: 'merki', nameKk: 'x', nameRu: 'x' }, s.tokens.admin), 409, /\(code\)=\(merki\) already exists/],
    [
      'a bad ISO duration',
      () => post('/sla-policies', { name: 'x', firstResponse: '4 hours', resolution: 'P5D' }, s.tokens.admin),
      400,
      /firstResponse must be an ISO-8601 duration/,
    ],
    [
      'a bad time zone',
      () => post('/calendars', { name: 'x', timeZone: 'Mars/Olympus', workingHours: { mon: [['09:00', '18:00']] } }, s.tokens.admin),
      400,
      /timeZone must be an IANA time zone/,
    ],
    [
      'working hours that end before they start',
      () => post('/calendars', { name: 'x', workingHours: { mon: [['18:00', '09:00']] } }, s.tokens.admin),
      400,
      /workingHours must map mon\.\.sun/,
    ],
    [
      'a press secretary with no district',
      () => post('/users', { email: 'p@test.kz', password: 'long-enough', fullName: 'P', role: 'press_secretary' }, s.tokens.admin),
      422,
      /needs districtIds/,
    ],
  ];

  it.each(cases)('answers %s with the right status and message', async (_name, call, status, message) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String), requestId: expect.any(String) });
    expect(JSON.stringify(res.body.message)).toMatch(message);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await app.http().post('/api/v1/tickets').set(bearer(s.tokens.pressMerki)).set('Content-Type', 'application/json').send('{"text": "су жоқ",');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('answers a body over the limit with 413', async () => {
    const res = await post('/tickets', { text: 'су'.repeat(40_000), author });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('answers an unknown route with a JSON 404', async () => {
    for (const path of ['/api/v1/nothing-here', '/nothing-here']) {
      const res = await app.http().get(path);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const given = await app.http().get('/api/v1/health/live').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await app.http().get('/api/v1/health/live').set('X-Request-Id', '<script>');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
