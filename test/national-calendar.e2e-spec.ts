import { TicketEntity } from '../libs/database/src/index.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

const almaty = (local: string) => new Date(`${local}+05:00`).toISOString();

/** Kazakhstan's holidays as data: seeded with the 2026 Constitution's change, edited by admins, re-timing open tickets. */
describe('national calendar', () => {
  let app: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    s = await buildScenario(app);
    const calendar = await app
      .http()
      .post('/api/v1/calendars')
      .set(bearer(s.tokens.admin))
      .send({
        name: 'Akimat',
        timeZone: 'Asia/Almaty',
        workingHours: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] },
      })
      .expect(201);
    await app
      .http()
      .post('/api/v1/sla-policies')
      .set(bearer(s.tokens.admin))
      .send({ name: 'One working day', priority: 'high', firstResponse: 'P1D', resolution: 'P15D', calendarId: calendar.body.id })
      .expect(201);
  });
  afterAll(() => app.close());

  const ticket = (id: string) => app.dataSource.getRepository(TicketEntity).findOneByOrFail({ id });
  const admin = () => bearer(s.tokens.admin);

  it('is seeded with Constitution Day on 30 August until 2025 and on 15 March from 2027', async () => {
    const rules = (await app.http().get('/api/v1/holiday-rules?limit=200').set(admin()).expect(200)).body.items as Array<Record<string, unknown>>;
    const constitution = rules
      .filter((r) => r.nameRu === 'День Конституции')
      .map((r) => ({ month: r.month, day: r.day, validFrom: r.validFrom, validUntil: r.validUntil }));
    expect(constitution).toEqual(
      expect.arrayContaining([
        { month: 8, day: 30, validFrom: null, validUntil: '2025-12-31' },
        { month: 3, day: 15, validFrom: '2027-01-01', validUntil: null },
      ]),
    );
  });

  it('times P1D from Friday 2026-08-28 10:00 to Monday 2026-08-31 10:00, and re-times it when a decree makes that Monday a day off', async () => {
    const t = await createTicket(app, s, { priority: 'high', receivedAt: almaty('2026-08-28T10:00:00') });
    expect((await ticket(t.id)).firstResponseDueAt!.toISOString()).toBe(almaty('2026-08-31T10:00:00'));

    await app.http().post('/api/v1/day-transfers').set(admin()).send({ date: '2026-08-31', working: false, decree: 'test decree No. 1' }).expect(201);
    await eventually(async () => (await ticket(t.id)).firstResponseDueAt!.toISOString() === almaty('2026-09-01T10:00:00'), 15_000);
  });

  it('refuses what is not a holiday rule, and lets only admins write', async () => {
    const post = (body: object, token = s.tokens.admin) => app.http().post('/api/v1/holiday-rules').set(bearer(token)).send(body);
    expect((await post({ nameKk: 'x', nameRu: 'x', month: 2 }).expect(422)).body.message).toMatch(/month and day go together/);
    expect((await post({ nameKk: 'x', nameRu: 'x' }).expect(422)).body.message).toMatch(/fixed month and day, or its dates/);
    expect((await post({ nameKk: 'x', nameRu: 'x', month: 2, day: 30 }).expect(422)).body.message).toBe('month 2 has no day 30');
    await post({ nameKk: 'x', nameRu: 'x', month: 6, day: 1, validFrom: '2030-13-01' }).expect(400);
    await post({ nameKk: 'x', nameRu: 'x', month: 6, day: 1 }, s.tokens.pressMerki).expect(403);
    await app.http().post('/api/v1/day-transfers').set(admin()).send({ date: '2026-08-31', working: true, decree: 'again' }).expect(409);
  });
});
