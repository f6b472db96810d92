import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Response } from 'supertest';
import { OpenApiResponseValidator } from './support/openapi-validator.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp } from './support/test-app.js';

const run = promisify(execFile);
const API_KEY = 'openapi-test-open311-key';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface Op {
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }>; headers?: Record<string, unknown> }>;
}

describe('OpenAPI document (generated from the running app)', () => {
  let app: TestApp;
  let s: Scenario;
  let document: { paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, Record<string, unknown>> } };
  let dir: string;
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m]! })));

  beforeAll(async () => {
    app = await TestApp.start({ env: { DOCS_ENABLED: 'true', OPEN311_API_KEYS: API_KEY } });
    s = await buildScenario(app);
    const res = await app.http().get('/docs/openapi.json');
    expect(res.status).toBe(200);
    document = res.body;
    dir = mkdtempSync(join(tmpdir(), 'tynda-openapi-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await app.close();
  });

  it('lints clean with @redocly/cli (recommended ruleset, redocly.yaml): no error, no warning', async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    // No telemetry or update check: the lint is a local, offline check.
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    const result = await run('node_modules/.bin/redocly', ['lint', file, '--config', 'redocly.yaml', '--format', 'stylish'], { env }).then(
      (r) => ({ code: 0, output: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
    );
    expect({ code: result.code, problems: result.output.split('\n').filter((l) => /\b(error|warning)\b/.test(l) && !/Node\.js/.test(l)) }).toEqual({
      code: 0,
      problems: [],
    });
  });

  it('documents every operation: summary, a typed answer, errors with the shared shape, security, filters', () => {
    const problems: string[] = [];
    for (const { path, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.summary) problems.push(`${where}: no summary`);
      if (!op.tags?.length) problems.push(`${where}: no tag`);
      const success = Object.entries(op.responses).filter(([code]) => /^2/.test(code));
      if (!success.length) problems.push(`${where}: no 2xx response`);
      for (const [code, r] of success) {
        const schema = r.content?.['application/json']?.schema;
        if (code !== '204' && r.content?.['application/json'] && (!schema || !Object.keys(schema).length)) problems.push(`${where}: ${code} without a schema`);
        if (code !== '204' && !r.content) problems.push(`${where}: ${code} without content`);
      }
      const errors = Object.keys(op.responses).filter((code) => /^4/.test(code));
      if (!errors.length && !path.includes('/health/')) problems.push(`${where}: no 4xx response`);
      for (const code of errors) if (!op.responses[code]!.content) problems.push(`${where}: ${code} without a body schema`);
      if (!op.security || (op.security.length && JSON.stringify(op.security) !== JSON.stringify([{ bearer: [] }])))
        problems.push(`${where}: security ${JSON.stringify(op.security)}`);
      if (op.security?.length && !op.responses['401']) problems.push(`${where}: protected without a 401`);
    }
    expect(problems).toEqual([]);

    const op = (method: string, path: string) => document.paths[path]![method]!;
    const params = (method: string, path: string) => (op(method, path).parameters ?? []).map((p) => `${p.in}:${p.name}`);
    expect(op('get', '/api/v1/auth/me').security).toEqual([{ bearer: [] }]);
    expect(op('post', '/api/v1/auth/login').security).toEqual([]);
    expect(params('get', '/api/v1/tickets')).toEqual(
      expect.arrayContaining([
        'query:limit',
        'query:cursor',
        'query:status',
        'query:districtId',
        'query:departmentId',
        'query:assigneeId',
        'query:clusterId',
        'query:slaState',
        'query:q',
        'query:from',
        'query:to',
      ]),
    );
    expect(params('get', '/api/v1/reports/sla')).toEqual(expect.arrayContaining(['query:from', 'query:to', 'query:groupBy']));
    expect(params('get', '/api/v1/reports/breaches')).toEqual(expect.arrayContaining(['query:from', 'query:to', 'query:districtId', 'query:departmentId']));
    expect(params('get', '/api/v1/clusters')).toEqual(expect.arrayContaining(['query:limit', 'query:cursor', 'query:districtId', 'query:minTickets']));
    expect(params('get', '/api/v1/notifications')).toEqual(expect.arrayContaining(['query:limit', 'query:cursor', 'query:unread']));
    expect(params('get', '/open311/v2/requests.{format}')).toEqual(
      expect.arrayContaining([
        'path:format',
        'query:jurisdiction_id',
        'query:service_request_id',
        'query:service_code',
        'query:start_date',
        'query:end_date',
        'query:status',
      ]),
    );
    expect(params('post', '/api/v1/tickets/{id}/transitions')).toContain('header:If-Match');
    // Ids parsed by ParseUUIDPipe are uuids in the document; the failures' ids (`queue/jobId`, numbers) are not.
    const pathParam = (method: string, path: string, name: string) =>
      (op(method, path).parameters as Array<{ in: string; name: string; schema: object }>).find((p) => p.in === 'path' && p.name === name)!.schema;
    expect(pathParam('get', '/api/v1/tickets/{id}', 'id')).toEqual({ type: 'string', format: 'uuid' });
    expect(pathParam('patch', '/api/v1/districts/{id}', 'id')).toEqual({ type: 'string', format: 'uuid' });
    expect(pathParam('post', '/api/v1/admin/failures/{kind}/{id}/retry', 'id')).toEqual({ type: 'string' });
    expect(op('post', '/api/v1/tickets/{id}/transitions').responses['200']!.headers).toHaveProperty('ETag');
    expect(Object.keys(op('post', '/open311/v2/requests.{format}').requestBody!.content).sort()).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
    ]);
    expect(Object.keys(op('get', '/open311/v2/services.{format}').responses['200']!.content!).sort()).toEqual(['application/json', 'text/xml']);
    // Request schemas come from the validation rules: no DTO is an empty object any more.
    const empty = Object.entries(document.components.schemas).filter(
      ([, schema]) => schema.type === 'object' && !schema.properties && !schema.additionalProperties,
    );
    expect(empty.map(([name]) => name)).toEqual([]);
    expect(document.components.schemas.CreateTicketDto).toMatchObject({
      required: expect.arrayContaining(['text', 'author']),
      properties: {
        text: { type: 'string', minLength: 1, maxLength: 5000 },
        districtId: { type: 'string', format: 'uuid' },
        priority: { enum: ['low', 'normal', 'high', 'urgent'] },
      },
    });
  });

  it('answers public operations without a token (what the document calls public is)', async () => {
    const publicOps = operations().filter(({ path, op }) => op.security?.length === 0 && !path.startsWith('/webhooks/'));
    expect(publicOps.length).toBeGreaterThan(5);
    const refused: string[] = [];
    for (const { path, method } of publicOps) {
      const concrete = path.replace('{format}', 'json').replace('{service_code}', 'roads').replace('{id}', 'ZHM-2026-000001');
      const res = await app.http()[method as 'get'](concrete);
      if (res.status === 401) refused.push(`${method.toUpperCase()} ${path}`);
    }
    expect(refused).toEqual([]);
  });

  it('has a validator that refuses what it must (an empty schema, an unknown field, a wrong type, an undocumented status)', () => {
    const json = (schema: object) => ({ content: { 'application/json': { schema } } });
    const validator = new OpenApiResponseValidator({
      paths: {
        '/things/{id}': { get: { responses: { '200': json({ $ref: '#/components/schemas/Thing' }), '404': json({}) } } },
        '/things.{format}': { get: { responses: { '200': json({ type: 'array', items: { $ref: '#/components/schemas/Thing' } }) } } },
      },
      components: {
        schemas: { Thing: { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, note: { type: 'string', nullable: true } } } },
      },
    });
    const check = (path: string, status: number, body: unknown) => validator.check('GET', path, status, 'application/json; charset=utf-8', body);
    expect(check('/things/1', 200, { id: 1, note: null })).toEqual([]);
    expect(check('/things.json', 200, [{ id: 1 }])).toEqual([]);
    expect(check('/things/1', 200, { id: 1, extra: true })).toEqual([expect.stringContaining('must NOT have additional properties')]);
    expect(check('/things/1', 200, { id: 'one' })).toEqual([expect.stringContaining('must be integer')]);
    expect(check('/things/1', 404, { anything: 1 })).toEqual([expect.stringContaining('without a schema')]);
    expect(check('/things/1', 500, {})).toEqual([expect.stringContaining('not documented')]);
    expect(check('/nothing', 200, {})).toEqual([expect.stringContaining('no operation')]);
  });

  it('describes real answers of the main flows: 0 violations', async () => {
    const validator = new OpenApiResponseValidator(document as unknown as Record<string, unknown>);
    const violations: string[] = [];
    const seen: string[] = [];
    const record = (method: string, path: string, res: Response): Response => {
      seen.push(`${method} ${path.split('?')[0]} ${res.status}`);
      violations.push(...validator.check(method, path, res.status, res.headers['content-type'], res.body));
      return res;
    };
    const call = async (
      method: 'get' | 'post' | 'patch' | 'delete' | 'put',
      path: string,
      o: { token?: string; body?: object; form?: string; headers?: Record<string, string> } = {},
    ) => {
      let req = app.http()[method](path);
      if (o.token) req = req.set(bearer(o.token));
      for (const [k, v] of Object.entries(o.headers ?? {})) req = req.set(k, v);
      if (o.form !== undefined) req = req.type('form').send(o.form);
      else if (o.body) req = req.send(o.body);
      return record(method.toUpperCase(), path, await req);
    };
    const { admin, pressMerki, headLand, staffLand1, governor } = s.tokens;

    // Sign-in and the signed-in user.
    expect((await call('post', '/api/v1/auth/login', { body: { email: 'admin@test.kz', password: 'correct-horse-battery' } })).status).toBe(200);
    expect((await call('post', '/api/v1/auth/login', { body: { email: 'admin@test.kz', password: 'wrong-password' } })).status).toBe(401);
    expect((await call('post', '/api/v1/auth/login', { body: { email: 'not-an-email' } })).status).toBe(400);
    expect((await call('get', '/api/v1/auth/me', { token: pressMerki })).status).toBe(200);
    expect((await call('get', '/api/v1/auth/me')).status).toBe(401);
    expect((await call('patch', '/api/v1/auth/me', { token: pressMerki, body: { locale: 'kk' } })).status).toBe(200);
    const spare = await app.login('governor@test.kz', 'correct-horse-battery');
    expect((await call('post', '/api/v1/auth/logout', { token: spare })).status).toBe(200);

    // Tickets: create, read, triage, assign, reply, transitions, with ETag/If-Match.
    const created = await createTicket(app, s);
    const t = created.id;
    expect(
      (
        await call('post', '/api/v1/tickets', {
          token: pressMerki,
          body: { text: 'Жол бұзылған', districtId: s.districts.merki.id, author: { name: 'Ерлан' } },
        })
      ).status,
    ).toBe(201);
    expect(
      (await call('post', '/api/v1/tickets', { token: pressMerki, body: { text: 'x', author: { name: 'Ерлан' }, receivedAt: '2099-01-01T00:00:00Z' } })).status,
    ).toBe(422);
    expect((await call('post', '/api/v1/tickets', { token: pressMerki, body: { text: '', author: {} } })).status).toBe(400);
    expect((await call('get', '/api/v1/tickets', { token: pressMerki })).status).toBe(200);
    expect((await call('get', `/api/v1/tickets?status=new,triaged&districtId=${s.districts.merki.id}&limit=1&count=true`, { token: admin })).status).toBe(200);
    expect((await call('get', '/api/v1/tickets?status=bogus', { token: admin })).status).toBe(400);
    expect((await call('get', '/api/v1/tickets?cursor=not-a-cursor', { token: admin })).status).toBe(422);
    const got = await call('get', `/api/v1/tickets/${t}`, { token: pressMerki });
    expect(got.headers.etag).toBe(`"${got.body.version}"`);
    expect((await call('get', '/api/v1/tickets/00000000-0000-4000-8000-000000000000', { token: pressMerki })).status).toBe(404);
    expect((await call('get', '/api/v1/tickets/not-a-uuid', { token: pressMerki })).status).toBe(400);
    const triaged = await call('post', `/api/v1/tickets/${t}/triage`, {
      token: pressMerki,
      body: { categoryCode: 'land' },
      headers: { 'If-Match': got.headers.etag as string },
    });
    expect(triaged.status).toBe(200);
    expect(
      (
        await call('post', `/api/v1/tickets/${t}/triage`, {
          token: pressMerki,
          body: { priority: 'high' },
          headers: { 'If-Match': got.headers.etag as string },
        })
      ).status,
    ).toBe(409);
    expect((await call('post', `/api/v1/tickets/${t}/assign`, { token: headLand, body: { assigneeId: s.users.staffLand1.id } })).status).toBe(200);
    expect((await call('post', `/api/v1/tickets/${t}/assign`, { token: governor, body: { assigneeId: s.users.staffLand1.id } })).status).toBe(403);
    expect(
      (await call('post', `/api/v1/tickets/${t}/replies`, { token: staffLand1, body: { body: 'Тексеріп жатырмыз', visibility: 'internal' } })).status,
    ).toBe(201);
    expect((await call('post', `/api/v1/tickets/${t}/transitions`, { token: staffLand1, body: { to: 'in_progress' } })).status).toBe(200);
    expect((await call('post', `/api/v1/tickets/${t}/transitions`, { token: staffLand1, body: { to: 'new' } })).status).toBe(409);
    for (const sub of ['events', 'replies', 'people']) expect((await call('get', `/api/v1/tickets/${t}/${sub}`, { token: admin })).status).toBe(200);
    const appeal = await call('post', `/api/v1/tickets/${t}/formal-appeal`, {
      token: pressMerki,
      body: { number: 'ЖТ-2026-0042', registeredAt: new Date().toISOString() },
    });
    expect(appeal.status).toBe(200);
    expect(appeal.body.formalAppeal).toMatchObject({ number: 'ЖТ-2026-0042' });
    expect((await call('post', `/api/v1/tickets/${t}/formal-appeal`, { token: pressMerki, body: { number: ' ', registeredAt: 'yesterday' } })).status).toBe(
      400,
    );

    // Bulk triage: each ticket's outcome (one done, one stale), a body refused, a role that may not.
    const fresh = await createTicket(app, s);
    const bulk = await call('post', '/api/v1/tickets/bulk-triage', {
      token: pressMerki,
      body: {
        tickets: [
          { id: fresh.id, version: fresh.version },
          { id: t, version: 1 },
        ],
        categoryCode: 'roads',
      },
    });
    expect(bulk.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);
    expect((await call('post', '/api/v1/tickets/bulk-reject', { token: pressMerki, body: { tickets: [], reason: ' ' } })).status).toBe(400);
    expect(
      (await call('post', '/api/v1/tickets/bulk-reject', { token: staffLand1, body: { tickets: [{ id: fresh.id, version: 2 }], reason: 'спам' } })).status,
    ).toBe(403);

    // Reports (JSON), notifications, clusters, routing, failures.
    for (const path of [
      '/api/v1/reports/sla',
      '/api/v1/reports/sla?groupBy=department',
      '/api/v1/reports/breaches',
      '/api/v1/reports/monthly',
      '/api/v1/reports/ranking',
    ]) {
      expect((await call('get', path, { token: admin })).status).toBe(200);
    }
    expect((await call('get', '/api/v1/reports/sla?from=2026-02-30', { token: admin })).status).toBe(400);
    expect((await call('get', '/api/v1/reports/sla', { token: staffLand1 })).status).toBe(403);
    expect((await call('get', '/api/v1/notifications?unread=true', { token: staffLand1 })).status).toBe(200);
    expect((await call('post', '/api/v1/notifications/read-all', { token: staffLand1 })).status).toBe(200);
    expect((await call('get', '/api/v1/clusters?minTickets=1', { token: admin })).status).toBe(200);
    expect((await call('post', '/api/v1/routing/preview', { token: admin, body: { text: 'жол бұзылған' } })).status).toBe(200);
    expect((await call('get', '/api/v1/routing/model', { token: admin })).status).toBe(200);
    expect((await call('get', '/api/v1/admin/failures', { token: admin })).status).toBe(200);
    expect((await call('get', '/api/v1/admin/failures?kind=nonsense', { token: admin })).status).toBe(400);
    expect((await call('post', '/api/v1/admin/queue-dashboard/session', { token: admin })).status).toBe(200);
    expect((await call('post', '/api/v1/admin/queue-dashboard/session', { token: pressMerki })).status).toBe(403);

    // Reference data: every list, and a district's whole life.
    for (const path of [
      'districts',
      'departments',
      'categories',
      'pages',
      'users',
      'sla-policies',
      'calendars',
      'holiday-rules',
      'day-transfers',
      'saved-replies',
    ]) {
      expect((await call('get', `/api/v1/${path}`, { token: admin })).status).toBe(200);
    }
    const district = await call('post', '/api/v1/districts', { token: admin, body: { code: 'talas', nameKk: 'Талас ауданы', nameRu: 'Таласский район' } });
    expect(district.status).toBe(201);
    expect((await call('post', '/api/v1/districts', { token: admin, body: { code: 'talas', nameKk: 'Талас', nameRu: 'Талас' } })).status).toBe(409);
    expect((await call('get', `/api/v1/districts/${district.body.id}`, { token: pressMerki })).status).toBe(200);
    expect((await call('patch', `/api/v1/districts/${district.body.id}`, { token: admin, body: { nameRu: 'Таласский р-н' } })).status).toBe(200);
    expect((await call('delete', `/api/v1/districts/${district.body.id}`, { token: admin })).status).toBe(204);
    expect((await call('post', '/api/v1/calendars', { token: admin, body: { name: 'Шестидневка', workingHours: { mon: [['09:00', '18:00']] } } })).status).toBe(
      201,
    );
    expect(
      (await call('post', '/api/v1/sla-policies', { token: admin, body: { name: 'Срочные', priority: 'urgent', firstResponse: 'PT1H', resolution: 'P1D' } }))
        .status,
    ).toBe(201);
    expect(
      (
        await call('post', '/api/v1/pages', {
          token: admin,
          body: { channel: 'facebook', externalId: 'page-1', title: 'Акимат', districtId: s.districts.merki.id },
        })
      ).status,
    ).toBe(201);
    expect((await call('post', '/api/v1/holiday-rules', { token: admin, body: { nameKk: 'Наурыз', nameRu: 'Наурыз', month: 3, day: 22 } })).status).toBe(201);
    expect(
      (await call('post', '/api/v1/day-transfers', { token: admin, body: { date: '2027-01-03', working: true, decree: 'Постановление №1' } })).status,
    ).toBe(201);
    expect((await call('post', `/api/v1/users/${s.users.staffLand2.id}/unlock`, { token: admin })).status).toBe(200);

    // Health and Open311 (JSON answers; the XML ones are checked by test/open311.e2e-spec.ts).
    // The channels' webhooks: refused without their verify token or signature, in the shared error shape.
    expect((await call('get', '/webhooks/facebook?hub.mode=subscribe&hub.challenge=42&hub.verify_token=wrong')).status).toBe(403);
    expect((await call('post', '/webhooks/telegram', { body: { update_id: 1 } })).status).toBe(401);
    expect((await call('get', '/public/scorecard')).status).toBe(200);
    expect((await call('get', '/public/scorecard?month=2026-13')).status).toBe(400);
    expect((await call('get', '/health/live')).status).toBe(200);
    expect((await call('get', '/health/ready')).status).toBe(200);
    expect((await call('get', '/open311/v2/discovery.json')).status).toBe(200);
    expect((await call('get', '/open311/v2/services.json')).status).toBe(200);
    expect((await call('get', '/open311/v2/services/roads.json')).status).toBe(200);
    expect((await call('get', '/open311/v2/services/potholes.json')).status).toBe(404);
    const filed = await call('post', '/open311/v2/requests.json', {
      form: new URLSearchParams({ api_key: API_KEY, service_code: 'roads', lat: '42.87', long: '73.18', media_url: 'https://example.kz/p.jpg' }).toString(),
    });
    expect(filed.status).toBe(201);
    expect(
      (await call('post', '/open311/v2/requests.json', { body: { api_key: API_KEY, service_code: 'land', address_string: 'Тараз', description: 'Шекара' } }))
        .status,
    ).toBe(201);
    expect((await call('post', '/open311/v2/requests.json', { form: `api_key=nope&service_code=roads` })).status).toBe(403);
    expect((await call('post', '/open311/v2/requests.json', { form: `api_key=${API_KEY}&service_code=potholes&address_string=x` })).status).toBe(404);
    expect((await call('post', '/open311/v2/requests.json', { form: `api_key=${API_KEY}&address_string=x` })).status).toBe(400);
    expect((await call('get', '/open311/v2/requests.json?status=open&service_code=roads')).status).toBe(200);
    expect((await call('get', `/open311/v2/requests/${filed.body[0].service_request_id}.json`)).status).toBe(200);

    expect(violations).toEqual([]);
    expect(seen.length).toBeGreaterThan(70);
  });
});
