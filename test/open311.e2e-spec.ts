import { readFileSync } from 'node:fs';
import { TicketEntity } from '../libs/database/src/index.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

const API_KEY = 'tynda-fixture-open311-key';
const FIXTURE = readFileSync(new URL('./fixtures/channels/open311/request-ru.form', import.meta.url), 'utf8').trim();

interface GeoReportRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_code: string | null;
  expected_datetime: string | null;
  [field: string]: unknown;
}

describe('Open311 GeoReport v2', () => {
  let app: TestApp;
  let s: Scenario;

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (body: string) => app.http().post('/open311/v2/requests.json').set('Content-Type', 'application/x-www-form-urlencoded').send(body);
  const file = (fields: Record<string, string>) => post(form({ api_key: API_KEY, service_code: 'land', description: 'Жер учаскесінің шекарасы дұрыс емес', ...fields }));
  const ticketCount = () => app.dataSource.getRepository(TicketEntity).count();
  const byReference = (reference: string) => app.dataSource.getRepository(TicketEntity).findOneByOrFail({ reference });
  const list = async (query: string) => {
    const res = await app.http().get(`/open311/v2/requests.json?${query}`);
    expect(res.status).toBe(200);
    return (res.body as GeoReportRequest[]).map((r) => r.service_request_id).sort();
  };

  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { OPEN311_API_KEYS: `other-city-app-key, ${API_KEY}` } });
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  it('publishes the categories as services, in Russian or Kazakh, outside /api/v1', async () => {
    const res = await app.http().get('/open311/v2/services.json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { service_code: 'land', service_name: 'Земля', description: 'Жер / Земля', metadata: false, type: 'realtime', keywords: 'жер,участ,земел', group: 'Управление земельных отношений' },
      { service_code: 'other', service_name: 'Другое', description: 'Басқа / Другое', metadata: false, type: 'realtime', keywords: '', group: '' },
      { service_code: 'roads', service_name: 'Дороги', description: 'Жол / Дороги', metadata: false, type: 'realtime', keywords: 'жол,дорог', group: 'Управление дорог' },
    ]);
    const kk = await app.http().get('/open311/v2/services.json?lang=kk&jurisdiction_id=zhambyl.kz');
    expect(kk.body[2]).toMatchObject({ service_code: 'roads', service_name: 'Жол', group: 'Жолдар басқармасы' });
    expect((await app.http().get('/open311/v2/services.json?lang=en')).status).toBe(400);
    expect((await app.http().get('/api/v1/open311/v2/services.json')).status).toBe(404);
  });

  it('turns the fixture into a triaged roads ticket that the worker assigns, then reports it open and closed', async () => {
    const res = await post(FIXTURE);
    expect(res.status).toBe(201);
    expect(res.body).toEqual([{ service_request_id: expect.stringMatching(/^ZHM-\d{4}-\d{6}$/), service_notice: expect.stringContaining('зарегистрировано'), account_id: null }]);
    const reference = res.body[0].service_request_id as string;

    const ticket = await byReference(reference);
    expect(ticket).toMatchObject({
      channel: 'open311',
      categoryCode: 'roads',
      departmentId: s.departments.roads.id,
      districtId: null,
      locality: 'Мерке, ул. Толе би 12',
      authorName: 'Нуржан Ахметова',
      authorPhone: null,
      text: 'Яма на дороге у школы, глубина 30 см',
      language: 'ru',
    });
    const events = await app.http().get(`/api/v1/tickets/${ticket.id}/events`).set(bearer(s.tokens.admin));
    const types = (events.body.items as Array<{ type: string; payload: Record<string, unknown> }>).map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['ticket.created', 'ticket.triaged']);
    expect(events.body.items[0].payload).toEqual({ channel: 'open311', lat: 42.8784, long: 73.1819 });

    await eventually(async () => (await byReference(reference)).status === 'assigned');
    const assigned = await byReference(reference);
    expect(assigned.assigneeId).toBe(s.users.staffRoads.id);

    const one = await app.http().get(`/open311/v2/requests/${reference}.json`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual([
      {
        service_request_id: reference,
        status: 'open',
        status_notes: 'Назначен исполнитель',
        service_name: 'Дороги',
        service_code: 'roads',
        description: 'Яма на дороге у школы, глубина 30 см',
        agency_responsible: 'Управление дорог',
        requested_datetime: assigned.receivedAt.toISOString(),
        updated_datetime: assigned.updatedAt.toISOString(),
        expected_datetime: assigned.resolutionDueAt!.toISOString(),
        address: 'Мерке, ул. Толе би 12',
        lat: 42.8784,
        long: 73.1819,
        media_url: null,
      },
    ]);
    // The resident's name never leaves Tynda through the public API.
    expect(JSON.stringify(one.body)).not.toContain('Нуржан');

    const resolved = await app.http().post(`/api/v1/tickets/${ticket.id}/transitions`).set(bearer(s.tokens.staffRoads)).send({ to: 'resolved', note: 'яма заделана' });
    expect(resolved.status).toBe(200);
    const after = await app.http().get(`/open311/v2/requests/${reference}.json?lang=kk`);
    expect(after.body[0]).toMatchObject({ status: 'closed', status_notes: 'Шешілді', agency_responsible: 'Жолдар басқармасы' });
  });

  it('lists Open311 requests only, filtered by status, service_code and service_request_id', async () => {
    const closedRef = (await list('status=closed'))[0]!;
    const land = (await file({ first_name: 'Айгүл', phone: '+7 701 555 12 34', email: 'aigul@example.kz', media_url: 'https://example.kz/photo.jpg' })).body[0].service_request_id as string;
    const other = (await file({ service_code: 'other', description: 'Көшеде жарық жоқ' })).body[0].service_request_id as string;
    const manual = (await createTicket(app, s)).reference as string;

    const landTicket = await byReference(land);
    expect(landTicket).toMatchObject({ authorName: 'Айгүл', authorPhone: '+7 701 555 12 34', categoryCode: 'land', locality: null });
    // Staff see how to write back and the photo; the public view does not.
    const created = (await app.http().get(`/api/v1/tickets/${landTicket.id}/events`).set(bearer(s.tokens.headLand))).body.items[0];
    expect(created.payload).toEqual({ channel: 'open311', email: 'aigul@example.kz', mediaUrl: 'https://example.kz/photo.jpg' });
    // `other` has no department: the ticket stays new for a press secretary, nobody is responsible yet.
    const otherView = (await app.http().get(`/open311/v2/requests/${other}.json`)).body[0];
    expect(otherView).toMatchObject({ status: 'open', status_notes: 'Обращение получено и ожидает распределения', agency_responsible: null, lat: null, long: null, address: null });

    expect(await list('')).toEqual([closedRef, land, other].sort());
    expect(await list('status=open')).toEqual([land, other].sort());
    expect(await list('status=closed')).toEqual([closedRef]);
    expect(await list('status=open,closed')).toEqual([closedRef, land, other].sort());
    expect(await list('service_code=land')).toEqual([land]);
    expect(await list('service_code=land,roads&status=open')).toEqual([land]);
    expect(await list(`service_request_id=${land},${closedRef}`)).toEqual([closedRef, land].sort());
    // Per the spec, service_request_id overrides the other filters.
    expect(await list(`service_request_id=${closedRef}&status=open`)).toEqual([closedRef]);
    expect(await list(`service_request_id=${manual}`)).toEqual([]);
    expect(await list(`start_date=${new Date(Date.now() + 60_000).toISOString()}`)).toEqual([]);
    expect(await list(`start_date=${new Date(Date.now() - 3_600_000).toISOString()}&end_date=${new Date(Date.now() + 60_000).toISOString()}`)).toHaveLength(3);

    expect((await app.http().get(`/open311/v2/requests/${manual}.json`)).status).toBe(404);
    expect((await app.http().get('/open311/v2/requests.json?status=pending')).status).toBe(400);
    expect((await app.http().get('/open311/v2/requests.json?start_date=2026-03-01&end_date=2026-01-01')).status).toBe(400);
    expect((await app.http().get('/open311/v2/requests.json?start_date=2025-01-01&end_date=2026-01-01')).status).toBe(400);
  });

  it('refuses a missing or wrong api_key with 401 and creates nothing', async () => {
    const before = await ticketCount();
    const wrong = await file({ api_key: 'tynda-fixture-open311-kez' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'api_key is missing or wrong' });
    const missing = await post(form({ service_code: 'roads', description: 'Жол бұзылған' }));
    expect(missing.status).toBe(401);
    // The key is checked before the fields: a caller without one learns nothing about them.
    expect((await post(form({ api_key: 'nope', colour: 'red' }))).status).toBe(401);
    expect(await ticketCount()).toBe(before);
  });

  it('answers 400 for bad input and 404 for an unknown request, in the usual error shape', async () => {
    const before = await ticketCount();
    const unknownService = await file({ service_code: 'potholes' });
    expect(unknownService.status).toBe(400);
    expect(unknownService.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining("unknown service_code 'potholes'") });

    const noDescription = await post(form({ api_key: API_KEY, service_code: 'roads' }));
    expect(noDescription.status).toBe(400);
    expect(noDescription.body.message).toEqual(expect.arrayContaining([expect.stringContaining('description')]));

    const unknownField = await file({ colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.message).toEqual(['property colour should not exist']);

    expect((await file({ lat: '42.87' })).status).toBe(400);
    expect((await file({ lat: '142', long: '73.1' })).status).toBe(400);
    expect((await file({ description: 'x'.repeat(5001) })).status).toBe(400);
    expect(await ticketCount()).toBe(before);

    // Every field the spec allows is accepted, even those Tynda does not use.
    const full = await file({ jurisdiction_id: 'zhambyl.kz', address_id: 'A-17', device_id: 'dev-1', account_id: 'acc-1', last_name: 'Сейітова', lat: '42.9', long: '71.4', address_string: 'Тараз' });
    expect(full.status).toBe(201);

    const unknown = await app.http().get('/open311/v2/requests/ZHM-2020-999999.json');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: 'no Open311 request ZHM-2020-999999' });
  });

  it('says so when no api key is configured', async () => {
    const bare = await TestApp.start();
    try {
      const res = await bare.http().post('/open311/v2/requests.json').type('form').send(FIXTURE);
      expect(res.status).toBe(401);
      expect(res.body.message).toContain('Open311 is not configured');
      expect((await bare.http().get('/open311/v2/services.json')).status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});
