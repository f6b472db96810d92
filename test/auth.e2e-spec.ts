import { UserEntity } from '../libs/database/src/index.js';
import { TestApp } from './support/test-app.js';
import { PASSWORD, bearer, buildScenario, type Scenario } from './support/scenario.js';

describe('auth', () => {
  let app: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    app = await TestApp.start({ env: { LOGIN_RATE_LIMIT: '3', LOGIN_ADDRESS_RATE_LIMIT: '1000' } });
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  const login = (body: object) => app.http().post('/api/v1/auth/login').send(body);

  it('logs in with the right password and never returns the hash', async () => {
    const res = await login({ email: 'HEAD.LAND@test.kz', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.user).toMatchObject({ email: 'head.land@test.kz', role: 'department_head', departmentId: s.departments.land.id });
    expect(JSON.stringify(res.body)).not.toMatch(/hash|scrypt/i);
    const me = await app.http().get('/api/v1/auth/me').set(bearer(res.body.accessToken));
    expect(me.body).toMatchObject({ id: s.users.headLand.id, role: 'department_head' });
  });

  it('keeps the console language on the account: PATCH /auth/me, then every later sign-in', async () => {
    const first = await login({ email: 'staff.roads@test.kz', password: PASSWORD });
    expect(first.body.user.locale).toBeNull();
    const auth = bearer(first.body.accessToken);
    const set = await app.http().patch('/api/v1/auth/me').set(auth).send({ locale: 'ru' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ id: s.users.staffRoads.id, locale: 'ru' });
    expect((await app.http().get('/api/v1/auth/me').set(auth)).body.locale).toBe('ru');
    expect((await login({ email: 'staff.roads@test.kz', password: PASSWORD })).body.user.locale).toBe('ru');

    const bad = await app.http().patch('/api/v1/auth/me').set(auth).send({ locale: 'de' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('locale must be one of: kk, ru, en');
    // Role, scope and the rest of the account are the admin's to change, not the user's.
    const escalate = await app.http().patch('/api/v1/auth/me').set(auth).send({ locale: 'kk', role: 'admin' });
    expect(escalate.status).toBe(400);
    expect((await app.http().get('/api/v1/auth/me').set(auth)).body).toMatchObject({ role: 'department_staff', locale: 'ru' });
  });

  it('answers a wrong password and an unknown e-mail alike with 401', async () => {
    const wrong = await login({ email: 'governor@test.kz', password: 'not-it' });
    const unknown = await login({ email: 'nobody@test.kz', password: 'not-it' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'wrong e-mail or password' });
    }
  });

  it('rate-limits repeated attempts for one e-mail with 429, even with the right password', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login({ email: 'ghost@test.kz', password: `guess-${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // The scenario's own login was this press secretary's first attempt this minute (limit 3).
    expect((await login({ email: 'press.zhualy@test.kz', password: 'guess' })).status).toBe(401);
    expect((await login({ email: 'press.zhualy@test.kz', password: 'guess' })).status).toBe(401);
    const blocked = await login({ email: 'press.zhualy@test.kz', password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toMatch(/too many sign-in attempts for this account/);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect((await login({ email: 'staff2.land@test.kz', password: PASSWORD })).status).toBe(200);
  });

  it('refuses requests without a token, with a bad token, or from a deactivated user', async () => {
    expect((await app.http().get('/api/v1/tickets')).status).toBe(401);
    const bad = await app.http().get('/api/v1/tickets').set(bearer('not.a.jwt'));
    expect(bad.status).toBe(401);
    expect(bad.body.message).toMatch(/invalid or expired/);
    // Deactivation ends the session at once (the token alone would still verify for hours).
    await app.dataSource.getRepository(UserEntity).update({ id: s.users.staffLand1.id }, { active: false });
    const gone = await app.http().get('/api/v1/tickets').set(bearer(s.tokens.staffLand1));
    expect(gone.status).toBe(401);
    expect((await login({ email: 'staff1.land@test.kz', password: PASSWORD })).status).toBe(401);
  });
});
