import type { Job } from 'bullmq';
import { PageEntity } from '../libs/database/src/index.js';
import { QueueName, jobIds } from '../libs/queues/src/index.js';
import { FakeChannels, connectPage, type Answer } from './support/fake-channels.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

const REFUSED: Answer = { status: 400, body: { error: { message: '(#200) The page cannot reply to this comment', type: 'OAuthException', code: 200 } } };
const REFUSAL = 'facebook: HTTP 400: (#200) The page cannot reply to this comment (code 200)';

type FailureItem = { kind: string; id: string; failedAt: string; error: string | null; [field: string]: unknown };
type ReplyView = { id: string; deliveryStatus: string; deliveryAttempts: number; deliveryError: string | null; externalId: string | null };

describe('failures: what exhausted its retries is listed, counted and retried', () => {
  const graph = new FakeChannels();
  let app: TestApp;
  let s: Scenario;
  let page: PageEntity;

  beforeAll(async () => {
    await graph.start();
    // The relay every 200 ms: a delivery that keeps failing reaches its five attempts in a few seconds.
    app = await TestApp.start({ worker: true, env: { GRAPH_API_BASE_URL: `${graph.url}/v21.0`, INTAKE_RELAY_EVERY_MS: '200' } });
    s = await buildScenario(app);
    page = await app.dataSource
      .getRepository(PageEntity)
      .save({ channel: 'facebook', externalId: '300400500', districtId: s.districts.merki.id, departmentId: null, title: 'Меркі' });
    await connectPage(app, s.tokens.admin, page.id, { accessToken: 'EAAB-page-token' });
  });
  afterAll(async () => {
    await app.close();
    await graph.stop();
  });

  const admin = () => bearer(s.tokens.admin);
  const list = async (query = ''): Promise<{ items: FailureItem[]; nextCursor: string | null }> =>
    (await app.http().get(`/api/v1/admin/failures${query}`).set(admin()).expect(200)).body;
  const retry = (kind: string, id: string) =>
    app
      .http()
      .post(`/api/v1/admin/failures/${kind}/${encodeURIComponent(id)}/retry`)
      .set(admin());
  const replyOf = async (ticketId: string, replyId: string): Promise<ReplyView> =>
    ((await app.http().get(`/api/v1/tickets/${ticketId}/replies`).set(bearer(s.tokens.pressMerki)).expect(200)).body.items as ReplyView[]).find(
      (r) => r.id === replyId,
    )!;
  const inbox = async (id: string) =>
    (
      (await app.dataSource.query(
        `SELECT processed_at AS "processedAt", failed_at AS "failedAt", attempts, last_error AS "lastError", outcome FROM inbox_deliveries WHERE id = $1`,
        [id],
      )) as Array<{
        processedAt: Date | null;
        failedAt: Date | null;
        attempts: number;
        lastError: string | null;
        outcome: unknown;
      }>
    )[0]!;
  async function jobState(queue: QueueName, jobId: string): Promise<{ state: string; attemptsMade: number; finishedOn?: number }> {
    const q = app.queue(queue);
    try {
      const job = (await q.getJob(jobId)) as Job | undefined;
      return job ? { state: await job.getState(), attemptsMade: job.attemptsMade, finishedOn: job.finishedOn } : { state: 'missing', attemptsMade: 0 };
    } finally {
      await q.close();
    }
  }

  /** A public reply on a Facebook ticket under comment `commentId`, settled (delivered or failed for good). */
  async function facebookReply(commentId: string): Promise<{ ticketId: string; replyId: string; reply: ReplyView }> {
    const t = await createTicket(app, s);
    await app.dataSource.query(`UPDATE tickets SET channel = 'facebook', external_id = $2, page_id = $3 WHERE id = $1`, [t.id, commentId, page.id]);
    await app
      .http()
      .post(`/api/v1/tickets/${t.id}/replies`)
      .set(bearer(s.tokens.pressMerki))
      .send({ body: 'Сәлеметсіз бе! Жауап береміз.', visibility: 'public' })
      .expect(201);
    const replies = (await app.http().get(`/api/v1/tickets/${t.id}/replies`).set(bearer(s.tokens.pressMerki)).expect(200)).body.items as ReplyView[];
    const replyId = replies.at(-1)!.id;
    await eventually(async () => ['delivered', 'failed'].includes((await replyOf(t.id, replyId)).deliveryStatus), 15_000);
    return { ticketId: t.id, replyId, reply: await replyOf(t.id, replyId) };
  }

  /**
   * A delivery whose processing throws every time: its bytes are not JSON. The webhooks refuse such
   * a body with a 400, so it is written straight to the inbox, as a channel bug or a body cut short
   * in storage would leave it; it carries VK's secret, which the preview must not show.
   */
  async function poisonedDelivery(): Promise<string> {
    const body = Buffer.from('{"type":"wall_reply_new","object":{"id":77,"text":"Су жоқ"},"group_id":218455001,"secret":"tynda-vk-secret-value"');
    const [row] = (await app.dataSource.query(
      `INSERT INTO inbox_deliveries (channel, body, body_sha256, received_at) VALUES ('vk', $1, sha256($1), now() - interval '1 minute') RETURNING id`,
      [body],
    )) as Array<{ id: string }>;
    return row!.id;
  }

  it('lists a reply the channel refused, and delivers it once retried after the channel accepts', async () => {
    graph.script('/v21.0/300400500_1/comments', REFUSED);
    const { ticketId, replyId, reply } = await facebookReply('300400500_1');
    expect(reply).toMatchObject({ deliveryStatus: 'failed', deliveryAttempts: 1, deliveryError: REFUSAL });

    const listed = await list('?kind=reply');
    expect(listed.items).toEqual([
      {
        kind: 'reply',
        id: replyId,
        failedAt: expect.any(String),
        error: REFUSAL,
        replyId,
        ticketId,
        ticketReference: expect.stringMatching(/-\d{4}-\d+$/),
        channel: 'facebook',
        deliveryError: REFUSAL,
        attempts: 1,
      },
    ]);
    // Its job gave up too (a refusal is not retried) and is listed with the jobs: BullMQ moves it to
    // its failed set just after the reply's row is committed as failed, so wait for that moment.
    const findJob = async () => (await list('?kind=job')).items.find((i) => i.id === `outbound/${jobIds.outboundDeliver(replyId)}`);
    await eventually(async () => (await findJob()) !== undefined, 15_000);
    const job = await findJob();
    expect(job).toMatchObject({ queue: 'outbound', name: 'outbound.deliver', data: { replyId }, attemptsMade: 1, failedReason: REFUSAL, error: REFUSAL });

    // Its script used up, the channel now accepts.
    const res = await retry('reply', replyId).expect(202);
    expect(res.body).toMatchObject({ kind: 'reply', id: replyId, error: REFUSAL, retriedAt: expect.any(String) });
    await eventually(async () => (await replyOf(ticketId, replyId)).deliveryStatus === 'delivered', 15_000);
    expect(await replyOf(ticketId, replyId)).toMatchObject({
      deliveryStatus: 'delivered',
      deliveryAttempts: 1,
      deliveryError: null,
      externalId: 'reply-to-300400500_1',
    });
    expect(graph.to('/v21.0/300400500_1/comments')).toHaveLength(2);

    const events = (await app.http().get(`/api/v1/tickets/${ticketId}/events`).set(admin()).expect(200)).body.items as Array<{
      type: string;
      actorId: string | null;
      payload: unknown;
    }>;
    expect(events.filter((e) => e.type.startsWith('reply.')).map((e) => e.type)).toEqual(['reply.delivery_failed', 'reply.retry_requested', 'reply.delivered']);
    expect(events.find((e) => e.type === 'reply.retry_requested')).toMatchObject({
      actorId: s.users.admin.id,
      payload: { replyId, previousError: REFUSAL, attempts: 1 },
    });
    expect(await jobState(QueueName.outbound, jobIds.outboundDeliver(replyId))).toMatchObject({ state: 'completed' });
    expect((await list()).items.filter((i) => i.id === replyId || i.id === `outbound/${jobIds.outboundDeliver(replyId)}`)).toEqual([]);

    const again = await retry('reply', replyId).expect(409);
    expect(again.body).toMatchObject({
      statusCode: 409,
      error: 'Conflict',
      message: `reply ${replyId} is delivered, not failed`,
      requestId: expect.any(String),
    });
    await retry('reply', '00000000-0000-4000-8000-000000000000').expect(404);
    await retry('reply', 'not-a-uuid').expect(404);
  });

  it('sets aside a delivery that fails every time as failed, never processed, and makes it pending again on retry', async () => {
    const id = await poisonedDelivery();
    await eventually(async () => (await inbox(id)).failedAt !== null, 15_000);
    const failed = await inbox(id);
    expect(failed).toMatchObject({ processedAt: null, attempts: 5, outcome: null });
    expect(failed.lastError).toMatch(/JSON/);
    // Drains and the relay leave it alone now: the attempts stay at five.
    await new Promise((r) => setTimeout(r, 1200));
    expect((await inbox(id)).attempts).toBe(5);

    const [item] = (await list('?kind=delivery')).items;
    expect(item).toEqual({
      kind: 'delivery',
      id,
      failedAt: failed.failedAt!.toISOString(),
      error: failed.lastError,
      channel: 'vk',
      receivedAt: expect.any(String),
      attempts: 5,
      lastError: failed.lastError,
      preview: '{"type":"wall_reply_new","object":{"id":77,"text":"Су жоқ"},"group_id":218455001,"secret":"***"',
    });
    expect(JSON.stringify(item)).not.toContain('tynda-vk-secret-value');

    const res = await retry('delivery', id).expect(202);
    expect(res.body).toMatchObject({ kind: 'delivery', id, attempts: 5, retriedAt: expect.any(String) });
    const pending = await inbox(id);
    expect(pending.failedAt).toBeNull();
    expect(pending.processedAt).toBeNull();
    expect(pending.attempts).toBeLessThan(5);
    expect((await list('?kind=delivery')).items).toEqual([]);
    await retry('delivery', id).expect(409);

    // The retry drained it again: five fresh attempts, and failed again (its bytes are still not JSON), never processed.
    await eventually(async () => (await inbox(id)).failedAt !== null, 15_000);
    expect(await inbox(id)).toMatchObject({ processedAt: null, attempts: 5 });
    await retry('delivery', '999999999').expect(404);
    await retry('delivery', 'abc').expect(404);
  });

  it('lists a job that failed for good in its queue, and runs it again from scratch on retry', async () => {
    const q = app.queue(QueueName.assignment);
    try {
      // No retries of its own, so it fails at once; its ticket id can never be read.
      await q.add('assignment.auto', { ticketId: 'not-a-ticket', reason: 'created' }, { jobId: 'poison-assign', attempts: 1 });
      await q.add('assignment.sweep', {}, { jobId: 'sweep-done' });
    } finally {
      await q.close();
    }
    await eventually(async () => (await jobState(QueueName.assignment, 'poison-assign')).state === 'failed');
    const before = await jobState(QueueName.assignment, 'poison-assign');
    const item = (await list('?kind=job')).items.find((i) => i.id === 'assignment/poison-assign');
    expect(item).toEqual({
      kind: 'job',
      id: 'assignment/poison-assign',
      failedAt: new Date(before.finishedOn!).toISOString(),
      error: expect.stringMatching(/uuid/),
      queue: 'assignment',
      name: 'assignment.auto',
      jobId: 'poison-assign',
      data: { ticketId: 'not-a-ticket', reason: 'created' },
      failedReason: item!.error,
      attemptsMade: 1,
      finishedOn: before.finishedOn,
    });

    const res = await retry('job', 'assignment/poison-assign').expect(202);
    expect(res.body).toMatchObject({ kind: 'job', id: 'assignment/poison-assign', attemptsMade: 1 });
    // It ran again with its attempts reset (one made, not two) and failed again, later.
    await eventually(async () => {
      const now = await jobState(QueueName.assignment, 'poison-assign');
      return now.state === 'failed' && now.finishedOn! > before.finishedOn!;
    });
    expect((await jobState(QueueName.assignment, 'poison-assign')).attemptsMade).toBe(1);

    await eventually(async () => (await jobState(QueueName.assignment, 'sweep-done')).state === 'completed');
    expect((await retry('job', 'assignment/sweep-done').expect(409)).body.message).toBe('job assignment/sweep-done is completed, not failed');
    await retry('job', 'assignment/no-such-job').expect(404);
    await retry('job', 'nowhere/poison-assign').expect(404);
    await retry('parcel', '1').expect(404);
  });

  it('merges the kinds newest first and pages through them with the cursor, each item once', async () => {
    graph.script('/v21.0/300400500_2/comments', REFUSED);
    const { replyId } = await facebookReply('300400500_2');
    const whole = await list('?limit=200');
    const kinds = new Set(whole.items.map((i) => i.kind));
    expect(kinds).toEqual(new Set(['delivery', 'job', 'reply']));
    expect(whole.items.map((i) => i.id)).toContain(replyId);
    const times = whole.items.map((i) => Date.parse(i.failedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const pageOf: { items: FailureItem[]; nextCursor: string | null } = await list(`?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(pageOf.items).toHaveLength(1);
      paged.push(`${pageOf.items[0]!.kind}:${pageOf.items[0]!.id}`);
      cursor = pageOf.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole.items.map((i) => `${i.kind}:${i.id}`));

    expect((await app.http().get('/api/v1/admin/failures?kind=parcel').set(admin()).expect(400)).body.message).toEqual([
      expect.stringMatching(/^kind must be one of/),
    ]);
    expect((await app.http().get('/api/v1/admin/failures?cursor=bm9wZQ').set(admin()).expect(422)).body.message).toMatch(/cursor is not valid/);
  });

  it('still lists and counts what PostgreSQL holds while Redis is down, saying the jobs are missing', async () => {
    const offline = await TestApp.start({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const o = await buildScenario(offline);
      const [row] = (await offline.dataSource.query(
        `INSERT INTO inbox_deliveries (channel, body, body_sha256, failed_at, attempts, last_error) VALUES ('telegram', $1, sha256($1), now(), 5, 'boom') RETURNING id`,
        [Buffer.from('{"update_id":')],
      )) as Array<{ id: string }>;
      const res = await offline.http().get('/api/v1/admin/failures').set(bearer(o.tokens.admin)).expect(200);
      expect(res.body.items.map((i: FailureItem) => `${i.kind}:${i.id}`)).toEqual([`delivery:${row!.id}`]);
      expect(res.body.unavailable).toEqual({ job: expect.stringMatching(/^the failed jobs could not be read: /) });
      const metrics = await offline.http().get('/metrics').expect(200);
      expect(metrics.text).toContain('tynda_failures{kind="delivery"} 1\n');
      expect(metrics.text).toContain('tynda_failures{kind="reply"} 0\n');
      expect(metrics.text).not.toContain('kind="job"');
    } finally {
      await offline.close();
    }
  });

  it('answers 403 to every role but admin', async () => {
    for (const token of [s.tokens.pressMerki, s.tokens.governor, s.tokens.headLand, s.tokens.staffLand1]) {
      expect((await app.http().get('/api/v1/admin/failures').set(bearer(token)).expect(403)).body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      await app.http().post('/api/v1/admin/failures/job/assignment%2Fpoison-assign/retry').set(bearer(token)).expect(403);
    }
    await app.http().get('/api/v1/admin/failures').expect(401);
  });

  it('counts the failures of each kind on /metrics, jobs by queue, as listed', async () => {
    const items = (await list('?limit=200')).items;
    const count = (pred: (i: FailureItem) => boolean) => items.filter(pred).length;
    const metrics = await app.http().get('/metrics').expect(200);
    expect(metrics.text).toContain('# TYPE tynda_failures gauge');
    expect(metrics.text).toContain(`tynda_failures{kind="delivery"} ${count((i) => i.kind === 'delivery')}\n`);
    expect(metrics.text).toContain(`tynda_failures{kind="reply"} ${count((i) => i.kind === 'reply')}\n`);
    for (const queue of Object.values(QueueName)) {
      expect(metrics.text).toContain(`tynda_failures{kind="job",queue="${queue}"} ${count((i) => i.kind === 'job' && i.queue === queue)}\n`);
    }
    expect(count((i) => i.kind === 'delivery')).toBe(1);
    expect(count((i) => i.kind === 'reply')).toBe(1);
    expect(count((i) => i.kind === 'job' && i.queue === 'assignment')).toBe(1);
    // The counters are still there.
    expect(metrics.text).toContain('# TYPE tynda_webhook_deliveries_total counter');
  });
});
