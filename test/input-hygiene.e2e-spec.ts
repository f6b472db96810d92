import { createHmac } from 'node:crypto';
import { TicketEntity } from '../libs/database/src/index.js';
import { MAX_JSON_DEPTH } from '../libs/domain/src/index.js';
import { bearer, buildScenario, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

const APP_SECRET = 'tynda-fixture-app-secret';
const API_KEY = 'tynda-fixture-open311-key';
const TOO_DEEP = `request body is nested too deeply (more than ${MAX_JSON_DEPTH} levels)`;

const sign = (body: Buffer): string => `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;

/**
 * A Facebook comment as Meta sends it. JSON.stringify writes NUL as the escape `\u0000` and a lone
 * surrogate as `\ud800` (well-formed JSON.stringify), exactly the bytes that arrive on the wire.
 */
function facebookComment(commentId: string, message: string, authorName = 'Тест Тұрғын'): Buffer {
  const createdTime = Math.floor(Date.now() / 1000);
  const value = {
    from: { id: `9${commentId.slice(-6)}`, name: authorName },
    item: 'comment',
    verb: 'add',
    post_id: '555000111_1',
    comment_id: commentId,
    parent_id: '555000111_1',
    created_time: createdTime,
    message,
  };
  return Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: '555000111', time: createdTime, changes: [{ field: 'feed', value }] }] }));
}

/** `levels` arrays inside each other, around a valid-looking value. */
const nested = (levels: number) => '['.repeat(levels) + '1' + ']'.repeat(levels);

describe('input hygiene: text PostgreSQL refuses, numbers out of range, deep JSON', () => {
  let app: TestApp;
  let s: Scenario;

  const tickets = () => app.dataSource.getRepository(TicketEntity);
  const postJsonText = (path: string, text: string, token?: string) => {
    const req = app.http().post(path).set('Content-Type', 'application/json');
    return (token ? req.set(bearer(token)) : req).send(text);
  };
  const postForm = (body: string) => app.http().post('/open311/v2/requests.json').set('Content-Type', 'application/x-www-form-urlencoded').send(body);
  const get = (path: string, token = s.tokens.admin) => app.http().get(path).set(bearer(token));
  const deliver = (body: Buffer) =>
    app
      .http()
      .post('/webhooks/facebook')
      .set({ 'Content-Type': 'application/json', 'X-Hub-Signature-256': sign(body) })
      .send(body.toString('utf8'));
  const inboxRow = async (commentId: string) =>
    (
      (await app.dataSource.query(`SELECT processed_at, attempts, last_error, outcome FROM inbox_deliveries WHERE convert_from(body, 'UTF8') LIKE $1`, [
        `%${commentId}%`,
      ])) as Array<{
        processed_at: Date | null;
        attempts: number;
        last_error: string | null;
        outcome: Record<string, unknown> | null;
      }>
    )[0];
  const rejectedMalformed = async () => {
    const metrics = await app.http().get('/metrics');
    const m = /tynda_webhook_rejected_total\{channel="facebook",reason="malformed"\} (\d+)/.exec(metrics.text);
    return m ? Number(m[1]) : 0;
  };

  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { FACEBOOK_APP_SECRET: APP_SECRET, INTAKE_RELAY_EVERY_MS: '300', OPEN311_API_KEYS: API_KEY } });
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  describe('channel deliveries', () => {
    it.each([
      ['a NUL', '1029_000001', 'Су жоқ\\u0000 үш күн', 'Су жоқ\u0000 үш күн', 'Су жоқ үш күн'],
      ['a lone surrogate (an emoji cut in half)', '1029_000002', 'Жол бұзылды \\ud83d', 'Жол бұзылды \uD83D', 'Жол бұзылды \uFFFD'],
      ['a lone low surrogate before a whole emoji', '1029_000003', 'x\\udc00y 😀', 'x\uDC00y 😀', 'x\uFFFDy 😀'],
    ])('turns a signed comment with %s into exactly one ticket, text otherwise intact', async (_name, commentId, escaped, message, expected) => {
      const body = facebookComment(commentId, message, `Ай\u0000гүл`);
      // The escapes travel as JSON text in the signed bytes, as Meta sends them.
      expect(body.toString('utf8')).toContain(`"message":"${escaped}"`);
      expect((await deliver(body)).status).toBe(200);
      expect((await deliver(body)).status).toBe(200);
      await eventually(async () => (await inboxRow(commentId))?.processed_at != null);
      const row = (await inboxRow(commentId))!;
      expect(row).toMatchObject({ attempts: 1, last_error: null });
      expect(row.outcome).toMatchObject({ created: [expect.any(String)] });
      const made = await tickets().findBy({ channel: 'facebook', externalId: commentId });
      expect(made).toHaveLength(1);
      expect(made[0]).toMatchObject({ text: expected, authorName: 'Айгүл' });
    });

    it(`refuses a delivery nested deeper than ${MAX_JSON_DEPTH} levels as malformed, and counts it`, async () => {
      const before = await rejectedMalformed();
      const deep = Buffer.from(`{"object":"page","entry":[],"x":${nested(10_000)}}`);
      const res = await deliver(deep);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: TOO_DEEP, requestId: expect.any(String) });
      expect(await rejectedMalformed()).toBe(before + 1);
      // At the limit it is still a delivery (the nesting here is an unknown field the parser ignores).
      const ok = Buffer.from(`{"object":"page","entry":[],"x":${nested(MAX_JSON_DEPTH - 1)}}`);
      expect((await deliver(ok)).status).toBe(200);
    });
  });

  describe('API bodies and query strings', () => {
    it('stores a manual ticket with NUL removed and a lone surrogate replaced, emoji kept (201)', async () => {
      const res = await postJsonText(
        '/api/v1/tickets',
        '{"text":"a\\u0000b x\\ud800y 😀 \\ud83d\\ude00","author":{"name":"Ер\\u0000лан \\udfff"},"locality":"Мерке\\u0000"}',
        s.tokens.pressMerki,
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ text: 'ab x\uFFFDy 😀 😀', author: { name: 'Ерлан \uFFFD' }, locality: 'Мерке' });
      expect(await tickets().findOneByOrFail({ id: res.body.id as string })).toMatchObject({ text: 'ab x\uFFFDy 😀 😀', authorName: 'Ерлан \uFFFD' });
    });

    it('cleans keys too: a field name with a NUL in it is the field it spells', async () => {
      const res = await postJsonText('/api/v1/tickets', '{"te\\u0000xt":"жол","author":{"name":"A"}}', s.tokens.pressMerki);
      expect(res.status).toBe(201);
      expect(res.body.text).toBe('жол');
    });

    it('searches with a NUL or a broken escape in ?q= (200)', async () => {
      const nul = await get('/api/v1/tickets?q=a%00b');
      expect(nul.status).toBe(200);
      expect(nul.body.items).toEqual(expect.any(Array));
      expect((await get('/api/v1/tickets?q=%ED%A0%80')).status).toBe(200);
      expect((await get('/api/v1/clusters?districtId=%00')).status).toBe(400);
    });

    it('files an Open311 request whose description holds a NUL, without it (201)', async () => {
      const res = await postForm(
        `api_key=${API_KEY}&service_code=roads&description=${encodeURIComponent('Жол\u0000 бұзылды')}&first_name=%00Нуржан&address_string=Мерке`,
      );
      expect(res.status).toBe(201);
      const ticket = await tickets().findOneByOrFail({ reference: res.body[0].service_request_id as string });
      expect(ticket).toMatchObject({ text: 'Жол бұзылды', authorName: expect.stringContaining('Нуржан') });
      expect(ticket.authorName).not.toContain('\u0000');
    });

    it('answers an Open311 service_code with a NUL as an unknown service (404, as GeoReport v2 says), and an id with one as not found', async () => {
      const res = await postForm(`api_key=${API_KEY}&service_code=roa%00ds%ED%A0%80&description=x&address_string=Мерке`);
      expect(res.status).toBe(404);
      expect(res.body[0].description).toContain('unknown service_code');
      expect((await app.http().get('/open311/v2/requests/ZHM%00.json')).status).toBe(404);
      expect((await app.http().get('/open311/v2/requests.json?service_request_id=%00')).status).toBe(200);
    });

    it('creates reference data with the NUL removed (201) and logs in with one in the e-mail as a wrong login (401)', async () => {
      const res = await postJsonText('/api/v1/districts', '{"code":"baizak","nameKk":"Байзақ\\u0000 ауданы","nameRu":"Байзакский\\ud800"}', s.tokens.admin);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ nameKk: 'Байзақ ауданы', nameRu: 'Байзакский\uFFFD' });
      const login = await postJsonText('/api/v1/auth/login', '{"email":"admin@test.kz\\u0000","password":"x\\u0000"}');
      expect(login.status).toBe(401);
    });
  });

  describe('out-of-range numbers, garbage cursors and deep bodies answer 4xx, never 500', () => {
    const cursor = (at: string, id = '00000000-0000-4000-8000-000000000000') => Buffer.from(JSON.stringify([at, id])).toString('base64url');
    // A cursor is decoded by the repositories, whose validation errors are 422 (as every list's cursor, the admin failures' included).
    const cases: Array<[string, () => Promise<{ status: number; body: { message?: unknown } }>, number, RegExp]> = [
      [
        'minTickets beyond PostgreSQL integers',
        () => get('/api/v1/clusters?minTickets=99999999999999999999'),
        400,
        /minTickets must not be greater than 1000000/,
      ],
      ['minTickets not a number', () => get('/api/v1/clusters?minTickets=lots'), 400, /minTickets must be an integer/],
      ['minTickets below 1', () => get('/api/v1/clusters?minTickets=0'), 400, /minTickets must not be less than 1/],
      ['a huge limit', () => get('/api/v1/tickets?limit=99999999999999999999'), 400, /limit must not be greater than 200/],
      ['a non-numeric limit', () => get('/api/v1/tickets?limit=ten'), 400, /limit must be an integer/],
      ['a fractional limit', () => get('/api/v1/notifications?limit=1.5'), 400, /limit must be an integer/],
      ['an infinite limit', () => get('/api/v1/districts?limit=1e400'), 400, /limit must not be greater than 200/],
      ['a negative limit on clusters', () => get('/api/v1/clusters?limit=-1'), 400, /limit must not be less than 1/],
      ['a garbage cursor', () => get('/api/v1/tickets?cursor=%00garbage'), 422, /cursor is not valid/],
      ['a cursor before PostgreSQL time', () => get(`/api/v1/tickets?cursor=${cursor('-271821-04-20T00:00:00.000Z')}`), 422, /cursor is not valid/],
      ['a cursor after PostgreSQL time', () => get(`/api/v1/clusters?cursor=${cursor('+275760-09-13T00:00:00.000Z')}`), 422, /cursor is not valid/],
      ['a cursor with a bad id', () => get(`/api/v1/notifications?cursor=${cursor('2026-01-01T00:00:00.000Z', '0'.repeat(36))}`), 422, /cursor is not valid/],
      ['year zero in a report period', () => get('/api/v1/reports/breaches?from=0000-01-01&to=0000-02-01'), 400, /from/],
      [
        'a body nested 10,000 levels deep',
        () => postJsonText('/api/v1/tickets', `{"text":"x","author":${nested(10_000)}}`, s.tokens.pressMerki),
        400,
        /nested too deeply \(more than 64 levels\)/,
      ],
      ['a deep body on a public route', () => postJsonText('/api/v1/auth/login', nested(MAX_JSON_DEPTH + 1)), 400, /nested too deeply/],
      [
        'a deep body of objects',
        () => postJsonText('/api/v1/districts', '{"a":'.repeat(100) + '1' + '}'.repeat(100), s.tokens.admin),
        400,
        /nested too deeply/,
      ],
    ];

    it.each(cases)('%s', async (_name, call, status, message) => {
      const res = await call();
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ statusCode: status, error: status === 400 ? 'Bad Request' : 'Unprocessable Entity', requestId: expect.any(String) });
      expect(JSON.stringify(res.body.message)).toMatch(message);
    });

    it(`accepts a body at the limit of ${MAX_JSON_DEPTH} levels (validation decides the rest)`, async () => {
      const res = await postJsonText('/api/v1/tickets', `{"text":"x","author":{"name":"A"},"extra":${nested(MAX_JSON_DEPTH - 1)}}`, s.tokens.pressMerki);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(/property extra should not exist/);
    });
  });
});
