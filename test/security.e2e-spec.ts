import type { INestApplication } from '@nestjs/common';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createApiApp } from '../apps/api/src/create-api-app.js';
import { AppConfig } from '../libs/config/src/index.js';
import { UserEntity } from '../libs/database/src/index.js';
import { seed } from '../libs/seed/src/seed.js';
import { hashPassword } from '../libs/domain/src/index.js';
import { PASSWORD, bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp } from './support/test-app.js';

const STRONG_SECRET = 'q3Zr8vYb1mKx0TfW9pLcN2sHdJ7uAeG4oRiV6yBnXkQ5wMtS';
const SECRETS_KEY = Buffer.alloc(32, 9).toString('base64');
const METRICS_TOKEN = 'scraper-token-0123456789abcdef';

const b64url = (v: object | Buffer): string => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');
/** A JWT signed with the app's own secret, any algorithm and claims: what an attacker who guessed nothing but the format could not make, and one who leaked the secret could. */
function forge(secret: string, alg: 'HS256' | 'HS512', claims: object): string {
  const head = `${b64url({ alg, typ: 'JWT' })}.${b64url(claims)}`;
  return `${head}.${b64url(
    createHmac(alg === 'HS256' ? 'sha256' : 'sha512', secret)
      .update(head)
      .digest(),
  )}`;
}
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string; sid: string; exp: number; iat: number };

async function passwordChecks(app: TestApp): Promise<number> {
  const text = (await app.http().get('/metrics')).text;
  return Number(/^tynda_login_password_checks_total (\d+)$/m.exec(text)?.[1] ?? 0);
}

function expectSecurityHeaders(res: request.Response, what: string): void {
  const h = res.headers;
  expect({ what, csp: h['content-security-policy'] }).toEqual({ what, csp: expect.stringContaining("frame-ancestors 'none'") });
  expect(h['content-security-policy']).toContain("script-src 'self'");
  expect(h['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['referrer-policy']).toBe('no-referrer');
  expect({ what, poweredBy: h['x-powered-by'] }).toEqual({ what, poweredBy: undefined });
}

describe('security', () => {
  let app: TestApp;
  let s: Scenario;
  const login = (email: string, password: string, from?: string) => {
    const req = app.http().post('/api/v1/auth/login');
    if (from) req.set('X-Forwarded-For', from);
    return req.send({ email, password });
  };

  beforeAll(async () => {
    // Behind a proxy (TRUST_PROXY): X-Forwarded-For names the client, so tests can come from many addresses.
    app = await TestApp.start({ env: { TRUST_PROXY: 'true', FACEBOOK_APP_SECRET: 'tynda-security-test-secret' } });
    s = await buildScenario(app);
  }, 60_000);
  afterAll(() => app.close());

  describe('sign-in throttling', () => {
    it('400 sign-ins from one address with random e-mails: 429 long before the end, and no refused attempt is hashed', async () => {
      const before = await passwordChecks(app);
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      const ms = { admitted: 0, refused: 0 };
      for (let i = 0; i < 400; i++) {
        const started = performance.now();
        const res = await login(`spray-${randomUUID()}@example.com`, 'Password1!', '203.0.113.7');
        statuses.push(res.status);
        ms[res.status === 429 ? 'refused' : 'admitted'] += performance.now() - started;
        if (res.status === 429) retryAfter ??= res.headers['retry-after'];
      }
      const firstRefused = statuses.indexOf(429);
      expect(firstRefused).toBe(30); // LOGIN_ADDRESS_RATE_LIMIT's default
      expect(statuses.slice(0, 30).every((st) => st === 401)).toBe(true);
      expect(statuses.slice(30).every((st) => st === 429)).toBe(true);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
      // Only the 30 admitted attempts reached scrypt.
      expect((await passwordChecks(app)) - before).toBe(30);
      // Another address is not held back by this one's spray.
      expect((await login('governor@test.kz', PASSWORD, '203.0.113.8')).status).toBe(200);
      console.log(`sprayed sign-ins: 30 admitted in ${ms.admitted.toFixed(0)} ms (scrypt), 370 refused in ${ms.refused.toFixed(0)} ms`);
    }, 60_000);

    it('counts one account across addresses: 10 attempts a minute, whatever address they come from', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await login('nobody-here@test.kz', `guess-${i}`, `198.18.0.${i + 1}`)).status);
      // Ten wrong passwords lock the (unknown) account too: an unknown e-mail behaves like a real one.
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual([429, 429]);
    });

    it('spraying ten accounts: each is locked after 10 failures, even for the right password, until an admin unlocks it', async () => {
      const hash = await hashPassword(PASSWORD);
      const users = await app.dataSource.getRepository(UserEntity).save(
        Array.from({ length: 10 }, (_, i) => ({
          email: `sprayed${i}@test.kz`,
          role: 'governor_office' as const,
          fullName: `Sprayed ${i}`,
          passwordHash: hash,
          districtIds: [],
          departmentId: null,
        })),
      );
      const before = await passwordChecks(app);
      for (let guess = 0; guess < 10; guess++) {
        for (const [i, u] of users.entries()) {
          // A fresh address for every attempt: only the per-account count can stop this.
          expect((await login(u.email, `Spring2026!${guess}`, `100.64.${i}.${guess + 1}`)).status).toBe(401);
        }
      }
      expect((await passwordChecks(app)) - before).toBe(100);
      for (const [i, u] of users.entries()) {
        const locked = await login(u.email, PASSWORD, `100.65.${i}.1`);
        expect(locked.status).toBe(429);
        expect(locked.body).toMatchObject({
          statusCode: 429,
          error: 'Too Many Requests',
          message: expect.stringMatching(/locked after repeated failed sign-ins/),
        });
        expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
      }
      expect((await passwordChecks(app)) - before).toBe(100);

      // Only an admin unlocks.
      const byStaff = await app.http().post(`/api/v1/users/${users[0]!.id}/unlock`).set(bearer(s.tokens.staffLand1));
      expect(byStaff.status).toBe(403);
      const unlocked = await app.http().post(`/api/v1/users/${users[0]!.id}/unlock`).set(bearer(s.tokens.admin));
      expect(unlocked.status).toBe(200);
      expect((await login(users[0]!.email, PASSWORD, '100.66.0.1')).status).toBe(200);
      expect((await login(users[1]!.email, PASSWORD, '100.66.0.2')).status).toBe(429);
      expect((await app.http().post(`/api/v1/users/${randomUUID()}/unlock`).set(bearer(s.tokens.admin))).status).toBe(404);
    }, 120_000);
  });

  it('while Redis is down, each process still throttles sign-ins in its own memory', async () => {
    // Nothing listens on port 1: Redis is unreachable from the start.
    const alone = await TestApp.start({ env: { REDIS_URL: 'redis://127.0.0.1:1', LOGIN_RATE_LIMIT: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (
            await alone
              .http()
              .post('/api/v1/auth/login')
              .send({ email: 'someone@test.kz', password: `guess-${i}` })
          ).status,
        );
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await alone.close();
    }
  }, 60_000);

  describe('sessions', () => {
    const me = (token: string) => app.http().get('/api/v1/auth/me').set(bearer(token));

    it('logout ends that token at once; other sessions of the user go on', async () => {
      await app.dataSource.getRepository(UserEntity).save({
        email: 'sessions@test.kz',
        role: 'governor_office',
        fullName: 'S',
        passwordHash: await hashPassword(PASSWORD),
        districtIds: [],
        departmentId: null,
      });
      const desk = (await login('sessions@test.kz', PASSWORD)).body.accessToken as string;
      const phone = (await login('sessions@test.kz', PASSWORD)).body.accessToken as string;
      expect((await me(desk)).status).toBe(200);
      const out = await app.http().post('/api/v1/auth/logout').set(bearer(desk));
      expect(out.status).toBe(200);
      expect(out.body).toEqual({ sessionsEnded: 1 });
      const after = await me(desk);
      expect(after.status).toBe(401);
      expect(after.body.message).toMatch(/session has ended/);
      expect((await me(phone)).status).toBe(200);
      // Sign out everywhere: the phone's token too.
      expect((await app.http().post('/api/v1/auth/logout-everywhere').set(bearer(phone))).body).toEqual({ sessionsEnded: 1 });
      expect((await me(phone)).status).toBe(401);
    });

    it('a password change, a role or scope change and a deactivation end every earlier token', async () => {
      const admin = bearer(s.tokens.admin);
      const patch = (id: string, body: object) => app.http().patch(`/api/v1/users/${id}`).set(admin).send(body);
      const user = (
        await app
          .http()
          .post('/api/v1/users')
          .set(admin)
          .send({ email: 'rotating@test.kz', password: 'first-password-1', fullName: 'R', role: 'governor_office' })
      ).body as { id: string };

      let token = (await login('rotating@test.kz', 'first-password-1')).body.accessToken as string;
      expect((await patch(user.id, { password: 'second-password-2' })).status).toBe(200);
      expect((await me(token)).status).toBe(401);
      token = (await login('rotating@test.kz', 'second-password-2')).body.accessToken as string;
      expect((await me(token)).status).toBe(200);

      expect((await patch(user.id, { role: 'department_staff', departmentId: s.departments.land.id })).status).toBe(200);
      expect((await me(token)).status).toBe(401);
      token = (await login('rotating@test.kz', 'second-password-2')).body.accessToken as string;
      expect((await patch(user.id, { departmentId: s.departments.roads.id })).status).toBe(200);
      expect((await me(token)).status).toBe(401);

      token = (await login('rotating@test.kz', 'second-password-2')).body.accessToken as string;
      // A change that touches neither password, role nor scope (the user's own language) keeps the session.
      expect((await app.http().patch('/api/v1/auth/me').set(bearer(token)).send({ locale: 'ru' })).status).toBe(200);
      expect((await me(token)).status).toBe(200);
      expect((await patch(user.id, { active: false })).status).toBe(200);
      expect((await me(token)).status).toBe(401);

      // An admin ends another user's sessions (a stolen laptop).
      const victim = (await login('sessions@test.kz', PASSWORD)).body.accessToken as string;
      const victimId = claimsOf(victim).sub;
      expect((await app.http().post(`/api/v1/users/${victimId}/logout-everywhere`).set(admin)).body).toEqual({ sessionsEnded: 1 });
      expect((await me(victim)).status).toBe(401);
      expect((await app.http().post(`/api/v1/users/${victimId}/logout-everywhere`).set(bearer(s.tokens.governor))).status).toBe(403);
    });

    it('accepts HS256 tokens with an expiry only: HS512 or no exp answers 401, even signed with the secret', async () => {
      const secret = app.api.get(AppConfig).JWT_SECRET;
      const token = (await login('staff.roads@test.kz', PASSWORD)).body.accessToken as string;
      const claims = claimsOf(token);
      expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')).alg).toBe('HS256');
      // The forging works: the same claims re-signed as HS256 pass.
      expect((await me(forge(secret, 'HS256', claims))).status).toBe(200);
      for (const forged of [forge(secret, 'HS512', claims), forge(secret, 'HS256', { sub: claims.sub, sid: claims.sid, iat: claims.iat })]) {
        const res = await me(forged);
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ statusCode: 401, message: expect.stringMatching(/invalid or expired/) });
      }
      const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
      expect((await me(none)).status).toBe(401);
    });
  });

  describe('least exposure', () => {
    it('lists users to admins, a department head only their department, and nobody else', async () => {
      for (const token of [s.tokens.staffLand1, s.tokens.pressMerki, s.tokens.governor]) {
        const res = await app.http().get('/api/v1/users').set(bearer(token));
        expect(res.status).toBe(403);
        expect(res.body.message).toMatch(/users list is for admins/);
        expect((await app.http().get(`/api/v1/users/${s.users.admin.id}`).set(bearer(token))).status).toBe(403);
      }
      const head = await app.http().get('/api/v1/users?limit=200').set(bearer(s.tokens.headLand));
      expect(head.status).toBe(200);
      expect(new Set(head.body.items.map((u: { departmentId: string }) => u.departmentId))).toEqual(new Set([s.departments.land.id]));
      expect(head.body.items.map((u: { email: string }) => u.email).sort()).toEqual(['head.land@test.kz', 'staff1.land@test.kz', 'staff2.land@test.kz']);
      expect((await app.http().get(`/api/v1/users/${s.users.staffRoads.id}`).set(bearer(s.tokens.headLand))).status).toBe(404);
      expect((await app.http().get(`/api/v1/users/${s.users.staffLand2.id}`).set(bearer(s.tokens.headLand))).status).toBe(200);
      const admin = await app.http().get('/api/v1/users?limit=200').set(bearer(s.tokens.admin));
      expect(admin.body.items.length).toBeGreaterThan(9);
    });

    it('names who handled a ticket to those who may read it, and nothing more', async () => {
      const ticket = await createTicket(app, s, { categoryCode: 'land' });
      const assigned = await app.http().post(`/api/v1/tickets/${ticket.id}/assign`).set(bearer(s.tokens.headLand)).send({ assigneeId: s.users.staffLand2.id });
      expect(assigned.status).toBe(200);
      const people = await app.http().get(`/api/v1/tickets/${ticket.id}/people`).set(bearer(s.tokens.pressMerki));
      expect(people.status).toBe(200);
      expect(people.body.items).toEqual([
        { id: s.users.headLand.id, fullName: 'head.land', role: 'department_head' },
        { id: s.users.pressMerki.id, fullName: 'press.merki', role: 'press_secretary' },
        { id: s.users.staffLand2.id, fullName: 'staff2.land', role: 'department_staff' },
      ]);
      expect((await app.http().get(`/api/v1/tickets/${ticket.id}/people`).set(bearer(s.tokens.staffRoads))).status).toBe(404);
    });

    it("hides a cluster's title from a user who may not read the ticket it comes from", async () => {
      const landText = 'Қорағаты ауылында   жер учаскесі мәселесі бойынша құпия мекенжай, 12-үй';
      const land = await createTicket(app, s, { text: landText, categoryCode: 'land' });
      const roads = await createTicket(app, s, { text: 'Қорағаты ауылында жол мәселесі шешілмеді', categoryCode: 'roads' });
      const [cluster] = (await app.dataSource.query(`INSERT INTO clusters (district_id, category_code, title) VALUES ($1, 'land', $2) RETURNING id`, [
        s.districts.merki.id,
        landText.replace(/\s+/g, ' '),
      ])) as Array<{ id: string }>;
      await app.dataSource.query(`UPDATE tickets SET cluster_id = $1 WHERE id = ANY($2::uuid[])`, [cluster!.id, [land.id, roads.id]]);

      const asRoads = await app.http().get(`/api/v1/clusters/${cluster!.id}`).set(bearer(s.tokens.headRoads));
      expect(asRoads.status).toBe(200);
      expect(asRoads.body).toMatchObject({ title: 'Cluster of 1 tickets', titleHidden: true, tickets: 1 });
      expect(JSON.stringify((await app.http().get('/api/v1/clusters').set(bearer(s.tokens.headRoads))).body)).not.toContain('құпия');
      for (const token of [s.tokens.headLand, s.tokens.governor, s.tokens.pressMerki]) {
        const res = await app.http().get(`/api/v1/clusters/${cluster!.id}`).set(bearer(token));
        expect(res.body).toMatchObject({ title: landText.replace(/\s+/g, ' '), titleHidden: false });
      }
    });
  });

  it('demo accounts seeded for production get random passwords of their own, and the published one opens nothing', async () => {
    const other = await TestApp.start();
    try {
      const summary = await seed(other.dataSource, { password: '', randomPasswords: true, tickets: 0 });
      expect(summary.logins.length).toBeGreaterThan(30);
      const passwords = summary.logins.map((l) => l.password);
      expect(passwords.every((p) => typeof p === 'string' && p.length >= 24)).toBe(true);
      expect(new Set(passwords).size).toBe(passwords.length);
      const admin = summary.logins.find((l) => l.email === 'admin@tynda.kz')!;
      expect((await other.http().post('/api/v1/auth/login').send({ email: admin.email, password: 'tynda-demo' })).status).toBe(401);
      expect((await other.http().post('/api/v1/auth/login').send({ email: admin.email, password: admin.password })).status).toBe(200);
    } finally {
      await other.close();
    }
  }, 120_000);

  describe('HTTP surface', () => {
    it('every response carries the security headers and no X-Powered-By: API, errors, webhooks, health, metrics, docs, console', async () => {
      const responses: Array<[string, request.Response]> = [
        ['API', await app.http().get('/api/v1/auth/me').set(bearer(s.tokens.admin))],
        ['401', await app.http().get('/api/v1/tickets')],
        ['404', await app.http().get('/api/v1/nowhere')],
        ['400 from body-parser', await app.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{bad json')],
        [
          'webhook 401 (listener ahead of Express)',
          await app.http().post('/webhooks/facebook').set('Content-Type', 'application/json').send('{"object":"page","entry":[]}'),
        ],
        ['webhook handshake', await app.http().get('/webhooks/facebook?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1')],
        ['health', await app.http().get('/api/v1/health/live')],
        ['metrics', await app.http().get('/metrics')],
        ['docs', await app.http().get('/docs/openapi.json')],
      ];
      if (existsSync(join(process.cwd(), 'dist', 'web', 'index.html'))) {
        const index = await app.http().get('/').set('Accept', 'text/html');
        responses.push(['console', index]);
        const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)?.[1];
        if (asset) responses.push(['console asset', await app.http().get(asset)]);
      }
      for (const [what, res] of responses) expectSecurityHeaders(res, what);
      expect(responses.find(([w]) => w.startsWith('webhook 401'))![1].status).toBe(401);
      // No HSTS over what may be plain HTTP unless told TLS terminates in front.
      expect(responses[0]![1].headers['strict-transport-security']).toBeUndefined();
    });

    it('production: /metrics needs its token, /docs is off, HSTS when told; without METRICS_TOKEN /metrics is off', async () => {
      const production = { ...app.env, NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET, SECRETS_KEY };
      const apps: INestApplication[] = [];
      try {
        const guarded = await createApiApp({ ...production, METRICS_TOKEN, HSTS: 'true' }, false);
        apps.push(guarded);
        const http = () => request(guarded.getHttpServer());
        const refused = await http().get('/metrics');
        expect(refused.status).toBe(401);
        expect(refused.body).toMatchObject({ statusCode: 401, message: expect.stringMatching(/METRICS_TOKEN/) });
        expect((await http().get('/metrics').set('Authorization', 'Bearer wrong-token-of-some-length')).status).toBe(401);
        const scraped = await http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
        expect(scraped.status).toBe(200);
        expect(scraped.text).toContain('# TYPE tynda_webhook_deliveries_total counter');
        for (const path of ['/docs', '/docs/openapi.json']) expect((await http().get(path)).status).toBe(404);
        const live = await http().get('/api/v1/health/live');
        expect(live.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
        expectSecurityHeaders(live, 'production');

        const open = await createApiApp({ ...production, DOCS_ENABLED: 'true' }, false);
        apps.push(open);
        expect((await request(open.getHttpServer()).get('/metrics')).status).toBe(404);
        expect((await request(open.getHttpServer()).get('/docs/openapi.json')).status).toBe(200);
      } finally {
        for (const a of apps) await a.close();
      }
    }, 60_000);

    it('a weak JWT_SECRET stops the production start with a message naming it', async () => {
      const production = { ...app.env, NODE_ENV: 'production', SECRETS_KEY };
      await expect(createApiApp({ ...production, JWT_SECRET: 'aaaaaaaaaaaaaaaa' }, false)).rejects.toThrow(
        /JWT_SECRET is too weak for production: it has 16 characters/,
      );
      await expect(createApiApp({ ...production, JWT_SECRET: 'tynda'.repeat(8) }, false)).rejects.toThrow(/JWT_SECRET is too weak for production/);
    });
  });
});
