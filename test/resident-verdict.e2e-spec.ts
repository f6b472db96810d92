import { createHmac } from 'node:crypto';
import { PageEntity, TicketEntity } from '../libs/database/src/index.js';
import { confirmationQuestion } from '../libs/domain/src/index.js';
import { FakeChannels, connectPage } from './support/fake-channels.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

const APP_SECRET = 'tynda-verdict-app-secret';
const PAGE = '100200300';
/** Short, so that silence is tested in seconds; long enough for an answer to arrive well inside it. */
const WINDOW_SECONDS = 12;

type View = {
  id: string;
  status: string;
  version: number;
  resolvedAt: string | null;
  closedAt: string | null;
  sla: { state: string };
  residentConfirmation: { state: string; askedAt: string | null; answeredAt: string | null; dueAt: string | null };
};
type Event = { type: string; from: string | null; to: string | null; actorId: string | null; payload: Record<string, unknown> };

/** A resident's comment on the page as Meta delivers it: under the post, or under a comment (`parent`). */
function comment(commentId: string, authorId: string, message: string, parent: string | null = null): Buffer {
  const createdTime = Math.floor(Date.now() / 1000);
  const value = {
    from: { id: authorId, name: 'Тест Тұрғын' },
    item: 'comment',
    verb: 'add',
    post_id: `${PAGE}_1`,
    comment_id: commentId,
    parent_id: parent ?? `${PAGE}_1`,
    created_time: createdTime,
    message,
  };
  return Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: createdTime, changes: [{ field: 'feed', value }] }] }));
}
const sign = (body: Buffer): string => `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;
const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

describe('the resident confirms or disputes a resolution', () => {
  const channels = new FakeChannels();
  let app: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    await channels.start();
    app = await TestApp.start({
      worker: true,
      env: {
        GRAPH_API_BASE_URL: `${channels.url}/v21.0`,
        FACEBOOK_APP_SECRET: APP_SECRET,
        FACEBOOK_VERIFY_TOKEN: 'verify',
        INTAKE_RELAY_EVERY_MS: '300',
        RESIDENT_CONFIRMATION_WINDOW: `PT${WINDOW_SECONDS}S`,
        RESIDENT_CONFIRMATION_SWEEP_EVERY_MS: '500',
        SCHEDULE_CHECK_EVERY_MS: '500',
      },
    });
    s = await buildScenario(app);
    const page = await app.dataSource
      .getRepository(PageEntity)
      .save({ channel: 'facebook', externalId: PAGE, districtId: s.districts.merki.id, departmentId: null, title: 'Меркі ауданы әкімдігі' });
    await connectPage(app, s.tokens.admin, page.id, { accessToken: 'EAAB-merki-page-token' });
  });
  afterAll(async () => {
    await app.close();
    await channels.stop();
  });

  const admin = () => bearer(s.tokens.admin);
  const ticket = async (id: string): Promise<View> => (await app.http().get(`/api/v1/tickets/${id}`).set(admin()).expect(200)).body as View;
  const events = async (id: string): Promise<Event[]> => (await app.http().get(`/api/v1/tickets/${id}/events`).set(admin()).expect(200)).body.items as Event[];
  const byExternalId = (externalId: string) => app.dataSource.getRepository(TicketEntity).findOneBy({ channel: 'facebook', externalId });
  const deliver = async (body: Buffer) => {
    const res = await app
      .http()
      .post('/webhooks/facebook')
      .set({ 'Content-Type': 'application/json', 'X-Hub-Signature-256': sign(body) })
      .send(body.toString('utf8'));
    expect(res.status).toBe(200);
  };
  /** Messages posted as the page under a comment. */
  const postedUnder = (commentId: string) => channels.to(`/v21.0/${commentId}/comments`).map((r) => form(r.body).message);

  /** A resident's comment becomes a ticket; a department answers it publicly and resolves it; the question goes out. */
  async function resolvedFromFacebook(commentId: string, authorId: string, text: string, language: 'kk' | 'ru'): Promise<string> {
    await deliver(comment(commentId, authorId, text));
    await eventually(async () => (await byExternalId(commentId)) !== null);
    const id = (await byExternalId(commentId))!.id;
    await resolve(id, language === 'kk' ? 'Жол жөнделді.' : 'Дорогу отремонтировали.');
    await eventually(async () => postedUnder(commentId).includes(confirmationQuestion(language)), 15_000);
    return id;
  }

  async function resolve(id: string, answer: string): Promise<void> {
    let t = await ticket(id);
    if (t.status === 'new' || t.status === 'triaged') {
      await app.http().post(`/api/v1/tickets/${id}/assign`).set(admin()).send({ assigneeId: s.users.staffRoads.id }).expect(200);
    }
    await app.http().post(`/api/v1/tickets/${id}/replies`).set(admin()).send({ body: answer, visibility: 'public' }).expect(201);
    t = (await app.http().post(`/api/v1/tickets/${id}/transitions`).set(admin()).send({ to: 'resolved' }).expect(200)).body as View;
    expect(t.status).toBe('resolved');
    expect(t.residentConfirmation).toMatchObject({ state: 'asked', answeredAt: null });
    expect(new Date(t.residentConfirmation.dueAt!).getTime() - new Date(t.residentConfirmation.askedAt!).getTime()).toBe(WINDOW_SECONDS * 1000);
  }

  it('asks in Kazakh under the resident comment; "жоқ, әлі шешілмеді" disputes it: reopened with its clock running on, the department told', async () => {
    const id = await resolvedFromFacebook('100200300_7001', '9007001', 'Сәлеметсіз бе, Меркіде көшедегі шұңқырлар әлі күнге дейін тұр, көмектесіңізші', 'kk');
    // Only the Kazakh question: the resident wrote in Kazakh.
    expect(postedUnder('100200300_7001').filter((m) => m === confirmationQuestion('ru'))).toEqual([]);
    expect((await events(id)).filter((e) => e.type === 'resident.asked')).toHaveLength(1);

    await deliver(comment('100200300_7002', '9007001', 'жоқ, әлі шешілмеді', '100200300_7001'));
    await eventually(async () => (await ticket(id)).residentConfirmation.state === 'disputed');
    const t = await ticket(id);
    expect(t).toMatchObject({ status: 'reopened', resolvedAt: null, closedAt: null });
    expect(t.residentConfirmation.answeredAt).not.toBeNull();
    expect(t.sla.state).not.toBe('met');
    const timeline = await events(id);
    expect(timeline.find((e) => e.type === 'resident.disputed')).toMatchObject({
      actorId: null,
      payload: { via: 'thread', externalId: '100200300_7002', text: 'жоқ, әлі шешілмеді' },
    });
    expect(timeline.find((e) => e.type === 'ticket.status_changed' && e.to === 'reopened')).toMatchObject({
      from: 'resolved',
      payload: { automatic: true, reason: 'resident_disputed' },
    });
    // The answer is a verdict, not a new ticket.
    expect(await byExternalId('100200300_7002')).toBeNull();
    // The assignee and the department's head hear of it.
    for (const who of ['staffRoads', 'headRoads'] as const) {
      const notes = (await app.http().get('/api/v1/notifications').set(bearer(s.tokens[who])).expect(200)).body.items as Array<{
        kind: string;
        ticketId: string;
      }>;
      expect(notes).toContainEqual(expect.objectContaining({ kind: 'resident.disputed', ticketId: id }));
    }
  });

  it('"рахмет, шешілді" confirms it and the ticket closes', async () => {
    const id = await resolvedFromFacebook('100200300_7101', '9007101', 'Біздің ауылда жарық жоқ, үш күн болды', 'kk');
    await deliver(comment('100200300_7102', '9007101', 'рахмет, шешілді', '100200300_7101'));
    await eventually(async () => (await ticket(id)).residentConfirmation.state === 'confirmed');
    const t = await ticket(id);
    expect(t.status).toBe('closed');
    expect(t.closedAt).not.toBeNull();
    expect((await events(id)).find((e) => e.type === 'ticket.status_changed' && e.to === 'closed')).toMatchObject({
      from: 'resolved',
      payload: { automatic: true, reason: 'resident_confirmed' },
    });
    expect(await byExternalId('100200300_7102')).toBeNull();
  });

  it('in Russian: asked in Russian, "Нет, не решено" reopens, the next resolution is asked again and "Спасибо, решено" confirms', async () => {
    const id = await resolvedFromFacebook('100200300_7201', '9007201', 'Здравствуйте, во дворе уже неделю не вывозят мусор, помогите пожалуйста', 'ru');
    expect(postedUnder('100200300_7201').filter((m) => m === confirmationQuestion('kk'))).toEqual([]);
    await deliver(comment('100200300_7202', '9007201', 'Нет, не решено', '100200300_7201'));
    await eventually(async () => (await ticket(id)).residentConfirmation.state === 'disputed');
    expect((await ticket(id)).status).toBe('reopened');

    await resolve(id, 'Мусор вывезли сегодня.');
    await eventually(async () => postedUnder('100200300_7201').filter((m) => m === confirmationQuestion('ru')).length === 2, 15_000);
    await deliver(comment('100200300_7203', '9007201', 'Спасибо, решено!', '100200300_7201'));
    await eventually(async () => (await ticket(id)).residentConfirmation.state === 'confirmed');
    expect((await ticket(id)).status).toBe('closed');
    expect((await events(id)).map((e) => e.type).filter((t) => t.startsWith('resident.'))).toEqual([
      'resident.asked',
      'resident.disputed',
      'resident.asked',
      'resident.confirmed',
    ]);
  });

  it('an unclear reply, or somebody else saying no, is an ordinary comment and the question still waits', async () => {
    const id = await resolvedFromFacebook('100200300_7301', '9007301', 'Көшеде жол белгісі құлап қалды', 'kk');
    await deliver(comment('100200300_7302', '9007301', 'Қашан келесіздер?', '100200300_7301'));
    await deliver(comment('100200300_7303', '9009999', 'жоқ, шешілмеді', '100200300_7301'));
    await eventually(async () => (await byExternalId('100200300_7302')) !== null && (await byExternalId('100200300_7303')) !== null);
    expect((await ticket(id)).residentConfirmation.state).toBe('asked');
    expect((await ticket(id)).status).toBe('resolved');
  });

  it('silence past the window: unanswered, and the ticket closes unconfirmed, once', async () => {
    const id = await resolvedFromFacebook('100200300_7401', '9007401', 'Саябақтағы орындықтар сынған', 'kk');
    await eventually(async () => (await ticket(id)).residentConfirmation.state === 'unanswered', (WINDOW_SECONDS + 10) * 1000);
    const t = await ticket(id);
    expect(t.status).toBe('closed');
    expect(t.residentConfirmation.answeredAt).toBeNull();
    const timeline = await events(id);
    expect(timeline.filter((e) => e.type === 'resident.unanswered')).toHaveLength(1);
    expect(timeline.find((e) => e.type === 'ticket.status_changed' && e.to === 'closed')).toMatchObject({
      payload: { automatic: true, reason: 'resident_unanswered' },
    });
    // A late "yes" changes nothing: the question no longer waits.
    await deliver(comment('100200300_7402', '9007401', 'иә', '100200300_7401'));
    await eventually(async () => (await byExternalId('100200300_7402')) !== null);
    expect((await ticket(id)).residentConfirmation.state).toBe('unanswered');
  });

  it('the question is no answer: a ticket resolved without one keeps no first response once the question is delivered', async () => {
    await deliver(comment('100200300_7501', '9007501', 'Аулада су құбыры жарылды', null));
    await eventually(async () => (await byExternalId('100200300_7501')) !== null);
    const id = (await byExternalId('100200300_7501'))!.id;
    if ((await ticket(id)).status === 'new')
      await app.http().post(`/api/v1/tickets/${id}/assign`).set(admin()).send({ assigneeId: s.users.staffRoads.id }).expect(200);
    await app.http().post(`/api/v1/tickets/${id}/transitions`).set(admin()).send({ to: 'resolved', withoutPublicAnswer: true }).expect(200);
    await eventually(async () => postedUnder('100200300_7501').includes(confirmationQuestion('kk')), 15_000);
    await eventually(async () => (await events(id)).some((e) => e.type === 'reply.delivered'));
    const t = (await app.http().get(`/api/v1/tickets/${id}`).set(admin()).expect(200)).body as { firstResponseAt: string | null };
    expect(t.firstResponseAt).toBeNull();
    expect((await events(id)).find((e) => e.type === 'reply.delivered')!.payload).not.toHaveProperty('firstResponse');
    // Disputed and reopened, it is still unanswered: resolving it again needs an answer, the question is none.
    await deliver(comment('100200300_7502', '9007501', 'жоқ', '100200300_7501'));
    await eventually(async () => (await ticket(id)).status === 'reopened');
    const again = await app.http().post(`/api/v1/tickets/${id}/transitions`).set(admin()).send({ to: 'resolved' }).expect(409);
    expect(again.body.code).toBe('ticket.no_public_answer');
  });

  it('a phoned-in ticket is not asked on a channel: the press secretary records the call', async () => {
    const created = await createTicket(app, s);
    await resolveManual(created.id);
    const t = await ticket(created.id);
    expect(t.residentConfirmation.state).toBe('not_asked');
    // Governor's office and staff may not record a verdict.
    await app.http().post(`/api/v1/tickets/${created.id}/resident-confirmation`).set(bearer(s.tokens.governor)).send({ verdict: 'confirmed' }).expect(403);
    await app.http().post(`/api/v1/tickets/${created.id}/resident-confirmation`).set(bearer(s.tokens.pressMerki)).send({ verdict: 'maybe' }).expect(400);
    const res = await app
      .http()
      .post(`/api/v1/tickets/${created.id}/resident-confirmation`)
      .set(bearer(s.tokens.pressMerki))
      .send({ verdict: 'disputed', note: 'Телефонмен сөйлестім: су әлі жоқ' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'reopened', residentConfirmation: { state: 'disputed' } });
    expect((await events(created.id)).find((e) => e.type === 'resident.disputed')).toMatchObject({
      actorId: s.users.pressMerki.id,
      payload: { via: 'call', note: 'Телефонмен сөйлестім: су әлі жоқ' },
    });
    // Not resolved any more: nothing to confirm until it is.
    await app.http().post(`/api/v1/tickets/${created.id}/resident-confirmation`).set(bearer(s.tokens.pressMerki)).send({ verdict: 'confirmed' }).expect(409);
    await resolveManual(created.id);
    const confirmed = await app
      .http()
      .post(`/api/v1/tickets/${created.id}/resident-confirmation`)
      .set(bearer(s.tokens.pressMerki))
      .send({ verdict: 'confirmed' })
      .expect(200);
    expect(confirmed.body).toMatchObject({ status: 'closed', residentConfirmation: { state: 'confirmed' } });
  });

  async function resolveManual(id: string): Promise<void> {
    const t = await ticket(id);
    if (t.status === 'new') await app.http().post(`/api/v1/tickets/${id}/assign`).set(admin()).send({ assigneeId: s.users.staffLand1.id }).expect(200);
    await app.http().post(`/api/v1/tickets/${id}/replies`).set(admin()).send({ body: 'Мәселе шешілді.', visibility: 'public' }).expect(201);
    await app.http().post(`/api/v1/tickets/${id}/transitions`).set(admin()).send({ to: 'resolved' }).expect(200);
  }
});
