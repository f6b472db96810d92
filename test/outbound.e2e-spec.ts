import type { Queue } from 'bullmq';
import { PageEntity, TicketReplyEntity } from '../libs/database/src/index.js';
import { QueueName, jobIds } from '../libs/queues/src/index.js';
import { TestApp, eventually } from './support/test-app.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { FakeChannels, connectPage, type Answer, type Received } from './support/fake-channels.js';

/** The sent request's form fields, or its JSON. */
const form = (r: Received) => Object.fromEntries(new URLSearchParams(r.body));
const json = (r: Received) => JSON.parse(r.body) as unknown;

const TELEGRAM_TOKEN = '123456:TEST-bot-token';
const VK_TOKEN = 'vk-community-token';
const VK_PATH = '/method/wall.createComment';
const TELEGRAM_PATH = `/bot${TELEGRAM_TOKEN}/sendMessage`;

describe('outbound worker', () => {
  const channels = new FakeChannels();
  let app: TestApp;
  let s: Scenario;
  let facebookPage: PageEntity;
  let instagramPage: PageEntity;

  beforeAll(async () => {
    await channels.start();
    app = await TestApp.start({
      worker: true,
      env: {
        GRAPH_API_BASE_URL: `${channels.url}/v21.0`,
        TELEGRAM_API_BASE_URL: channels.url,
        TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
        VK_API_BASE_URL: channels.url,
        VK_ACCESS_TOKEN: VK_TOKEN,
      },
    });
    s = await buildScenario(app);
    const pages = app.dataSource.getRepository(PageEntity);
    facebookPage = await pages.save({
      channel: 'facebook',
      externalId: '100200300',
      districtId: s.districts.merki.id,
      departmentId: null,
      title: 'Меркі ауданы әкімдігі',
    });
    instagramPage = await pages.save({
      channel: 'instagram',
      externalId: '17841400000000001',
      districtId: s.districts.merki.id,
      departmentId: null,
      title: 'merki_akimat',
    });
    await connectPage(app, s.tokens.admin, facebookPage.id, { accessToken: 'EAAB-merki-page-token' });
    await connectPage(app, s.tokens.admin, instagramPage.id, { accessToken: 'IGQ-merki-token' });
  });
  afterAll(async () => {
    await app.close();
    await channels.stop();
  });

  type ReplyView = {
    id: string;
    body: string;
    visibility: string;
    deliveryStatus: string;
    externalId: string | null;
    deliveryAttempts: number;
    deliveryError: string | null;
    deliveredAt: string | null;
  };

  /** A Merki ticket as intake would have made it from a channel (intake itself is not under test here). */
  async function channelTicket(channel: string, externalId: string, page: PageEntity | null = null): Promise<string> {
    const t = await createTicket(app, s);
    await app.dataSource.query(`UPDATE tickets SET channel = $2, external_id = $3, page_id = $4 WHERE id = $1`, [t.id, channel, externalId, page?.id ?? null]);
    return t.id;
  }
  const replies = async (ticketId: string): Promise<ReplyView[]> =>
    (await app.http().get(`/api/v1/tickets/${ticketId}/replies`).set(bearer(s.tokens.pressMerki)).expect(200)).body.items;
  const replyOf = async (ticketId: string, replyId: string) => (await replies(ticketId)).find((r) => r.id === replyId)!;
  async function reply(ticketId: string, body: string, visibility: 'public' | 'internal' = 'public'): Promise<ReplyView> {
    await app.http().post(`/api/v1/tickets/${ticketId}/replies`).set(bearer(s.tokens.pressMerki)).send({ body, visibility }).expect(201);
    return (await replies(ticketId)).at(-1)!;
  }
  /** Waits until the reply is delivered or has failed for good, and returns it. */
  async function settled(ticketId: string, replyId: string): Promise<ReplyView> {
    await eventually(async () => ['delivered', 'failed'].includes((await replyOf(ticketId, replyId)).deliveryStatus), 15_000);
    return replyOf(ticketId, replyId);
  }
  /** A channel ticket whose first delivery attempt gets `answer`; returns the reply once it has settled. */
  async function replyAnswered(channel: string, externalId: string, path: string, answer: Answer, page: PageEntity | null = null) {
    const ticketId = await channelTicket(channel, externalId, page);
    channels.script(path, answer);
    const r = await reply(ticketId, `Жауап ${externalId}`);
    return { ticketId, replyId: r.id, settled: await settled(ticketId, r.id) };
  }
  const events = async (ticketId: string, type: string) =>
    (
      (await app.http().get(`/api/v1/tickets/${ticketId}/events`).set(bearer(s.tokens.pressMerki)).expect(200)).body.items as Array<{
        type: string;
        actorId: string | null;
        payload: unknown;
      }>
    ).filter((e) => e.type === type);
  async function withQueue<T>(work: (q: Queue) => Promise<T>): Promise<T> {
    const queue = app.queue(QueueName.outbound);
    try {
      return await work(queue);
    } finally {
      await queue.close();
    }
  }
  /** A pending public reply written straight to the table, as if Redis had been down when it was stored. */
  async function storedReply(ticketId: string, body: string, ageMs = 0): Promise<string> {
    const row = await app.dataSource
      .getRepository(TicketReplyEntity)
      .save({ ticketId, authorId: s.users.pressMerki.id, body, visibility: 'public', deliveryStatus: 'pending' });
    if (ageMs) await app.dataSource.query(`UPDATE ticket_replies SET created_at = now() - make_interval(secs => $2) WHERE id = $1`, [row.id, ageMs / 1000]);
    return row.id;
  }

  it('posts a Facebook reply as the page under the resident comment, and records its id', async () => {
    const ticketId = await channelTicket('facebook', '100200300_4455667788', facebookPage);
    const text = 'Сәлеметсіз бе! Су құбыры ертең жөнделеді. Здравствуйте! Водопровод починят завтра.';
    const r = await reply(ticketId, text);
    expect(r.deliveryStatus).toBe('pending');

    const done = await settled(ticketId, r.id);
    expect(done).toMatchObject({ deliveryStatus: 'delivered', externalId: 'reply-to-100200300_4455667788', deliveryAttempts: 1, deliveryError: null });
    expect(done.deliveredAt).not.toBeNull();
    const sent = channels.to('/v21.0/100200300_4455667788/comments');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.contentType).toBe('application/x-www-form-urlencoded');
    expect(form(sent[0]!)).toEqual({ message: text, access_token: 'EAAB-merki-page-token' });
    expect(await events(ticketId, 'reply.delivered')).toEqual([
      expect.objectContaining({ actorId: null, payload: { replyId: r.id, externalId: 'reply-to-100200300_4455667788', attempts: 1, firstResponse: true } }),
    ]);

    // BullMQ delivers at least once: the same job again (under a fresh id) must not post twice.
    await withQueue((q) => q.add('outbound.deliver', { replyId: r.id }, { jobId: `again-${r.id}` }));
    await app.drain(QueueName.outbound);
    expect(channels.to('/v21.0/100200300_4455667788/comments')).toHaveLength(1);
    expect(await replyOf(ticketId, r.id)).toMatchObject({ deliveryAttempts: 1, deliveryStatus: 'delivered' });
    expect(await events(ticketId, 'reply.delivered')).toHaveLength(1);
  });

  it('replies to an Instagram comment through /replies with the page token', async () => {
    const ticketId = await channelTicket('instagram', '17900000000000042', instagramPage);
    const r = await reply(ticketId, 'Рахмет, өтінішіңіз тіркелді.');
    expect(await settled(ticketId, r.id)).toMatchObject({ deliveryStatus: 'delivered', externalId: 'reply-to-17900000000000042' });
    const sent = channels.to('/v21.0/17900000000000042/replies');
    expect(sent.map(form)).toEqual([{ message: 'Рахмет, өтінішіңіз тіркелді.', access_token: 'IGQ-merki-token' }]);
  });

  it('answers a Telegram message with the bot, as a reply to that message', async () => {
    const ticketId = await channelTicket('telegram', '-1001234567890:42');
    const r = await reply(ticketId, 'Жол жөндеу жұмыстары жоспарланды.');
    expect(await settled(ticketId, r.id)).toMatchObject({ deliveryStatus: 'delivered', externalId: '-1001234567890:701' });
    const sent = channels.to(TELEGRAM_PATH);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.contentType).toBe('application/json');
    expect(json(sent[0]!)).toEqual({
      chat_id: -1001234567890,
      text: 'Жол жөндеу жұмыстары жоспарланды.',
      reply_parameters: { message_id: 42, allow_sending_without_reply: true },
    });
  });

  it('comments under a VK wall comment with wall.createComment form parameters', async () => {
    const ticketId = await channelTicket('vk', '-5001_17_33');
    const r = await reply(ticketId, 'Здравствуйте! Вопрос передан в управление дорог.');
    expect(await settled(ticketId, r.id)).toMatchObject({ deliveryStatus: 'delivered', externalId: '-5001_17_555' });
    const sent = channels.to(VK_PATH).filter((x) => form(x).reply_to_comment === '33');
    expect(sent.map(form)).toEqual([
      {
        owner_id: '-5001',
        post_id: '17',
        reply_to_comment: '33',
        message: 'Здравствуйте! Вопрос передан в управление дорог.',
        access_token: VK_TOKEN,
        v: '5.199',
      },
    ]);
  });

  it('retries a 500 with backoff and delivers on the second attempt', async () => {
    const fiveHundred = { status: 500, body: { error: { message: 'An unexpected error has occurred. Please retry your request later.', code: 2 } } };
    const { settled: done } = await replyAnswered('facebook', '100200300_500', '/v21.0/100200300_500/comments', fiveHundred, facebookPage);
    expect(done).toMatchObject({ deliveryStatus: 'delivered', deliveryAttempts: 2, deliveryError: null, externalId: 'reply-to-100200300_500' });
    expect(channels.to('/v21.0/100200300_500/comments')).toHaveLength(2);
  });

  it('retries a VK error reported with HTTP 200 when VK says it is transient (flood control)', async () => {
    const { settled: done } = await replyAnswered('vk', '-5001_18_9', VK_PATH, { status: 200, body: { error: { error_code: 9, error_msg: 'Flood control' } } });
    expect(done).toMatchObject({ deliveryStatus: 'delivered', deliveryAttempts: 2, externalId: '-5001_18_555' });
  });

  it('fails a reply the channel refuses with a 400 at once, on the ticket, with the channel message', async () => {
    const refused = {
      status: 400,
      body: { error: { message: '(#100) Unsupported post request. Object with ID does not exist', type: 'GraphMethodException', code: 100 } },
    };
    const { ticketId, replyId, settled: failed } = await replyAnswered('facebook', '100200300_400', '/v21.0/100200300_400/comments', refused, facebookPage);
    expect(failed).toMatchObject({ deliveryStatus: 'failed', deliveryAttempts: 1, externalId: null, deliveredAt: null });
    expect(failed.deliveryError).toBe('facebook: HTTP 400: (#100) Unsupported post request. Object with ID does not exist (code 100)');
    expect(await events(ticketId, 'reply.delivery_failed')).toEqual([
      expect.objectContaining({ actorId: null, payload: { replyId, error: failed.deliveryError, attempts: 1 } }),
    ]);
    // No retry is scheduled: the job failed for good after its one attempt.
    const job = await withQueue(async (q) => {
      const j = await q.getJob(jobIds.outboundDeliver(replyId));
      return { state: await j?.getState(), attemptsMade: j?.attemptsMade };
    });
    expect(job).toEqual({ state: 'failed', attemptsMade: 1 });
    expect(channels.to('/v21.0/100200300_400/comments')).toHaveLength(1);
  });

  it('fails at once on a permanent VK error and on a page without a token, naming why', async () => {
    const denied = { status: 200, body: { error: { error_code: 15, error_msg: 'Access denied: you can not comment this wall' } } };
    expect((await replyAnswered('vk', '-5001_19_7', VK_PATH, denied)).settled).toMatchObject({
      deliveryStatus: 'failed',
      deliveryAttempts: 1,
      deliveryError: 'vk: error 15: Access denied: you can not comment this wall',
    });

    const bare = await app.dataSource
      .getRepository(PageEntity)
      .save({ channel: 'facebook', externalId: '900900900', districtId: s.districts.merki.id, departmentId: null, title: 'Без токена' });
    const fbTicket = await channelTicket('facebook', '900900900_1', bare);
    const fb = await reply(fbTicket, 'Жауап');
    expect(await settled(fbTicket, fb.id)).toMatchObject({ deliveryStatus: 'failed', deliveryError: `facebook: page ${bare.id} has no access token` });
    expect(channels.to('/v21.0/900900900_1/comments')).toHaveLength(0);
    expect(await events(fbTicket, 'reply.delivery_failed')).toHaveLength(1);
  });

  it('marks the reply failed when the last attempt fails too', async () => {
    const ticketId = await channelTicket('facebook', '100200300_503', facebookPage);
    const unavailable = { status: 503, body: { error: { message: 'Service temporarily unavailable', code: 2 } } };
    channels.script('/v21.0/100200300_503/comments', unavailable, unavailable, unavailable);
    const replyId = await storedReply(ticketId, 'Жауап');
    // The default five attempts with exponential backoff take 15 s; the processor reads the job's own limit.
    await withQueue((q) => q.add('outbound.deliver', { replyId }, { jobId: `short-${replyId}`, attempts: 2, backoff: { type: 'fixed', delay: 50 } }));
    const failed = await settled(ticketId, replyId);
    expect(failed).toMatchObject({
      deliveryStatus: 'failed',
      deliveryAttempts: 2,
      deliveryError: 'facebook: HTTP 503: Service temporarily unavailable (code 2)',
    });
    expect(channels.to('/v21.0/100200300_503/comments')).toHaveLength(2);
    expect(await events(ticketId, 'reply.delivery_failed')).toEqual([
      expect.objectContaining({ payload: { replyId, error: failed.deliveryError, attempts: 2 } }),
    ]);
  });

  it('never sends an internal note', async () => {
    const ticketId = await channelTicket('facebook', '100200300_777', facebookPage);
    const note = await reply(ticketId, 'Ішкі жазба: тексеру керек', 'internal');
    expect(note.deliveryStatus).toBe('not_applicable');
    const publicReply = await reply(ticketId, 'Жария жауап');
    expect(await settled(ticketId, publicReply.id)).toMatchObject({ deliveryStatus: 'delivered' });
    // Delivering the ticket's public reply, the worker sent only that one.
    expect(channels.to('/v21.0/100200300_777/comments').map((r) => form(r).message)).toEqual(['Жария жауап']);
    expect(await withQueue((q) => q.getJob(jobIds.outboundDeliver(note.id)))).toBeUndefined();
    expect(await replyOf(ticketId, note.id)).toMatchObject({ deliveryStatus: 'not_applicable', deliveryAttempts: 0 });
  });

  it('sweeps a pending reply whose job was lost into delivery', async () => {
    const ticketId = await channelTicket('telegram', '-1001234567890:43');
    const replyId = await storedReply(ticketId, 'Кешіккен жауап', 120_000);
    const fresh = await storedReply(ticketId, 'Жаңа жауап');
    await withQueue((q) => q.add('outbound.sweep', {}, { jobId: `sweep-${replyId}` }));
    expect(await settled(ticketId, replyId)).toMatchObject({ deliveryStatus: 'delivered', externalId: '-1001234567890:701' });
    // A reply younger than a minute may still have its job on the way: the sweep leaves it.
    expect(await withQueue((q) => q.getJob(jobIds.outboundDeliver(fresh)))).toBeUndefined();
    expect((await replyOf(ticketId, fresh)).deliveryStatus).toBe('pending');
  });
});
