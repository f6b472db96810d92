import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { In } from 'typeorm';
import { CategoryEntity, DistrictEntity, PageEntity, TicketEntity } from '../libs/database/src/index.js';
import { CATEGORIES } from '../libs/seed/src/seed-data.js';
import { bearer, buildScenario, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

const APP_SECRET = 'tynda-fixture-app-secret';
const VK_SECRET = 'tynda-fixture-vk-secret';
const TELEGRAM_TOKEN = 'tynda-test-telegram-secret';
const ENV = {
  FACEBOOK_APP_SECRET: APP_SECRET,
  FACEBOOK_VERIFY_TOKEN: 'tynda-verify-me',
  TELEGRAM_SECRET_TOKEN: TELEGRAM_TOKEN,
  VK_SECRET,
  VK_CONFIRMATION_CODE: 'a1b2c3d4',
  INTAKE_RELAY_EVERY_MS: '300',
};

const fixture = (path: string): Buffer => readFileSync(new URL(`./fixtures/channels/${path}`, import.meta.url));
const signatureOf = (path: string): string => fixture(`${path}.sig`).toString('utf8').trim();
const sign = (body: Buffer, secret = APP_SECRET): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A Facebook comment delivery written for a test, signed like Meta signs. */
function facebookComment(pageId: string, commentId: string, message: string, createdTime = Math.floor(Date.now() / 1000)): Buffer {
  const value = {
    from: { id: `9${commentId.slice(-6)}`, name: 'Тест Тұрғын' },
    item: 'comment',
    verb: 'add',
    post_id: `${pageId}_1`,
    comment_id: commentId,
    parent_id: `${pageId}_1`,
    created_time: createdTime,
    message,
  };
  return Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: pageId, time: createdTime, changes: [{ field: 'feed', value }] }] }));
}

describe('intake: channel webhooks become tickets', () => {
  let app: TestApp;
  let s: Scenario;
  let ryskulov: DistrictEntity;
  let sarysu: DistrictEntity;
  let zhambyl: DistrictEntity;

  // As a string: superagent would JSON-encode a Buffer. The fixtures are UTF-8, so the bytes on the wire are the file's.
  const post = (path: string, body: Buffer, headers: Record<string, string> = {}) =>
    app
      .http()
      .post(path)
      .set({ 'Content-Type': 'application/json', ...headers })
      .send(body.toString('utf8'));
  const postMeta = (channel: 'facebook' | 'instagram', file: string) =>
    post(`/webhooks/${channel}`, fixture(`${channel}/${file}`), { 'X-Hub-Signature-256': signatureOf(`${channel}/${file}`) });
  const postTelegram = (file: string) => post('/webhooks/telegram', fixture(`telegram/${file}`), { 'X-Telegram-Bot-Api-Secret-Token': TELEGRAM_TOKEN });
  const tickets = () => app.dataSource.getRepository(TicketEntity);
  const byExternalId = (channel: TicketEntity['channel'], externalId: string) => tickets().findOneBy({ channel, externalId });
  const inboxCount = async () => Number(((await app.dataSource.query(`SELECT count(*) AS n FROM inbox_deliveries`)) as Array<{ n: string }>)[0]!.n);
  const pendingCount = async () =>
    Number(((await app.dataSource.query(`SELECT count(*) AS n FROM inbox_deliveries WHERE processed_at IS NULL`)) as Array<{ n: string }>)[0]!.n);
  const drained = () => eventually(async () => (await pendingCount()) === 0);
  const events = async (ticketId: string) =>
    (await app.http().get(`/api/v1/tickets/${ticketId}/events`).set(bearer(s.tokens.admin))).body.items as Array<{
      type: string;
      payload: Record<string, unknown>;
    }>;

  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: ENV });
    s = await buildScenario(app);
    // Intake routes without a person only at a calibrated >= 95% (issue 19): the scenario's bare
    // keywords (жер, жол) are too ambiguous for that, so the desk's reviewed, seeded sets are used.
    for (const c of CATEGORIES.filter((c) => ['land', 'roads', 'other'].includes(c.code))) {
      await app.dataSource.getRepository(CategoryEntity).update({ code: c.code }, { keywords: [...c.keywords], exclusions: [...(c.exclusions ?? [])] });
    }
    const districts = app.dataSource.getRepository(DistrictEntity);
    ryskulov = await districts.save({ code: 'ryskulov', nameKk: 'Т. Рысқұлов ауданы', nameRu: 'Район Т. Рыскулова' });
    sarysu = await districts.save({ code: 'sarysu', nameKk: 'Сарысу ауданы', nameRu: 'Сарысуский район' });
    zhambyl = await districts.save({ code: 'zhambyl', nameKk: 'Жамбыл ауданы', nameRu: 'Жамбылский район' });
    await app.dataSource.getRepository(PageEntity).save([
      { channel: 'facebook', externalId: '104538291276431', districtId: s.districts.merki.id, title: 'Меркі ауданының әкімдігі' },
      { channel: 'facebook', externalId: '100871455329018', districtId: ryskulov.id, title: 'Т. Рысқұлов ауданының әкімдігі' },
      { channel: 'instagram', externalId: '17841405822304914', districtId: s.districts.zhualy.id, title: 'Жуалы ауданының әкімдігі' },
      { channel: 'telegram', externalId: '-1001873345001', districtId: sarysu.id, title: 'Сарысу ауданының әкімдігі (арна)' },
      { channel: 'telegram', externalId: '-1001873345777', districtId: sarysu.id, title: 'Сарысу ауданы — пікірлер' },
      { channel: 'vk', externalId: '218455001', districtId: zhambyl.id, title: 'Жамбыл ауданының әкімдігі' },
    ]);
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers the Facebook subscription handshake with the raw challenge, and 403 for a wrong verify token', async () => {
    const ok = await app
      .http()
      .get('/webhooks/facebook')
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tynda-verify-me', 'hub.challenge': '1158201444' });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('1158201444');
    const wrong = await app.http().get('/webhooks/facebook').query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1158201444' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.message).toMatch(/verify_token/);
  });

  it('turns a Kazakh comment on the Merki page into one land ticket, however often it is delivered', async () => {
    for (let i = 0; i < 2; i++) expect((await postMeta('facebook', 'feed-comment-kk.json')).status).toBe(200);
    await drained();
    const t = await byExternalId('facebook', '1029384756102938_2211334455667788');
    expect(t).toMatchObject({
      districtId: s.districts.merki.id,
      language: 'kk',
      categoryCode: 'land',
      departmentId: s.departments.land.id,
      authorName: 'Айгүл Сәрсенбаева',
    });
    expect(t!.receivedAt.toISOString()).toBe('2025-11-25T04:29:50.000Z');
    // Routed with certainty: straight to the department, and the assignment worker takes it from there.
    await eventually(async () => (await tickets().findOneByOrFail({ id: t!.id })).status === 'assigned');
    expect(await tickets().countBy({ externalId: '1029384756102938_2211334455667788' })).toBe(1);
    expect(await inboxCount()).toBe(1);
  });

  it('applies a batch: two new tickets, and an edit that updates the Kazakh ticket without a new one', async () => {
    expect((await postMeta('facebook', 'feed-batch-ru.json')).status).toBe(200);
    await drained();
    const road = await byExternalId('facebook', '1029384756102938_2211334455669901');
    expect(road).toMatchObject({ districtId: s.districts.merki.id, language: 'ru', categoryCode: 'roads', authorName: 'Сергей Ким' });
    const water = await byExternalId('facebook', '100871455329018_2039485761029384');
    expect(water).toMatchObject({ districtId: ryskulov.id, language: 'mixed', authorName: 'Ерлан Тоқтаров' });
    const kk = await byExternalId('facebook', '1029384756102938_2211334455667788');
    expect(kk!.text).toContain('40 отбасы күтіп отыр');
    const edited = (await events(kk!.id)).filter((e) => e.type === 'ticket.edited_by_author');
    expect(edited).toHaveLength(1);
    expect(edited[0]!.payload.previousText).toEqual(expect.any(String));
    expect(await tickets().countBy({ channel: 'facebook' })).toBe(3);

    // The same changes in a differently-shaped delivery (another retry of Meta) change nothing.
    const again = Buffer.from(JSON.stringify(JSON.parse(fixture('facebook/feed-batch-ru.json').toString('utf8'))));
    expect((await post('/webhooks/facebook', again, { 'X-Hub-Signature-256': sign(again) })).status).toBe(200);
    await drained();
    expect(await tickets().countBy({ channel: 'facebook' })).toBe(3);
    expect((await events(kk!.id)).filter((e) => e.type === 'ticket.edited_by_author')).toHaveLength(1);
  });

  it("records the page's own reply as the ticket's public response (firstResponseAt), not as a ticket", async () => {
    expect((await postMeta('facebook', 'feed-page-reply.json')).status).toBe(200);
    expect((await postMeta('facebook', 'feed-page-reply.json')).status).toBe(200);
    await drained();
    expect(await tickets().countBy({ channel: 'facebook' })).toBe(3);
    const kk = await byExternalId('facebook', '1029384756102938_2211334455667788');
    expect(kk!.firstResponseAt!.toISOString()).toBe('2025-11-25T06:39:50.000Z');
    const replies = (await app.http().get(`/api/v1/tickets/${kk!.id}/replies`).set(bearer(s.tokens.admin))).body.items as Array<Record<string, unknown>>;
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ visibility: 'public', externalId: '1029384756102938_2211334455670011', authorId: null });
  });

  it('keeps a removed comment as a ticket with a removal event', async () => {
    expect((await postMeta('facebook', 'feed-comment-remove.json')).status).toBe(200);
    await drained();
    const road = await byExternalId('facebook', '1029384756102938_2211334455669901');
    expect(road!.status).not.toBe('rejected');
    expect((await events(road!.id)).map((e) => e.type)).toContain('ticket.removed_by_author');
  });

  it('links an Instagram "me too" reply to the comment it answers', async () => {
    expect((await postMeta('instagram', 'comments-kk.json')).status).toBe(200);
    expect((await postMeta('instagram', 'comments-reply-ru.json')).status).toBe(200);
    await drained();
    const first = await byExternalId('instagram', '17865799348089039');
    const reply = await byExternalId('instagram', '17865799348089555');
    expect(first).toMatchObject({ districtId: s.districts.zhualy.id, language: 'kk' });
    expect(reply).toMatchObject({ districtId: s.districts.zhualy.id, authorName: 'asel.k' });
    expect(reply!.clusterId).toEqual(expect.any(String));
    expect(reply!.clusterId).toBe((await tickets().findOneByOrFail({ id: first!.id })).clusterId);
    expect((await events(reply!.id))[0]!.payload.inReplyToTicketId).toBe(first!.id);
  });

  it('takes Telegram discussion comments and private messages, but not the akimat’s own channel posts', async () => {
    for (const file of ['discussion-comment-kk.json', 'private-message-ru.json', 'channel-post.json', 'discussion-comment-kk.json']) {
      expect((await postTelegram(file)).status).toBe(200);
    }
    await drained();
    expect(await byExternalId('telegram', '-1001873345777:519')).toMatchObject({ districtId: sarysu.id, language: 'kk' });
    // No page for a private chat: the ticket waits in triage with no district (even though its text is clearly land), never dropped.
    expect(await byExternalId('telegram', '6011223344:77')).toMatchObject({ districtId: null, status: 'new', language: 'ru' });
    expect(await tickets().countBy({ channel: 'telegram' })).toBe(2);
    expect((await post('/webhooks/telegram', fixture('telegram/channel-post.json'), { 'X-Telegram-Bot-Api-Secret-Token': 'wrong' })).status).toBe(401);
  });

  it('answers VK’s confirmation with the configured code and a wall comment with exactly "ok"', async () => {
    const confirmation = JSON.parse(fixture('vk/confirmation.json').toString('utf8')) as Record<string, unknown>;
    const confirm = await post('/webhooks/vk', Buffer.from(JSON.stringify({ ...confirmation, secret: VK_SECRET })));
    expect(confirm.status).toBe(200);
    expect(confirm.text).toBe('a1b2c3d4');
    const comment = await post('/webhooks/vk', fixture('vk/wall-reply-new-ru.json'));
    expect(comment.status).toBe(200);
    expect(comment.text).toBe('ok');
    await drained();
    expect(await byExternalId('vk', '-218455001_1450_3301')).toMatchObject({ districtId: zhambyl.id, language: 'ru' });
    const wrongSecret = await post('/webhooks/vk', Buffer.from(fixture('vk/wall-reply-new-ru.json').toString('utf8').replace(VK_SECRET, 'guess')));
    expect(wrongSecret.status).toBe(401);
  });

  it('refuses bad signatures, re-serialised bodies, malformed and oversized deliveries, storing nothing, and counts them', async () => {
    const before = await inboxCount();
    const body = fixture('facebook/feed-comment-kk.json');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    const cases = [
      await post('/webhooks/facebook', body, { 'X-Hub-Signature-256': sign(body, 'not-the-secret') }),
      await post('/webhooks/facebook', body),
      await post('/webhooks/facebook', reserialised, { 'X-Hub-Signature-256': signatureOf('facebook/feed-comment-kk.json') }),
      await post('/webhooks/instagram', fixture('instagram/comments-kk.json'), { 'X-Hub-Signature-256': 'sha256=00' }),
    ];
    for (const res of cases) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/X-Hub-Signature-256/) });
    }
    const malformed = Buffer.from('{"object":"page","entry":[');
    expect((await post('/webhooks/facebook', malformed, { 'X-Hub-Signature-256': sign(malformed) })).status).toBe(400);
    const wrongShape = Buffer.from(JSON.stringify({ object: 'user', entry: [] }));
    // Validly signed but no Facebook delivery: acknowledged (Meta would retry a 400, then disable the subscription), not stored.
    const shape = await post('/webhooks/facebook', wrongShape, { 'X-Hub-Signature-256': sign(wrongShape) });
    expect(shape.status).toBe(200);
    const huge = facebookComment('104538291276431', '1_999', 'ж'.repeat(2_000_000));
    const tooLarge = await post('/webhooks/facebook', huge, { 'X-Hub-Signature-256': sign(huge) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', requestId: tooLarge.headers['x-request-id'] });
    // Signed, but sent as a form: channels send JSON, so this is not a delivery.
    const notJson = await post('/webhooks/facebook', body, {
      'X-Hub-Signature-256': signatureOf('facebook/feed-comment-kk.json'),
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'expected a JSON body (Content-Type: application/json)' });
    expect(await inboxCount()).toBe(before);

    const metrics = await app.http().get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/tynda_webhook_rejected_total\{channel="facebook",reason="bad_signature"\} 3/);
    // The body that is not JSON and the form; the signed JSON that is not a Facebook delivery is counted as ignored.
    expect(metrics.text).toMatch(/tynda_webhook_rejected_total\{channel="facebook",reason="malformed"\} 2/);
    expect(metrics.text).toMatch(/tynda_webhook_deliveries_total\{channel="facebook",result="ignored"\} 1/);
  });

  it('assigns the comments of one delivery routed to a department together, spreading them over its members', async () => {
    const now = Math.floor(Date.now() / 1000);
    const texts = [
      'Жол жөндеуі керек, шұңқыр көп',
      'Дорогу на Кенес разбили грузовики',
      'Көпір жанындағы жол бұзылған',
      'Асфальт на дороге у школы провалился',
    ];
    const changes = texts.map((message, i) => ({
      field: 'feed',
      value: {
        from: { id: `88${i}`, name: `Тұрғын ${i}` },
        item: 'comment',
        verb: 'add',
        post_id: '104538291276431_2',
        comment_id: `2_88${i}`,
        parent_id: '104538291276431_2',
        created_time: now,
        message,
      },
    }));
    const body = Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: '104538291276431', time: now, changes }] }));
    const loads = async () =>
      (await app.dataSource.query(
        `SELECT assignee_id AS id, count(*)::int AS n FROM tickets WHERE assignee_id = ANY($1) AND status IN ('assigned', 'in_progress', 'awaiting_resident', 'reopened') GROUP BY 1`,
        [[s.users.staffRoads.id, s.users.headRoads.id]],
      )) as Array<{ id: string; n: number }>;
    const total = (rows: Array<{ n: number }>) => rows.reduce((sum, r) => sum + r.n, 0);
    const before = total(await loads());
    expect((await post('/webhooks/facebook', body, { 'X-Hub-Signature-256': sign(body) })).status).toBe(200);
    await drained();
    await eventually(async () => (await tickets().countBy({ externalId: In(texts.map((_, i) => `2_88${i}`)), status: 'assigned' })) === 4);
    const after = await loads();
    expect(total(after)).toBe(before + 4);
    // Least-loaded, counted as they are handed out: the two members end within one ticket of each other.
    expect(Math.abs(after[0]!.n - (after[1]?.n ?? 0))).toBeLessThanOrEqual(1);
    for (const i of texts.keys()) {
      const t = await byExternalId('facebook', `2_88${i}`);
      expect((await events(t!.id)).filter((e) => e.type === 'ticket.assigned')).toHaveLength(1);
    }
  });

  it('gathers similar complaints of a district into a cluster that press secretaries can split and merge', async () => {
    const texts = [
      'Қорағаты ауылындағы жер дауы қашан шешіледі? Біз де жер учаскесін күтіп отырмыз.',
      'Қорағаты ауылында жер учаскелері бойынша дау әлі шешілмеді, жер беру туралы шешім жоқ.',
      'Қорағаты ауылындағы жер учаскелері дауы шешілмеді, біз де күтіп отырмыз.',
    ];
    for (const [i, text] of texts.entries()) {
      // Written the same day as the fixture's comment: clusters gather recent tickets only.
      const body = facebookComment('104538291276431', `555_${i}`, text, 1764046000 + i);
      expect((await post('/webhooks/facebook', body, { 'X-Hub-Signature-256': sign(body) })).status).toBe(200);
    }
    await drained();
    const kk = await byExternalId('facebook', '1029384756102938_2211334455667788');
    const clusterId = kk!.clusterId!;
    expect(clusterId).toEqual(expect.any(String));
    const members = await tickets().findBy({ clusterId });
    expect(members.map((t) => t.externalId).sort()).toEqual(['1029384756102938_2211334455667788', '555_0', '555_1', '555_2']);

    const list = await app.http().get('/api/v1/clusters').query({ minTickets: 2 }).set(bearer(s.tokens.pressMerki));
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: clusterId, districtId: s.districts.merki.id, tickets: 4, residents: 4 })]);
    // Another district's press secretary does not see it.
    expect((await app.http().get(`/api/v1/clusters/${clusterId}`).set(bearer(s.tokens.pressZhualy))).status).toBe(404);
    const ofCluster = await app.http().get('/api/v1/tickets').query({ clusterId }).set(bearer(s.tokens.pressMerki));
    expect(ofCluster.body.items).toHaveLength(4);

    const split = await app
      .http()
      .post(`/api/v1/clusters/${clusterId}/split`)
      .set(bearer(s.tokens.pressMerki))
      .send({ ticketIds: [members.find((t) => t.externalId === '555_2')!.id] });
    expect(split.status).toBe(200);
    expect(split.body).toMatchObject({ tickets: 1, districtId: s.districts.merki.id });
    expect((await app.http().get(`/api/v1/clusters/${clusterId}`).set(bearer(s.tokens.pressMerki))).body.tickets).toBe(3);
    const merged = await app.http().post(`/api/v1/clusters/${split.body.id}/merge`).set(bearer(s.tokens.pressMerki)).send({ intoClusterId: clusterId });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: clusterId, tickets: 4 });
    expect((await app.http().get(`/api/v1/clusters/${split.body.id}`).set(bearer(s.tokens.pressMerki))).status).toBe(404);
    expect(
      (
        await app
          .http()
          .post(`/api/v1/clusters/${clusterId}/split`)
          .set(bearer(s.tokens.staffLand1))
          .send({ ticketIds: [kk!.id] })
      ).status,
    ).toBe(403);
  });

  it('acknowledges a delivery repeated concurrently (no 500 on the unique conflict), storing and ticketing it once', async () => {
    const before = await inboxCount();
    const bodies = Array.from({ length: 12 }, (_, i) => facebookComment('100871455329018', `7000_${i}`, `Көшедегі шам жанбайды, №${i}`));
    // Each delivery twice at once: the copy's INSERT waits for the original's commit, then must find its row.
    const sent = [...bodies, ...bodies].map((b) => post('/webhooks/facebook', b, { 'X-Hub-Signature-256': sign(b) }));
    expect((await Promise.all(sent)).map((r) => r.status)).toEqual(sent.map(() => 200));
    expect(await inboxCount()).toBe(before + 12);
    await drained();
    for (const i of bodies.keys()) expect(await tickets().countBy({ channel: 'facebook', externalId: `7000_${i}` })).toBe(1);
  });
});

describe('intake while Redis is down', () => {
  it('acknowledges and stores every delivery, and makes each a ticket exactly once when Redis is back', async () => {
    // Nothing listens on port 1: Redis refuses every connection, as when it is down.
    const app = await TestApp.start({ env: { ...ENV, REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      await app.dataSource.getRepository(PageEntity).save({ channel: 'facebook', externalId: '104538291276431', districtId: null, title: 'Меркі' });
      const bodies = Array.from({ length: 12 }, (_, i) => facebookComment('104538291276431', `777_${i}`, `Жол жөндеуі керек, көше №${i}`));
      for (const body of [...bodies, bodies[0]!, bodies[5]!]) {
        const res = await app
          .http()
          .post('/webhooks/facebook')
          .set({ 'Content-Type': 'application/json', 'X-Hub-Signature-256': sign(body) })
          .send(body.toString('utf8'));
        expect(res.status).toBe(200);
      }
      const stored = await app.dataSource.query(`SELECT count(*) FILTER (WHERE processed_at IS NULL) AS pending, count(*) AS total FROM inbox_deliveries`);
      expect(stored).toEqual([{ pending: '12', total: '12' }]);
      expect(await app.dataSource.getRepository(TicketEntity).count()).toBe(0);

      // Redis is back: a worker that can reach it relays what was stored and drains it.
      await app.startWorker({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
      await eventually(async () => (await app.dataSource.getRepository(TicketEntity).count()) === 12, 20_000);
      const counts = (await app.dataSource.query(`SELECT external_id, count(*) AS n FROM tickets GROUP BY external_id HAVING count(*) > 1`)) as unknown[];
      expect(counts).toEqual([]);
      expect(await app.dataSource.query(`SELECT count(*) AS n FROM inbox_deliveries WHERE processed_at IS NULL`)).toEqual([{ n: '0' }]);
    } finally {
      await app.close();
    }
  });
});
