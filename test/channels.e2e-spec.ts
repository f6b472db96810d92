import { createHmac, randomBytes } from 'node:crypto';
import { PageEntity, TicketEntity } from '../libs/database/src/index.js';
import { QueueName } from '../libs/queues/src/index.js';
import { FakeChannels, connectPage, type Received } from './support/fake-channels.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

const APP_SECRET = 'tynda-channels-app-secret';
const PUBLIC_BASE_URL = 'https://tynda.example.kz';
const form = (r: Received) => Object.fromEntries(new URLSearchParams(r.body));
const sign = (body: string): string => `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;
const EXPIRED = {
  status: 400,
  body: { error: { message: 'Error validating access token: Session has expired on Tuesday.', type: 'OAuthException', code: 190, error_subcode: 463 } },
};

type PageView = { id: string; hasCredentials: boolean; connection: { state: string; checkedAt: string | null; message: string | null }; [k: string]: unknown };
type ReplyView = { id: string; deliveryStatus: string; deliveredAt: string | null; deliveryError: string | null };

describe('channels go live: credentials, connection state, honest first response, Meta webhooks', () => {
  const channels = new FakeChannels();
  let app: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    await channels.start();
    app = await TestApp.start({
      worker: true,
      env: {
        SECRETS_KEY: randomBytes(32).toString('base64'),
        GRAPH_API_BASE_URL: `${channels.url}/v26.0`,
        TELEGRAM_API_BASE_URL: channels.url,
        VK_API_BASE_URL: channels.url,
        PUBLIC_BASE_URL,
        FACEBOOK_APP_SECRET: APP_SECRET,
        FACEBOOK_VERIFY_TOKEN: 'tynda-verify-me',
        VK_SECRET: 'global-vk-secret',
        VK_CONFIRMATION_CODE: 'global-code',
        INTAKE_RELAY_EVERY_MS: '300',
        CHANNEL_RECONCILE_EVERY_MS: '1500',
      },
    });
    s = await buildScenario(app);
  });
  afterAll(async () => {
    await app.close();
    await channels.stop();
  });

  const admin = () => bearer(s.tokens.admin);
  const newPage = (channel: string, externalId: string, title = `${channel} ${externalId}`) =>
    app.dataSource
      .getRepository(PageEntity)
      .save({ channel: channel as PageEntity['channel'], externalId, districtId: s.districts.merki.id, departmentId: null, title });
  const pageView = async (id: string): Promise<PageView> => (await app.http().get(`/api/v1/pages/${id}`).set(admin()).expect(200)).body;
  const ticket = async (id: string) => (await app.http().get(`/api/v1/tickets/${id}`).set(bearer(s.tokens.pressMerki)).expect(200)).body;
  const replies = async (ticketId: string): Promise<ReplyView[]> =>
    (await app.http().get(`/api/v1/tickets/${ticketId}/replies`).set(bearer(s.tokens.pressMerki)).expect(200)).body.items;
  async function channelTicket(channel: string, externalId: string, page: PageEntity | null): Promise<string> {
    const t = await createTicket(app, s);
    await app.dataSource.query(`UPDATE tickets SET channel = $2, external_id = $3, page_id = $4 WHERE id = $1`, [t.id, channel, externalId, page?.id ?? null]);
    return t.id;
  }
  async function reply(ticketId: string, body: string): Promise<string> {
    await app.http().post(`/api/v1/tickets/${ticketId}/replies`).set(bearer(s.tokens.pressMerki)).send({ body, visibility: 'public' }).expect(201);
    return (await replies(ticketId)).at(-1)!.id;
  }
  const replyOf = async (ticketId: string, replyId: string) => (await replies(ticketId)).find((r) => r.id === replyId)!;
  const notifications = async (kind: string) =>
    (await app.dataSource.query(`SELECT user_id AS "userId", ticket_id AS "ticketId" FROM notifications WHERE kind = $1`, [kind])) as Array<{
      userId: string;
      ticketId: string;
    }>;

  describe('credentials', () => {
    it('saves, verifies and subscribes a Facebook page, and never returns or stores the token in the clear', async () => {
      const token = 'EAAB-very-secret-merki-token-0001';
      const page = await newPage('facebook', '100200300');
      const saved = (await app.http().put(`/api/v1/pages/${page.id}/credentials`).set(admin()).send({ accessToken: token }).expect(200)).body as PageView;
      expect(saved).toMatchObject({ id: page.id, hasCredentials: true, connection: { state: 'connected', message: null } });
      expect(saved.connection.checkedAt).not.toBeNull();

      const me = channels.to('/v26.0/me?fields=id,name');
      expect(me.at(-1)).toMatchObject({ method: 'GET', authorization: `Bearer ${token}` });
      const subscribed = channels.to(`/v26.0/${page.externalId}/subscribed_apps`);
      expect(subscribed.map(form)).toEqual([{ subscribed_fields: 'feed,messages', access_token: token }]);

      const verified = (await app.http().post(`/api/v1/pages/${page.id}/verify`).set(admin()).expect(200)).body;
      const patched = (await app.http().patch(`/api/v1/pages/${page.id}`).set(admin()).send({ title: 'Меркі ауданы әкімдігі' }).expect(200)).body;
      const created = (
        await app.http().post('/api/v1/pages').set(admin()).send({ channel: 'facebook', externalId: '100200399', title: 'Басқа бет' }).expect(201)
      ).body;
      const listed = (await app.http().get('/api/v1/pages?limit=200').set(bearer(s.tokens.pressMerki)).expect(200)).body;
      const one = (await app.http().get(`/api/v1/pages/${page.id}`).set(bearer(s.tokens.pressMerki)).expect(200)).body;
      for (const body of [saved, verified, patched, created, listed, one]) {
        expect(JSON.stringify(body)).not.toContain(token);
        expect(JSON.stringify(body)).not.toContain('credentials"');
      }
      expect(created).toMatchObject({ hasCredentials: false, connection: { state: 'unverified', checkedAt: null } });

      // What a database dump holds: sealed text naming its key, no token.
      const [row] = (await app.dataSource.query(`SELECT row_to_json(p)::text AS dump, credentials FROM pages p WHERE id = $1`, [page.id])) as Array<{
        dump: string;
        credentials: string;
      }>;
      expect(row!.dump).not.toContain(token);
      expect(row!.dump).not.toContain('secret-merki');
      expect(row!.credentials).toMatch(/^v1\.[0-9a-f]{12}\./);
      const columns = (await app.dataSource.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'pages' AND column_name = 'access_token'`,
      )) as unknown[];
      expect(columns).toEqual([]);
    });

    it('marks a token Graph refuses invalid, with the reason and no secret in it', async () => {
      const page = await newPage('facebook', '100200301');
      channels.script('/v26.0/me?fields=id,name', EXPIRED);
      const saved = (await app.http().put(`/api/v1/pages/${page.id}/credentials`).set(admin()).send({ accessToken: 'EAAB-expired' }).expect(200))
        .body as PageView;
      expect(saved.connection).toMatchObject({
        state: 'invalid',
        message: 'Graph API refused the access token: HTTP 400: Error validating access token: Session has expired on Tuesday. (code 190)',
      });
      expect(channels.to(`/v26.0/${page.externalId}/subscribed_apps`)).toHaveLength(0);
    });

    it("refuses credentials that do not fit the page's channel, and non-admins", async () => {
      const page = await newPage('telegram', '-1009000000001');
      const wrong = await app.http().put(`/api/v1/pages/${page.id}/credentials`).set(admin()).send({ accessToken: 'x' }).expect(422);
      expect(wrong.body).toMatchObject({ statusCode: 422, message: 'a telegram page takes botToken, secretToken; not accessToken' });
      expect(wrong.body.requestId).toEqual(expect.any(String));
      await app.http().put(`/api/v1/pages/${page.id}/credentials`).set(bearer(s.tokens.pressMerki)).send({ botToken: '1:a', secretToken: 'b' }).expect(403);
      await app.http().post(`/api/v1/pages/${page.id}/verify`).set(admin()).expect(422);
      expect((await pageView(page.id)).hasCredentials).toBe(false);
    });

    it('verifies a Telegram bot and sets its own webhook with its secret token', async () => {
      const page = await newPage('telegram', '-1009000000002');
      const saved = await connectPage(app, s.tokens.admin, page.id, { botToken: '777001:AAbot-one', secretToken: 'bot-one-secret' });
      expect(saved).toMatchObject({ hasCredentials: true, connection: { state: 'connected' } });
      expect(channels.to('/bot777001:AAbot-one/getMe')).toHaveLength(1);
      const hook = channels.to('/bot777001:AAbot-one/setWebhook').map((r) => JSON.parse(r.body) as unknown);
      expect(hook).toEqual([
        { url: `${PUBLIC_BASE_URL}/webhooks/telegram/${page.id}`, secret_token: 'bot-one-secret', allowed_updates: ['message', 'edited_message'] },
      ]);
    });
  });

  describe('several communities and bots, each with its own secrets', () => {
    const vkEvent = (groupId: number, secret: string, type = 'wall_reply_new') =>
      JSON.stringify({
        type,
        group_id: groupId,
        secret,
        event_id: `ev-${groupId}-${Math.random()}`,
        object: { id: 33 + groupId, owner_id: -groupId, post_id: 17, from_id: 4242, date: Math.floor(Date.now() / 1000), text: 'Жол жөнделмеді' },
      });
    const telegramUpdate = (chatId: number) =>
      JSON.stringify({
        update_id: chatId,
        message: {
          message_id: 5,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private' },
          from: { id: chatId, is_bot: false, first_name: 'Асем' },
          text: 'Су жоқ',
        },
      });
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      app
        .http()
        .post(path)
        .set({ 'Content-Type': 'application/json', ...headers })
        .send(body);

    it("accepts each VK community with its own secret and confirmation code, and refuses the other's", async () => {
      const first = await newPage('vk', '7001');
      const second = await newPage('vk', '7002');
      await connectPage(app, s.tokens.admin, first.id, { accessToken: 'vk-token-1', secret: 'vk-secret-one', confirmationCode: 'code-one' });
      await connectPage(app, s.tokens.admin, second.id, { accessToken: 'vk-token-2', secret: 'vk-secret-two', confirmationCode: 'code-two' });
      expect(channels.to('/method/groups.getById').map((r) => form(r).group_id)).toEqual(expect.arrayContaining(['7001', '7002']));

      expect((await post('/webhooks/vk', vkEvent(7001, 'vk-secret-one')).expect(200)).text).toBe('ok');
      expect((await post('/webhooks/vk', vkEvent(7002, 'vk-secret-two')).expect(200)).text).toBe('ok');
      await post('/webhooks/vk', vkEvent(7001, 'vk-secret-two')).expect(401);
      await post('/webhooks/vk', vkEvent(7002, 'vk-secret-one')).expect(401);
      // A community's own secret replaces the global one; the global one still serves communities without credentials.
      await post('/webhooks/vk', vkEvent(7001, 'global-vk-secret')).expect(401);
      expect((await post('/webhooks/vk', vkEvent(7999, 'global-vk-secret')).expect(200)).text).toBe('ok');
      expect((await post('/webhooks/vk', vkEvent(7002, 'vk-secret-two', 'confirmation')).expect(200)).text).toBe('code-two');
      expect((await post('/webhooks/vk', vkEvent(7999, 'global-vk-secret', 'confirmation')).expect(200)).text).toBe('global-code');
    });

    it("accepts each Telegram bot on its own path with its own secret token, and refuses the other's", async () => {
      const one = await newPage('telegram', '-1009000000011');
      const two = await newPage('telegram', '-1009000000012');
      await connectPage(app, s.tokens.admin, one.id, { botToken: '881:one', secretToken: 'tg-secret-one' });
      await connectPage(app, s.tokens.admin, two.id, { botToken: '882:two', secretToken: 'tg-secret-two' });
      const token = (t: string) => ({ 'X-Telegram-Bot-Api-Secret-Token': t });

      await post(`/webhooks/telegram/${one.id}`, telegramUpdate(90001), token('tg-secret-one')).expect(200);
      await post(`/webhooks/telegram/${two.id}`, telegramUpdate(90002), token('tg-secret-two')).expect(200);
      await post(`/webhooks/telegram/${one.id}`, telegramUpdate(90003), token('tg-secret-two')).expect(401);
      await post(`/webhooks/telegram/${two.id}`, telegramUpdate(90004), token('tg-secret-one')).expect(401);
      const unknown = await post('/webhooks/telegram/00000000-0000-4000-8000-000000000000', telegramUpdate(90005), token('tg-secret-one')).expect(401);
      expect(unknown.body.message).toMatch(/no Telegram bot/);
      // The shared path takes any registered bot's token (no global TELEGRAM_SECRET_TOKEN here).
      await post('/webhooks/telegram', telegramUpdate(90006), token('tg-secret-two')).expect(200);
      await post('/webhooks/telegram', telegramUpdate(90007), token('tg-secret-three')).expect(401);
      // Only a bot's own path may name the bot's page.
      const forged = JSON.stringify({ ...(JSON.parse(telegramUpdate(90008)) as object), tynda_bot_page: two.externalId });
      await post('/webhooks/telegram', forged, token('tg-secret-two')).expect(400);
      await eventually(async () => (await app.dataSource.getRepository(TicketEntity).countBy({ channel: 'telegram' })) >= 3);

      // A private message to the second bot belongs to its page's district and is answered by that bot.
      await eventually(async () => (await app.dataSource.getRepository(TicketEntity).findOneBy({ channel: 'telegram', externalId: '90002:5' })) !== null);
      const privateTicket = (await app.dataSource.getRepository(TicketEntity).findOneBy({ channel: 'telegram', externalId: '90002:5' }))!;
      expect(privateTicket).toMatchObject({ pageId: two.id, districtId: s.districts.merki.id });
      const sharedPath = (await app.dataSource.getRepository(TicketEntity).findOneBy({ channel: 'telegram', externalId: '90006:5' }))!;
      expect(sharedPath).toMatchObject({ pageId: null, districtId: null });
      const replyId = await reply(privateTicket.id, 'Су ертең беріледі');
      await eventually(async () => (await replyOf(privateTicket.id, replyId)).deliveryStatus === 'delivered');
      expect(channels.to('/bot882:two/sendMessage').map((r) => JSON.parse(r.body) as unknown)).toEqual([
        { chat_id: 90002, text: 'Су ертең беріледі', reply_parameters: { message_id: 5, allow_sending_without_reply: true } },
      ]);
    });
  });

  describe('an expired token while replying', () => {
    it("needs reauthorization, tells admins and the district's press secretaries once, holds the replies and sends them with the new token", async () => {
      const page = await newPage('facebook', '100200310');
      await connectPage(app, s.tokens.admin, page.id, { accessToken: 'EAAB-old-token' });
      const first = await channelTicket('facebook', '100200310_1', page);
      const second = await channelTicket('facebook', '100200310_2', page);
      channels.script('/v26.0/100200310_1/comments', EXPIRED);
      const r1 = await reply(first, 'Бірінші жауап');
      await eventually(async () => (await pageView(page.id)).connection.state === 'reauthorization_required');
      const r2 = await reply(second, 'Екінші жауап');
      await app.drain(QueueName.outbound);

      const view = await pageView(page.id);
      expect(view.connection).toMatchObject({ state: 'reauthorization_required', message: expect.stringContaining('(code 190)') });
      // Held, not failed: the second was never even sent.
      expect(await replyOf(first, r1)).toMatchObject({ deliveryStatus: 'pending' });
      expect(await replyOf(second, r2)).toMatchObject({ deliveryStatus: 'pending' });
      expect(channels.to('/v26.0/100200310_2/comments')).toHaveLength(0);
      expect((await ticket(first)).firstResponseAt).toBeNull();

      const told = await notifications('channel.reauthorization_required');
      expect(told.map((n) => n.userId).sort()).toEqual([s.users.admin.id, s.users.pressMerki.id].sort());

      await connectPage(app, s.tokens.admin, page.id, { accessToken: 'EAAB-new-token' });
      await eventually(async () => (await replyOf(first, r1)).deliveryStatus === 'delivered' && (await replyOf(second, r2)).deliveryStatus === 'delivered');
      expect(channels.to('/v26.0/100200310_2/comments').map(form)).toEqual([{ message: 'Екінші жауап', access_token: 'EAAB-new-token' }]);
      expect(channels.to('/v26.0/100200310_1/comments').map((r) => form(r).access_token)).toEqual(['EAAB-old-token', 'EAAB-new-token']);
      expect((await pageView(page.id)).connection.state).toBe('connected');
      expect(await notifications('channel.reauthorization_required')).toHaveLength(2);
    });
  });

  describe('honest first response', () => {
    it('counts a delivered reply at the delivery instant', async () => {
      const page = await newPage('facebook', '100200320');
      await connectPage(app, s.tokens.admin, page.id, { accessToken: 'EAAB-320' });
      const id = await channelTicket('facebook', '100200320_1', page);
      const r = await reply(id, 'Жауап берілді');
      await eventually(async () => (await replyOf(id, r)).deliveryStatus === 'delivered');
      // Writing the reply did not count; delivering it did.
      const events = (await app.http().get(`/api/v1/tickets/${id}/events`).set(admin()).expect(200)).body.items as Array<{
        type: string;
        payload: Record<string, unknown>;
      }>;
      expect(events.find((e) => e.type === 'ticket.replied')?.payload.firstResponse).toBeUndefined();
      expect(events.find((e) => e.type === 'reply.delivered')?.payload.firstResponse).toBe(true);
      const delivered = await replyOf(id, r);
      const t = await ticket(id);
      expect(t.firstResponseAt).toBe(delivered.deliveredAt);
      expect(t.undeliveredReply).toBe(false);
      const [row] = (await app.dataSource.query(`SELECT first_response_business_seconds AS s FROM tickets WHERE id = $1`, [id])) as Array<{ s: number | null }>;
      expect(row!.s).not.toBeNull();
    });

    it('leaves the clock running after a reply that failed for good, flags the ticket and tells the author', async () => {
      const page = await newPage('facebook', '100200330');
      await connectPage(app, s.tokens.admin, page.id, { accessToken: 'EAAB-330' });
      const id = await channelTicket('facebook', '100200330_1', page);
      channels.script('/v26.0/100200330_1/comments', { status: 400, body: { error: { message: '(#100) Object with ID does not exist', code: 100 } } });
      const r = await reply(id, 'Жауап');
      await eventually(async () => (await replyOf(id, r)).deliveryStatus === 'failed');
      const t = await ticket(id);
      expect(t).toMatchObject({ firstResponseAt: null, undeliveredReply: true });
      expect(t.sla.state).not.toBe('met');
      expect((await notifications('reply.undelivered')).filter((n) => n.ticketId === id)).toEqual([{ userId: s.users.pressMerki.id, ticketId: id }]);
      const queue = (await app.http().get('/api/v1/tickets?limit=200').set(bearer(s.tokens.pressMerki)).expect(200)).body.items as Array<{
        id: string;
        undeliveredReply: boolean;
      }>;
      expect(queue.find((x) => x.id === id)?.undeliveredReply).toBe(true);

      // A later reply that is delivered answers the resident: flag cleared, clock stopped then.
      const again = await reply(id, 'Қайта жауап');
      await eventually(async () => (await replyOf(id, again)).deliveryStatus === 'delivered');
      const after = await ticket(id);
      expect(after).toMatchObject({ undeliveredReply: false, firstResponseAt: (await replyOf(id, again)).deliveredAt });
    });

    it('still counts a reply to a phoned-in ticket when it is recorded', async () => {
      const t = await createTicket(app, s);
      await reply(t.id, 'Телефонмен жауап берілді');
      expect((await ticket(t.id)).firstResponseAt).not.toBeNull();
    });
  });

  describe('Meta webhooks never refuse a signed delivery', () => {
    const postMeta = (channel: string, body: string) =>
      app
        .http()
        .post(`/webhooks/${channel}`)
        .set({ 'Content-Type': 'application/json', 'X-Hub-Signature-256': sign(body) })
        .send(body);

    it('answers the Instagram subscription handshake', async () => {
      const res = await app
        .http()
        .get('/webhooks/instagram')
        .query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tynda-verify-me', 'hub.challenge': '1158201444' })
        .expect(200);
      expect(res.text).toBe('1158201444');
      await app.http().get('/webhooks/instagram').query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' }).expect(403);
    });

    it("makes a signed Messenger message a ticket of the page's district", async () => {
      const page = await newPage('facebook', '100200340');
      const at = Date.now();
      const body = JSON.stringify({
        object: 'page',
        entry: [
          {
            id: page.externalId,
            time: at,
            messaging: [
              {
                sender: { id: '6100000001' },
                recipient: { id: page.externalId },
                timestamp: at,
                message: { mid: 'm_AbCdEf0123', text: 'Сәлеметсіз бе, көшеде жарық жоқ' },
              },
            ],
          },
        ],
      });
      await postMeta('facebook', body).expect(200);
      await eventually(
        async () => (await app.dataSource.getRepository(TicketEntity).findOneBy({ channel: 'facebook', externalId: 'dm:m_AbCdEf0123' })) !== null,
      );
      const t = (await app.dataSource.getRepository(TicketEntity).findOneBy({ channel: 'facebook', externalId: 'dm:m_AbCdEf0123' }))!;
      expect(t).toMatchObject({ pageId: page.id, districtId: s.districts.merki.id, text: 'Сәлеметсіз бе, көшеде жарық жоқ', authorExternalId: '6100000001' });
      expect(t.receivedAt.getTime()).toBe(at);

      // The answer goes back into the conversation through the Send API, with the page's token.
      await connectPage(app, s.tokens.admin, page.id, { accessToken: 'EAAB-340' });
      const r = await reply(t.id, 'Жарық кешке қосылады');
      await eventually(async () => (await replyOf(t.id, r)).deliveryStatus === 'delivered');
      const sent = channels.to('/v26.0/me/messages').map(form);
      expect(sent.at(-1)).toEqual({
        recipient: '{"id":"6100000001"}',
        message: '{"text":"Жарық кешке қосылады"}',
        messaging_type: 'RESPONSE',
        access_token: 'EAAB-340',
      });
    });

    it('acknowledges a signed delivery of an unknown shape without storing it, and still refuses a bad signature', async () => {
      const before = Number(((await app.dataSource.query(`SELECT count(*) AS n FROM inbox_deliveries`)) as Array<{ n: string }>)[0]!.n);
      await postMeta(
        'instagram',
        JSON.stringify({ object: 'instagram', entry: [{ id: '1784', time: 1767225600, standby: [{ sender: { id: '1' } }] }] }),
      ).expect(200);
      await postMeta('facebook', JSON.stringify({ object: 'user', entry: [] })).expect(200);
      const after = Number(((await app.dataSource.query(`SELECT count(*) AS n FROM inbox_deliveries`)) as Array<{ n: string }>)[0]!.n);
      expect(after).toBe(before);
      const metrics = (await app.http().get('/metrics')).text;
      expect(metrics).toMatch(/tynda_webhook_deliveries_total\{[^}]*result="ignored"[^}]*\} [1-9]/);
      await app
        .http()
        .post('/webhooks/facebook')
        .set({ 'Content-Type': 'application/json', 'X-Hub-Signature-256': 'sha256=00' })
        .send('{"object":"page","entry":[]}')
        .expect(401);
    });
  });

  describe('recovery of missed comments', () => {
    const pageOf = async (id: string) => (await pageView(id)) as PageView & { reconciliation: { recoveredComments: number; lastRunAt: string | null } };
    const ticketsOf = (channel: string, externalId: string) =>
      app.dataSource.getRepository(TicketEntity).countBy({ channel: channel as TicketEntity['channel'], externalId });
    /** Waits for a reconciliation pass that starts after now. */
    async function nextPass(pageId: string): Promise<void> {
      const before = Date.now();
      await eventually(async () => {
        const at = (await pageOf(pageId)).reconciliation.lastRunAt;
        return at !== null && new Date(at).getTime() > before;
      }, 10_000);
    }

    it('makes a comment no webhook delivered a ticket after one interval, once, and counts it on the page and /metrics', async () => {
      const page = await newPage('facebook', '100200350');
      await connectPage(app, s.tokens.admin, page.id, { accessToken: 'EAAB-350' });
      const seconds = (ago: number) => Math.floor((Date.now() - ago) / 1000);
      const delivered = {
        id: '100200350_9_1',
        message: 'Жарық жоқ',
        created_time: new Date(seconds(600_000) * 1000).toISOString(),
        from: { id: '61001', name: 'Дана Ахмет' },
      };
      const missed = {
        id: '100200350_9_2',
        message: 'Су құбыры жарылды',
        created_time: new Date(seconds(300_000) * 1000).toISOString(),
        from: { id: '61002', name: 'Ерлан Сапар' },
      };
      const tooYoung = { id: '100200350_9_3', message: 'Жол жабық', created_time: new Date().toISOString(), from: { id: '61003', name: 'Әлия' } };

      // The first comment came by webhook as usual.
      const value = {
        item: 'comment',
        verb: 'add',
        post_id: '100200350_9',
        comment_id: delivered.id,
        parent_id: '100200350_9',
        created_time: seconds(600_000),
        message: delivered.message,
        from: delivered.from,
      };
      const body = JSON.stringify({ object: 'page', entry: [{ id: page.externalId, time: seconds(600_000), changes: [{ field: 'feed', value }] }] });
      await app
        .http()
        .post('/webhooks/facebook')
        .set({ 'Content-Type': 'application/json', 'X-Hub-Signature-256': sign(body) })
        .send(body)
        .expect(200);
      await eventually(async () => (await ticketsOf('facebook', delivered.id)) === 1);

      channels.always(`/v26.0/${page.externalId}/feed`, {
        status: 200,
        body: { data: [{ id: '100200350_9', comments: { data: [delivered, missed, tooYoung] } }] },
      });
      await eventually(async () => (await ticketsOf('facebook', missed.id)) === 1, 15_000);
      const recovered = (await app.dataSource.getRepository(TicketEntity).findOneBy({ channel: 'facebook', externalId: missed.id }))!;
      expect(recovered).toMatchObject({ pageId: page.id, districtId: s.districts.merki.id, text: missed.message, authorName: 'Ерлан Сапар' });
      expect(recovered.receivedAt.toISOString()).toBe(missed.created_time);
      const feedCall = channels.received.find((r) => r.path.startsWith(`/v26.0/${page.externalId}/feed?`));
      expect(feedCall).toMatchObject({ method: 'GET', authorization: 'Bearer EAAB-350' });

      // A second pass, and one that reads the whole window again, create nothing.
      await nextPass(page.id);
      await app.dataSource.query(`UPDATE pages SET reconcile_since = NULL WHERE id = $1`, [page.id]);
      await nextPass(page.id);
      await app.drain(QueueName.intake);
      expect([await ticketsOf('facebook', delivered.id), await ticketsOf('facebook', missed.id), await ticketsOf('facebook', tooYoung.id)]).toEqual([1, 1, 0]);
      expect((await pageOf(page.id)).reconciliation.recoveredComments).toBe(1);
      expect((await app.http().get('/metrics')).text).toContain(`tynda_channel_reconciled_comments{page="${page.id}",channel="facebook"} 1`);
    });

    it("reads a VK community's wall comments back the same way", async () => {
      const page = await newPage('vk', '7301');
      await connectPage(app, s.tokens.admin, page.id, { accessToken: 'vk-token-7301', secret: 'vk-secret-7301', confirmationCode: 'c7301' });
      const date = Math.floor((Date.now() - 240_000) / 1000);
      channels.always('/method/wall.get', { status: 200, body: { response: { count: 1, items: [{ id: 41 }] } } });
      channels.always('/method/wall.getComments', {
        status: 200,
        body: { response: { count: 1, items: [{ id: 77, from_id: 555001, date, text: 'Балабақшаға орын жоқ' }] } },
      });
      await eventually(async () => (await ticketsOf('vk', '-7301_41_77')) === 1, 15_000);
      await nextPass(page.id);
      expect(await ticketsOf('vk', '-7301_41_77')).toBe(1);
      expect((await pageOf(page.id)).reconciliation.recoveredComments).toBe(1);
      channels.always('/method/wall.get', { status: 200, body: { response: { count: 0, items: [] } } });
    });
  });
});
