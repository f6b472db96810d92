import { KAZAKHSTAN, addDays, formalAppealCalendar, formalAppealSchedule, isoDate, localDateOf } from '../libs/domain/src/index.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

type Appeal = {
  number: string;
  registeredAt: string;
  forwardDueAt: string;
  dueAt: string;
  extendedUntil: string | null;
  extensionReason: string | null;
  state: string;
  warnedAt: string | null;
  overdueAt: string | null;
  escalatedAt: string | null;
  answeredAt: string | null;
  answeredLate: boolean;
};
type View = { id: string; status: string; formalAppeal: Appeal | null };
type Event = { type: string; payload: Record<string, unknown> };
const DAY = 86_400_000;

describe('formal appeals under the APPK: the legal clock', () => {
  let app: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { SLA_SWEEP_EVERY_MS: '1000' } });
    s = await buildScenario(app);
  });
  afterAll(async () => {
    await app.close();
  });

  const as = (who: keyof Scenario['tokens']) => bearer(s.tokens[who]);
  const ticket = async (id: string): Promise<View> => (await app.http().get(`/api/v1/tickets/${id}`).set(as('admin')).expect(200)).body as View;
  const events = async (id: string): Promise<Event[]> =>
    (await app.http().get(`/api/v1/tickets/${id}/events`).set(as('admin')).expect(200)).body.items as Event[];
  const register = (id: string, body: Record<string, unknown>, who: keyof Scenario['tokens'] = 'pressMerki') =>
    app.http().post(`/api/v1/tickets/${id}/formal-appeal`).set(as(who)).send(body);
  const extend = (id: string, body: Record<string, unknown>, who: keyof Scenario['tokens'] = 'pressMerki') =>
    app.http().post(`/api/v1/tickets/${id}/formal-appeal/extension`).set(as(who)).send(body);
  const notifications = async (who: keyof Scenario['tokens']) =>
    (await app.http().get('/api/v1/notifications').set(as(who)).expect(200)).body.items as Array<{ kind: string; ticketId: string }>;
  const outcomes = async () => {
    const res = await app.http().get('/api/v1/reports/sla?groupBy=district').set(as('governor')).expect(200);
    return res.body.resolutionOutcomes as { rows: Array<Record<string, unknown>>; total: Record<string, unknown> };
  };

  let late: string;
  let extended: string;

  it('registers an appeal and runs its own ladder: warned, overdue and escalated on the national calendar', async () => {
    late = (await createTicket(app, s)).id;
    // Registered six weeks ago and never answered: every step of its clock is due.
    const registeredAt = new Date(Date.now() - 42 * DAY).toISOString();
    const res = await register(late, { number: 'ЖТ-Ө-2026-00417', registeredAt }).expect(200);
    expect(res.body.formalAppeal).toMatchObject({ number: 'ЖТ-Ө-2026-00417', registeredAt, extendedUntil: null, answeredAt: null });
    // 15 working days end at 18:00 Almaty of the last one; forwarding within 3.
    const a = res.body.formalAppeal as Appeal;
    expect(new Date(a.dueAt).toISOString().slice(11)).toBe('13:00:00.000Z');
    expect(new Date(a.dueAt).getTime() - new Date(registeredAt).getTime()).toBeGreaterThanOrEqual(19 * DAY);
    expect(new Date(a.forwardDueAt).getTime()).toBeLessThan(new Date(a.dueAt).getTime());

    await eventually(async () => (await ticket(late)).formalAppeal!.escalatedAt !== null, 15_000);
    const t = await ticket(late);
    expect(t.formalAppeal).toMatchObject({ state: 'overdue', overdueAt: a.dueAt, answeredAt: null });
    expect(t.formalAppeal!.warnedAt).not.toBeNull();
    const ladder = (await events(late)).filter((e) => e.type.startsWith('appeal.'));
    expect(ladder.map((e) => e.type)).toEqual(['appeal.registered', 'appeal.warning', 'appeal.overdue', 'appeal.escalated']);
    expect(ladder[2]!.payload).toMatchObject({ step: 'formal_appeal.overdue', clock: 'formal_appeal' });
    // The press secretary of the district hears of the breach, the governor's office of the escalation, each once.
    expect((await notifications('pressMerki')).filter((n) => n.ticketId === late && n.kind === 'appeal.overdue')).toHaveLength(1);
    expect((await notifications('governor')).filter((n) => n.ticketId === late && n.kind === 'appeal.escalated')).toHaveLength(1);
    // The SLA's own clock is not touched by the appeal's.
    expect((await events(late)).filter((e) => e.type === 'sla.breached')).toEqual([]);
  });

  it('refuses a second registration, a future instant, an empty number and roles that may not register', async () => {
    await register(late, { number: 'X-1', registeredAt: new Date().toISOString() }).expect(409);
    const other = (await createTicket(app, s)).id;
    // A rule of the law refused (422); a malformed request (400).
    await register(other, { number: 'X-2', registeredAt: new Date(Date.now() + DAY).toISOString() }).expect(422);
    await register(other, { number: '  ', registeredAt: new Date().toISOString() }).expect(400);
    await register(other, { number: 'X-3', registeredAt: 'yesterday' }).expect(400);
    await register(other, { number: 'X-4', registeredAt: new Date().toISOString() }, 'governor').expect(403);
    await register(other, { number: 'X-5', registeredAt: new Date().toISOString() }, 'staffLand1').expect(403);
    expect((await ticket(other)).formalAppeal).toBeNull();
  });

  it('an extension moves the due instant once, with a notice to the resident; a second is refused, so is one past the legal limit', async () => {
    extended = (await createTicket(app, s)).id;
    const a = (await register(extended, { number: 'ЖТ-Ө-2026-00502', registeredAt: new Date().toISOString() }).expect(200)).body.formalAppeal as Appeal;
    const tooFar = new Date(new Date(a.dueAt).getTime() + 60 * DAY).toISOString();
    await extend(extended, { until: tooFar, reason: 'жер учаскесін өлшеу керек' }).expect(422);
    await extend(extended, { until: a.dueAt, reason: 'жер учаскесін өлшеу керек' }).expect(422);
    await extend(extended, { until: a.dueAt }).expect(400);
    const until = new Date(new Date(a.dueAt).getTime() + 7 * DAY).toISOString();
    const res = await extend(extended, { until, reason: 'жер учаскесін өлшеу керек' }).expect(200);
    expect(res.body.formalAppeal).toMatchObject({ dueAt: until, extendedUntil: until, extensionReason: 'жер учаскесін өлшеу керек', state: 'open' });
    await extend(extended, { until: new Date(new Date(until).getTime() + DAY).toISOString(), reason: 'тағы' }).expect(409);
    expect((await ticket(extended)).formalAppeal!.dueAt).toBe(until);
    const replies = (await app.http().get(`/api/v1/tickets/${extended}/replies`).set(as('admin')).expect(200)).body.items as Array<{
      body: string;
      visibility: string;
    }>;
    expect(replies).toContainEqual(
      expect.objectContaining({
        visibility: 'public',
        body: expect.stringMatching(/^Өтінішіңізді қарау мерзімі \d\d\.\d\d\.\d{4} дейін ұзартылды\. Себебі: жер учаскесін өлшеу керек$/),
      }),
    );
    expect((await events(extended)).find((e) => e.type === 'appeal.extended')).toMatchObject({
      payload: { previousDueAt: a.dueAt, until, reason: 'жер учаскесін өлшеу керек' },
    });
  });

  it('resolving answers the appeal (late or in time), and the reports count appeals apart from the SLA', async () => {
    const before = await outcomes();
    const merki = before.rows.find((r) => r.groupCode === 'merki')!;
    expect(merki).toMatchObject({ formalAppeals: 2, formalAppealsOverdue: 1, formalAppealsAnsweredLate: 0, formalAppealExtensions: 1 });

    for (const id of [late, extended]) {
      await app.http().post(`/api/v1/tickets/${id}/assign`).set(as('admin')).send({ assigneeId: s.users.staffLand1.id }).expect(200);
      await app.http().post(`/api/v1/tickets/${id}/replies`).set(as('admin')).send({ body: 'Жауап хатпен жіберілді.', visibility: 'public' }).expect(201);
      await app.http().post(`/api/v1/tickets/${id}/transitions`).set(as('admin')).send({ to: 'resolved' }).expect(200);
    }
    expect((await ticket(late)).formalAppeal).toMatchObject({ state: 'answered', answeredLate: true });
    expect((await ticket(extended)).formalAppeal).toMatchObject({ state: 'answered', answeredLate: false });
    expect((await events(late)).find((e) => e.type === 'appeal.answered')).toMatchObject({ payload: { late: true } });
    // An answered appeal cannot be extended.
    await extend(extended, { until: new Date(Date.now() + 20 * DAY).toISOString(), reason: 'кеш' }).expect(409);

    const after = await outcomes();
    expect(after.rows.find((r) => r.groupCode === 'merki')).toMatchObject({
      formalAppeals: 2,
      formalAppealsOverdue: 0,
      formalAppealsAnsweredLate: 1,
      formalAppealExtensions: 1,
    });
    expect(after.total).toMatchObject({ formalAppeals: 2, formalAppealsAnsweredLate: 1 });
    const monthly = await app.http().get('/api/v1/reports/monthly').set(as('governor')).expect(200);
    expect(monthly.body.resolutionOutcomes.districts.find((r: { groupCode: string }) => r.groupCode === 'merki')).toMatchObject({
      formalAppeals: 2,
      formalAppealsAnsweredLate: 1,
      formalAppealExtensions: 1,
    });
    expect(monthly.body.resolutionOutcomes.departments.find((r: { groupCode: string }) => r.groupCode === 'land')).toMatchObject({ formalAppeals: 2 });
  });

  it('a decree transfer inside the term re-times the open appeal on the national calendar', async () => {
    const id = (await createTicket(app, s)).id;
    const registeredAt = new Date();
    const a = (await register(id, { number: 'ЖТ-Ө-2026-00777', registeredAt: registeredAt.toISOString() }).expect(200)).body.formalAppeal as Appeal;
    // A working day inside the term, made a day off by a (test) decree.
    const calendar = formalAppealCalendar(KAZAKHSTAN);
    let day = addDays(localDateOf(registeredAt.getTime(), 'Asia/Almaty'), 5);
    while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
    const transfer = { date: isoDate(day), working: false, decree: 'Тест қаулысы' };
    await app.http().post('/api/v1/day-transfers').set(as('admin')).send(transfer).expect(201);
    const expected = formalAppealSchedule(
      formalAppealCalendar({ rules: KAZAKHSTAN.rules, transfers: [...KAZAKHSTAN.transfers, transfer] }),
      registeredAt,
    ).dueAt;
    expect(expected.getTime()).toBeGreaterThan(new Date(a.dueAt).getTime());
    await eventually(async () => (await ticket(id)).formalAppeal!.dueAt === expected.toISOString(), 15_000);
    expect((await events(id)).find((e) => e.type === 'sla.timed' && e.payload.clock === 'formal_appeal')).toMatchObject({
      payload: { before: { dueAt: a.dueAt }, after: { dueAt: expected.toISOString() } },
    });
  });
});
