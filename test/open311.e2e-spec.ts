import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { TicketEntity } from '../libs/database/src/index.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

const API_KEY = 'tynda-fixture-open311-key';
const FIXTURE = readFileSync(new URL('./fixtures/channels/open311/request-ru.form', import.meta.url), 'utf8').trim();

const SPEC = (name: string) => readFileSync(new URL(`./fixtures/channels/open311/spec/${name}`, import.meta.url), 'utf8');
const parser = new XMLParser();
const orderedParser = new XMLParser({ preserveOrder: true });

type XmlNode = Record<string, unknown>;
/** Element names, in order and nested; a list's repeated items once (a sample and an answer list different numbers). */
function shape(nodes: XmlNode[]): unknown[] {
  const out: unknown[] = [];
  let previous: string | undefined;
  for (const node of nodes) {
    const tag = Object.keys(node).find((k) => k !== ':@')!;
    if (tag === '#text' || tag === '?xml' || tag === previous) continue;
    previous = tag;
    const children = shape(node[tag] as XmlNode[]);
    out.push(children.length ? { [tag]: children } : tag);
  }
  return out;
}
// The spec's service definition lists attributes; every Tynda service has metadata false, so none.
const withoutAttributes = (s: unknown[]): unknown[] => JSON.parse(JSON.stringify(s).replace(/\{"attributes":\[.*?\]\}(?=\]\}\]$)/, '"attributes"'));
const xmlShape = (xml: string) => withoutAttributes(shape(orderedParser.parse(xml) as XmlNode[]));
const sampleShape = (name: string) => xmlShape(SPEC(name));
/** The keys of an answer (of its first item for a list), nested lists and objects by their first item. */
function jsonKeys(body: unknown): unknown {
  const first = Array.isArray(body) ? body[0] : body;
  if (!first || typeof first !== 'object') return typeof first;
  return Object.entries(first as Record<string, unknown>).map(([k, v]) => (v && typeof v === 'object' && k !== 'attributes' ? { [k]: jsonKeys(v) } : k));
}
const sampleKeys = (name: string) => jsonKeys(JSON.parse(SPEC(name)));

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
  // A location is required by the spec (lat/long, address_string or address_id): these stand at a point.
  const file = (fields: Record<string, string>) =>
    post(form({ api_key: API_KEY, service_code: 'land', description: 'Жер учаскесінің шекарасы дұрыс емес', lat: '42.9', long: '71.37', ...fields }));
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
      {
        service_code: 'land',
        service_name: 'Земля',
        description: 'Жер / Земля',
        metadata: false,
        type: 'realtime',
        keywords: 'жер,участ,земел',
        group: 'Управление земельных отношений',
      },
      { service_code: 'other', service_name: 'Другое', description: 'Басқа / Другое', metadata: false, type: 'realtime', keywords: '', group: '' },
      {
        service_code: 'roads',
        service_name: 'Дороги',
        description: 'Жол / Дороги',
        metadata: false,
        type: 'realtime',
        keywords: 'жол,дорог',
        group: 'Управление дорог',
      },
    ]);
    const kk = await app.http().get('/open311/v2/services.json?lang=kk&jurisdiction_id=zhambyl.kz');
    expect(kk.body[2]).toMatchObject({ service_code: 'roads', service_name: 'Жол', group: 'Жолдар басқармасы' });
    expect((await app.http().get('/open311/v2/services.json?lang=en')).status).toBe(400);
    expect((await app.http().get('/api/v1/open311/v2/services.json')).status).toBe(404);
  });

  it('turns the fixture into a triaged roads ticket that the worker assigns, then reports it open and closed', async () => {
    const res = await post(FIXTURE);
    expect(res.status).toBe(201);
    expect(res.body).toEqual([
      { service_request_id: expect.stringMatching(/^ZHM-\d{4}-\d{6}$/), service_notice: expect.stringContaining('зарегистрировано'), account_id: null },
    ]);
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
        service_notice: null,
        requested_datetime: assigned.receivedAt.toISOString(),
        updated_datetime: assigned.updatedAt.toISOString(),
        expected_datetime: assigned.resolutionDueAt!.toISOString(),
        address: 'Мерке, ул. Толе би 12',
        address_id: null,
        zipcode: null,
        lat: 42.8784,
        long: 73.1819,
        media_url: null,
      },
    ]);
    // The resident's name never leaves Tynda through the public API.
    expect(JSON.stringify(one.body)).not.toContain('Нуржан');

    const resolved = await app
      .http()
      .post(`/api/v1/tickets/${ticket.id}/transitions`)
      .set(bearer(s.tokens.staffRoads))
      .send({ to: 'resolved', note: 'яма заделана', withoutPublicAnswer: true });
    expect(resolved.status).toBe(200);
    const after = await app.http().get(`/open311/v2/requests/${reference}.json?lang=kk`);
    expect(after.body[0]).toMatchObject({ status: 'closed', status_notes: 'Шешілді', agency_responsible: 'Жолдар басқармасы' });
  });

  it('lists Open311 requests only, filtered by status, service_code and service_request_id', async () => {
    const closedRef = (await list('status=closed'))[0]!;
    const land = (await file({ first_name: 'Айгүл', phone: '+7 701 555 12 34', email: 'aigul@example.kz', media_url: 'https://example.kz/photo.jpg' })).body[0]
      .service_request_id as string;
    const other = (await file({ service_code: 'other', description: 'Көшеде жарық жоқ' })).body[0].service_request_id as string;
    const manual = (await createTicket(app, s)).reference as string;

    const landTicket = await byReference(land);
    expect(landTicket).toMatchObject({ authorName: 'Айгүл', authorPhone: '+7 701 555 12 34', categoryCode: 'land', locality: null });
    // Staff see how to write back and the photo; the public view shows the photo (media_url, per the spec), never the e-mail.
    const created = (await app.http().get(`/api/v1/tickets/${landTicket.id}/events`).set(bearer(s.tokens.headLand))).body.items[0];
    expect(created.payload).toEqual({ channel: 'open311', lat: 42.9, long: 71.37, email: 'aigul@example.kz', mediaUrl: 'https://example.kz/photo.jpg' });
    const landView = (await app.http().get(`/open311/v2/requests/${land}.json`)).body[0];
    expect(landView).toMatchObject({ media_url: 'https://example.kz/photo.jpg', lat: 42.9, long: 71.37 });
    expect(JSON.stringify(landView)).not.toContain('aigul@example.kz');
    // `other` has no department: the ticket stays new for a press secretary, nobody is responsible yet.
    const otherView = (await app.http().get(`/open311/v2/requests/${other}.json`)).body[0];
    expect(otherView).toMatchObject({
      status: 'open',
      status_notes: 'Обращение получено и ожидает распределения',
      agency_responsible: null,
      address: null,
      media_url: null,
    });

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

  // GeoReport v2: "403 - api_key was not provided or is invalid" (this test said 401 before the spec was followed).
  it('refuses a missing or wrong api_key with 403, in the spec error format, and creates nothing', async () => {
    const before = await ticketCount();
    const wrong = await file({ api_key: 'tynda-fixture-open311-kez' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual([{ code: 403, description: 'api_key is missing or wrong' }]);
    const missing = await post(form({ service_code: 'roads', description: 'Жол бұзылған' }));
    expect(missing.status).toBe(403);
    // The key is checked before the fields: a caller without one learns nothing about them.
    expect((await post(form({ api_key: 'nope', colour: 'red' }))).status).toBe(403);
    expect(await ticketCount()).toBe(before);
  });

  it('answers the spec codes: 404 for an unknown service_code or request, 400 for a missing required field or bad input', async () => {
    const before = await ticketCount();
    const unknownService = await file({ service_code: 'potholes' });
    expect(unknownService.status).toBe(404);
    expect(unknownService.body).toEqual([{ code: 404, description: expect.stringContaining("unknown service_code 'potholes'") }]);

    const noServiceCode = await post(form({ api_key: API_KEY, lat: '42.9', long: '71.4' }));
    expect(noServiceCode.status).toBe(400);
    expect(noServiceCode.body).toEqual(expect.arrayContaining([{ code: 400, description: expect.stringContaining('service_code') }]));
    const noLocation = await post(form({ api_key: API_KEY, service_code: 'roads', description: 'Жол бұзылған' }));
    expect(noLocation.status).toBe(400);
    expect(noLocation.body).toEqual([{ code: 400, description: 'a location is required: lat and long, address_string or address_id' }]);

    const unknownField = await file({ colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body).toEqual([{ code: 400, description: 'property colour should not exist' }]);

    // lat without long (an empty field is an absent one).
    expect((await file({ lat: '42.87', long: '' })).status).toBe(400);
    expect((await file({ lat: '142', long: '73.1' })).status).toBe(400);
    expect((await file({ description: 'x'.repeat(5001) })).status).toBe(400);
    expect(await ticketCount()).toBe(before);

    // Every field the spec allows is accepted, even those Tynda does not use.
    const full = await file({
      jurisdiction_id: 'zhambyl.kz',
      address_id: 'A-17',
      device_id: 'dev-1',
      account_id: 'acc-1',
      last_name: 'Сейітова',
      lat: '42.9',
      long: '71.4',
      address_string: 'Тараз',
    });
    expect(full.status).toBe(201);

    const unknown = await app.http().get('/open311/v2/requests/ZHM-2020-999999.json');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([{ code: 404, description: 'no Open311 request ZHM-2020-999999' }]);
  });

  it('takes description as optional, ignores empty optional fields, accepts JSON bodies and jurisdiction_id', async () => {
    const noDescription = await post(form({ api_key: API_KEY, service_code: 'roads', address_string: 'Тараз, Толе би 5' }));
    expect(noDescription.status).toBe(201);
    const ticket = await byReference(noDescription.body[0].service_request_id as string);
    // Without a description the ticket says what was asked for, so the desk still has a text to work on.
    expect(ticket).toMatchObject({ text: 'Жол / Дороги', locality: 'Тараз, Толе би 5' });

    // A city app's form sends every field, empty when unused.
    const blanks = {
      email: '',
      phone: '',
      media_url: '',
      first_name: '',
      last_name: '',
      device_id: '',
      account_id: '',
      address_id: '',
      jurisdiction_id: '',
      description: '',
    };
    const withBlanks = await post(form({ api_key: API_KEY, service_code: 'land', lat: '', long: '', address_string: 'Тараз', ...blanks }));
    expect(withBlanks.status).toBe(201);
    const list = await app.http().get('/open311/v2/requests.json?status=&service_code=&start_date=&end_date=&service_request_id=&jurisdiction_id=&lang=');
    expect(list.status).toBe(200);
    expect((list.body as GeoReportRequest[]).map((r) => r.service_request_id)).toContain(withBlanks.body[0].service_request_id);

    const json = await app.http().post('/open311/v2/requests.json').send({
      api_key: API_KEY,
      jurisdiction_id: 'zhambyl.kz',
      service_code: 'roads',
      lat: 42.9,
      long: 71.37,
      description: 'Жол бұзылған',
      media_url: 'https://example.kz/road.jpg',
    });
    expect(json.status).toBe(201);
    const filed = await app.http().get(`/open311/v2/requests/${json.body[0].service_request_id}.json?jurisdiction_id=zhambyl.kz`);
    expect(filed.body[0]).toMatchObject({ lat: 42.9, long: 71.37, media_url: 'https://example.kz/road.jpg', description: 'Жол бұзылған' });
    for (const path of ['discovery', 'services', 'services/roads', 'requests']) {
      expect((await app.http().get(`/open311/v2/${path}.json?jurisdiction_id=zhambyl.kz`)).status).toBe(200);
    }
    // Reading needs no key; a client that sends its key anyway is not refused.
    expect((await app.http().get(`/open311/v2/requests.json?api_key=${API_KEY}`)).status).toBe(200);
  });

  it('serves every resource as .json and .xml with the structure of the spec examples', async () => {
    const posted = await post(
      form({ api_key: API_KEY, service_code: 'roads', lat: '42.9', long: '71.37', media_url: 'https://example.kz/pothole.jpg', description: 'Жолда шұңқыр' }),
    );
    const reference = posted.body[0].service_request_id as string;
    const postedXml = await app
      .http()
      .post('/open311/v2/requests.xml')
      .type('form')
      .send(form({ api_key: API_KEY, service_code: 'land', address_id: 'A-17' }));
    expect(postedXml.status).toBe(201);
    const resources: Array<[string, string, string]> = [
      ['GET services', '/open311/v2/services', 'services'],
      ['GET service definition', '/open311/v2/services/roads', 'service-definition'],
      ['GET requests', '/open311/v2/requests', 'requests'],
      ['GET request', `/open311/v2/requests/${reference}`, 'requests'],
      ['discovery', '/open311/v2/discovery', 'discovery'],
    ];
    for (const [what, path, sample] of resources) {
      const json = await app.http().get(`${path}.json`);
      const xml = await app.http().get(`${path}.xml`);
      expect({ what, json: json.status, xml: xml.status }).toEqual({ what, json: 200, xml: 200 });
      expect(json.headers['content-type']).toMatch(/^application\/json/);
      expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(xml.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
      expect({ what, shape: xmlShape(xml.text) }).toEqual({ what, shape: sampleShape(`${sample}.xml`) });
      expect({ what, keys: jsonKeys(json.body) }).toEqual({ what, keys: sampleKeys(`${sample}.json`) });
    }
    expect({ shape: xmlShape(postedXml.text), keys: jsonKeys(posted.body) }).toEqual({
      shape: sampleShape('post-request.xml'),
      keys: sampleKeys('post-request.json'),
    });

    // The XML says what the JSON says.
    const xml = parser.parse((await app.http().get(`/open311/v2/requests/${reference}.xml`)).text) as {
      service_requests: { request: Record<string, unknown> };
    };
    expect(xml.service_requests.request).toMatchObject({
      service_request_id: reference,
      status: 'open',
      service_code: 'roads',
      media_url: 'https://example.kz/pothole.jpg',
      lat: 42.9,
      long: 71.37,
    });
    const discovery = (await app.http().get('/open311/v2/discovery.json')).body;
    expect(discovery.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/open311\/v2$/),
        changeset: expect.any(String),
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ]);

    // Errors too, in both formats; an unknown format is a resource that does not exist.
    const errors: Array<[string, () => Promise<{ status: number; text: string; body: unknown }>, number]> = [
      [
        '403',
        () =>
          app
            .http()
            .post('/open311/v2/requests.xml')
            .type('form')
            .send(form({ api_key: 'wrong', service_code: 'roads' })),
        403,
      ],
      ['404 service', () => app.http().get('/open311/v2/services/potholes.xml'), 404],
      ['404 request', () => app.http().get('/open311/v2/requests/ZHM-2020-999999.xml'), 404],
      ['400', () => app.http().get('/open311/v2/requests.xml?status=pending'), 400],
    ];
    for (const [what, send, code] of errors) {
      const res = await send();
      expect({ what, status: res.status, shape: xmlShape(res.text) }).toEqual({ what, status: code, shape: sampleShape('errors.xml') });
      expect((parser.parse(res.text) as { errors: { error: { code: number } } }).errors.error.code).toBe(code);
    }
    const jsonError = await app.http().get('/open311/v2/services/potholes.json');
    expect(jsonKeys(jsonError.body)).toEqual(sampleKeys('errors.json'));
    expect((await app.http().get('/open311/v2/services.txt')).status).toBe(404);
  });

  it('says so when no api key is configured', async () => {
    const bare = await TestApp.start();
    try {
      const res = await bare.http().post('/open311/v2/requests.json').type('form').send(FIXTURE);
      expect(res.status).toBe(403);
      expect(res.body[0].description).toContain('Open311 is not configured');
      expect((await bare.http().get('/open311/v2/services.json')).status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});
