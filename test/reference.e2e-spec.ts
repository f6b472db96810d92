import { TestApp } from './support/test-app.js';
import { bearer, buildScenario, type Scenario } from './support/scenario.js';

describe('reference data', () => {
  let app: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  const admin = () => ({
    post: (path: string, body: object) => app.http().post(`/api/v1${path}`).set(bearer(s.tokens.admin)).send(body),
    patch: (path: string, body: object) => app.http().patch(`/api/v1${path}`).set(bearer(s.tokens.admin)).send(body),
    delete: (path: string) => app.http().delete(`/api/v1${path}`).set(bearer(s.tokens.admin)),
    get: (path: string) => app.http().get(`/api/v1${path}`).set(bearer(s.tokens.admin)),
  });

  it('creates, reads, updates and deletes a department, and pages through the list', async () => {
    const created = await admin().post('/departments', { code: 'water', nameKk: 'Су басқармасы', nameRu: 'Управление водоснабжения' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), code: 'water', nameKk: 'Су басқармасы' });
    const id = created.body.id as string;
    expect((await admin().get(`/departments/${id}`)).body.code).toBe('water');
    const renamed = await admin().patch(`/departments/${id}`, { nameRu: 'Управление энергетики и водоснабжения' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ code: 'water', nameRu: 'Управление энергетики и водоснабжения' });
    const first = await admin().get('/departments?limit=2');
    expect(first.body.items).toHaveLength(2);
    const rest = await admin().get(`/departments?limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body.items.map((d: { code: string }) => d.code)).toEqual(['water']);
    expect(rest.body.nextCursor).toBeNull();
    expect((await admin().delete(`/departments/${id}`)).status).toBe(204);
    expect((await admin().get(`/departments/${id}`)).status).toBe(404);
  });

  it('answers 409 when deleting a department that categories still use', async () => {
    const res = await admin().delete(`/departments/${s.departments.land.id}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/referenced|still/);
  });

  it('creates users with hashed passwords that never come back, and lets them log in', async () => {
    const res = await admin().post('/users', {
      email: 'New.Staff@test.kz',
      password: 'a-long-password',
      fullName: 'Нұрлан Жақсылықов',
      role: 'department_staff',
      departmentId: s.departments.roads.id,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'New.Staff@test.kz', role: 'department_staff', active: true });
    expect(res.body).not.toHaveProperty('password');
    expect(res.body).not.toHaveProperty('passwordHash');
    expect((await app.http().post('/api/v1/auth/login').send({ email: 'new.staff@test.kz', password: 'a-long-password' })).status).toBe(200);
    const dup = await admin().post('/users', { email: 'new.staff@TEST.kz', password: 'a-long-password', fullName: 'X', role: 'governor_office' });
    expect(dup.status).toBe(409);
    const list = await admin().get('/users?limit=200');
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt/);
  });

  it('registers pages once per channel and external id', async () => {
    const body = { channel: 'facebook', externalId: '104538291276431', districtId: s.districts.merki.id, title: 'Меркі ауданы әкімдігі' };
    expect((await admin().post('/pages', body)).status).toBe(201);
    expect((await admin().post('/pages', body)).status).toBe(409);
    expect((await admin().post('/pages', { ...body, channel: 'instagram' })).status).toBe(201);
    const both = await admin().post('/pages', { ...body, externalId: '1', departmentId: s.departments.land.id });
    expect(both.status).toBe(422);
  });

  it('stores SLA policies with ISO durations and calendars with working hours', async () => {
    const calendar = await admin().post('/calendars', {
      name: 'Kazakhstan 5-day week',
      workingHours: {
        mon: [
          ['09:00', '13:00'],
          ['14:00', '18:00'],
        ],
        tue: [['09:00', '18:00']],
      },
      holidays: ['2026-03-21', '2026-03-22', '2026-03-23'],
      exceptions: [{ date: '2026-01-03', working: true }],
    });
    expect(calendar.status).toBe(201);
    expect(calendar.body).toMatchObject({ timeZone: 'Asia/Almaty', holidays: ['2026-03-21', '2026-03-22', '2026-03-23'] });
    const policy = await admin().post('/sla-policies', {
      name: 'Urgent',
      priority: 'urgent',
      firstResponse: 'PT2H',
      resolution: 'P2D',
      calendarId: calendar.body.id,
      escalateAfter: 'PT4H',
    });
    expect(policy.status).toBe(201);
    expect(policy.body).toMatchObject({ firstResponse: 'PT2H', warningRatio: 0.8, calendarId: calendar.body.id });
    const seconds = await admin().post('/sla-policies', { name: 'Test', firstResponse: 'PT3S', resolution: 'PT10S', warningRatio: 0.5 });
    expect(seconds.body).toMatchObject({ calendarId: null, warningRatio: 0.5 });
    const months = await admin().post('/sla-policies', { name: 'Bad', firstResponse: 'P1M', resolution: 'P1D' });
    expect(months.status).toBe(400);
  });

  it('stores category keywords lowercase', async () => {
    const res = await admin().post('/categories', {
      code: 'water',
      nameKk: 'Су',
      nameRu: 'Вода',
      departmentId: s.departments.roads.id,
      keywords: [' Су ', 'ВОД'],
    });
    expect(res.status).toBe(201);
    expect(res.body.keywords).toEqual(['су', 'вод']);
  });
});
