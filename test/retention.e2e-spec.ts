import { createHmac } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { RetentionService } from '../apps/worker/src/maintenance/retention.service.js';
import { loadConfig } from '../libs/config/src/index.js';
import { PageEntity, REMOVED_TEXT, TicketEntity } from '../libs/database/src/index.js';
import { QueueName, jobIds, jobSchedules } from '../libs/queues/src/index.js';
import { FakeChannels, connectPage } from './support/fake-channels.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

const APP_SECRET = 'tynda-retention-app-secret';
const OPEN311_KEY = 'tynda-retention-open311-key';
const PAGE = '100200300';
const DAY = 86_400_000;
/** Older than both periods (90 days for raw deliveries, 1095 for personal data). */
const AGE_DAYS = 1200;

// A resident who writes on Facebook, edits the comment, removes another, and confirms the resolution in the thread.
const FB = { id: '9008001', name: 'Гүлнар Жақыпова', phone: '+7 705 111 22 33' };
const COMMENT = `${PAGE}_8001`;
const ANSWER = `${PAGE}_8002`;
const PAGE_REPLY = `${PAGE}_8003`;
const AGAIN = `${PAGE}_8004`;
const GONE = `${PAGE}_8009`;
const FIRST_TEXT = `Сәлеметсіз бе, Жаңатұрмыс ауылында жол бұзылған, хабарласыңыз ${FB.phone}`;
const AGAIN_TEXT = 'Сәлеметсіз бе, Жаңатұрмыс ауылында жол бұзылған, хабарласыңыз';
const EDITED_TEXT = 'Сәлеметсіз бе, Жаңатұрмыс ауылында жол бұзылған, шұңқырлар тереңдеп барады';
const ANSWER_TEXT = 'Иә, рахмет, шешілді, жол тегістелді';
// A resident who files through Open311 with everything the spec lets them give.
const O311 = {
  first: 'Мәдина',
  last: 'Оспанқызы',
  email: 'madina.ospan@example.kz',
  phone: '+7 777 000 44 55',
  text: 'Мектеп жанындағы бағдаршам істемейді, балалар қауіпте',
  photo: 'https://photos.example.kz/madina-ospan/1.jpg',
  address: 'Абай көшесі 12, 5-пәтер',
  lat: '42.8812345',
  long: '71.4198765',
};
// A resident whose call a press secretary typed in.
const MANUAL = { name: 'Айгүл Сейітова', phone: '+7 701 555 12 34', text: 'Қорағаты ауылында жер учаскесінің шекарасы дауда' };

/** Every value that identifies one of the three residents, or that they wrote: none may survive the purge. */
const PLANTED = [
  'Гүлнар',
  'Жақыпова',
  FB.id,
  COMMENT,
  ANSWER,
  AGAIN,
  GONE,
  '705 111 22 33',
  'Жаңатұрмыс',
  'тереңдеп барады',
  'тегістелді',
  O311.first,
  O311.last,
  O311.email,
  '777 000 44 55',
  'бағдаршам істемейді',
  'madina-ospan',
  'Абай көшесі',
  '42.8812345',
  '71.4198765',
  'Сейітова',
  '555 12 34',
  'Қорағаты',
];

type View = {
  id: string;
  text: string;
  status: string;
  assigneeId: string | null;
  author: { name: string; externalId: string | null; phone?: string };
  residentConfirmation: { state: string };
};

const sign = (body: Buffer): string => `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;

describe('retention: residents leave every table once their period is over, and the figures stay', () => {
  const channels = new FakeChannels();
  let app: TestApp;
  let s: Scenario;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    await channels.start();
    app = await TestApp.start({
      env: {
        GRAPH_API_BASE_URL: `${channels.url}/v21.0`,
        FACEBOOK_APP_SECRET: APP_SECRET,
        FACEBOOK_VERIFY_TOKEN: 'verify',
        OPEN311_API_KEYS: OPEN311_KEY,
        INTAKE_RELAY_EVERY_MS: '300',
      },
    });
    worker = await app.startWorker();
    s = await buildScenario(app);
    const page = await app.dataSource
      .getRepository(PageEntity)
      .save({ channel: 'facebook', externalId: PAGE, districtId: s.districts.merki.id, departmentId: null, title: 'Меркі ауданы әкімдігі' });
    await connectPage(app, s.tokens.admin, page.id, { accessToken: 'EAAB-merki-page-token' });
  });
  afterAll(async () => {
    await app?.close();
    await channels.stop();
  });

  const admin = () => bearer(s.tokens.admin);
  const view = async (id: string) => (await app.http().get(`/api/v1/tickets/${id}`).set(admin()).expect(200)).body as View;
  const events = async (id: string) =>
    (await app.http().get(`/api/v1/tickets/${id}/events`).set(admin()).expect(200)).body.items as Array<{ type: string; payload: Record<string, unknown> }>;
  const replies = async (id: string) =>
    (await app.http().get(`/api/v1/tickets/${id}/replies`).set(admin()).expect(200)).body.items as Array<Record<string, unknown>>;
  const reply = (id: string, body: string, visibility: 'public' | 'internal' = 'public') =>
    app.http().post(`/api/v1/tickets/${id}/replies`).set(admin()).send({ body, visibility }).expect(201);
  const act = (id: string, path: string, body: object, token = s.tokens.admin) =>
    app.http().post(`/api/v1/tickets/${id}/${path}`).set(bearer(token)).send(body).expect(200);

  /** A change on the page's feed as Meta delivers it. */
  async function deliver(value: Record<string, unknown>): Promise<void> {
    const time = Math.floor(Date.now() / 1000);
    const body = Buffer.from(
      JSON.stringify({
        object: 'page',
        entry: [{ id: PAGE, time, changes: [{ field: 'feed', value: { item: 'comment', post_id: `${PAGE}_1`, created_time: time, ...value } }] }],
      }),
    );
    await app
      .http()
      .post('/webhooks/facebook')
      .set({ 'Content-Type': 'application/json', 'X-Hub-Signature-256': sign(body) })
      .send(body.toString('utf8'))
      .expect(200);
  }

  /** Where any of `values` occurs: every text, JSON, array and byte column of every table, as `table.column: value`. */
  async function whereFound(values: readonly string[]): Promise<string[]> {
    const columns = (await app.dataSource.query(
      `SELECT table_name AS "table", column_name AS "column", data_type AS type FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'bytea', 'ARRAY') ORDER BY 1, 2`,
    )) as Array<{ table: string; column: string; type: string }>;
    const found: string[] = [];
    for (const { table, column, type } of columns) {
      const contains = type === 'bytea' ? `position(convert_to(v, 'UTF8') IN x."${column}") > 0` : `strpos(x."${column}"::text, v) > 0`;
      const rows = (await app.dataSource.query(`SELECT v FROM unnest($1::text[]) AS v WHERE EXISTS (SELECT 1 FROM "${table}" x WHERE ${contains})`, [
        values,
      ])) as Array<{ v: string }>;
      found.push(...rows.map((r) => `${table}.${column}: ${r.v}`));
    }
    return found;
  }

  /** Moves every instant of the rows `where` selects `days` into the past (events are append-only and keep theirs). */
  async function age(table: string, where: string, days: number): Promise<void> {
    const columns = (await app.dataSource.query(
      `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND data_type = 'timestamp with time zone'`,
      [table],
    )) as Array<{ c: string }>;
    await app.dataSource.query(`UPDATE ${table} SET ${columns.map(({ c }) => `${c} = ${c} - make_interval(days => ${days})`).join(', ')} WHERE ${where}`);
  }

  /** The SLA report of a month, by district and by category, without the instant it was made. */
  async function figures(month: string) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const out = [];
    for (const groupBy of ['district', 'category']) {
      const { generatedAt, ...report } = (
        await app.http().get(`/api/v1/reports/sla?from=${month}-01&to=${next}-01&groupBy=${groupBy}`).set(bearer(s.tokens.governor)).expect(200)
      ).body;
      expect(generatedAt).toEqual(expect.any(String));
      out.push(report);
    }
    return out;
  }

  let fbTicket: string;
  let failedReplyId: string;

  it("pseudonymises finished tickets with their replies, events, claims, cluster and raw deliveries; the month's figures are unchanged", async () => {
    // Facebook: the comment, its edit, a removal of a comment Tynda never saw.
    await deliver({ verb: 'add', comment_id: COMMENT, parent_id: `${PAGE}_1`, from: { id: FB.id, name: FB.name }, message: FIRST_TEXT });
    await eventually(async () => (await app.dataSource.getRepository(TicketEntity).findOneBy({ channel: 'facebook', externalId: COMMENT })) !== null);
    fbTicket = (await app.dataSource.getRepository(TicketEntity).findOneByOrFail({ channel: 'facebook', externalId: COMMENT })).id;
    // Written again: the two make a cluster, titled with the first one's words; the second is merged into the first.
    await deliver({ verb: 'add', comment_id: AGAIN, parent_id: `${PAGE}_1`, from: { id: FB.id, name: FB.name }, message: AGAIN_TEXT });
    await eventually(async () => (await app.dataSource.getRepository(TicketEntity).findOneBy({ channel: 'facebook', externalId: AGAIN }))?.clusterId != null);
    const again = (await app.dataSource.getRepository(TicketEntity).findOneByOrFail({ channel: 'facebook', externalId: AGAIN })).id;
    await act(again, 'merge', { intoTicketId: fbTicket });
    await deliver({
      verb: 'edited',
      comment_id: COMMENT,
      parent_id: `${PAGE}_1`,
      from: { id: FB.id, name: FB.name },
      message: EDITED_TEXT,
      created_time: Math.floor(Date.now() / 1000) + 1,
    });
    await deliver({ verb: 'remove', comment_id: GONE, from: { id: FB.id, name: FB.name } });
    await eventually(async () => (await view(fbTicket)).text === EDITED_TEXT);
    if ((await view(fbTicket)).status === 'new') await act(fbTicket, 'assign', { assigneeId: s.users.staffRoads.id });

    // The desk: a reply the channel refuses (its error quotes the comment), a note, a delivered answer, the page's own reply.
    const refused = {
      status: 400,
      body: { error: { message: `(#100) Object with ID '${COMMENT}' cannot be commented on`, type: 'GraphMethodException', code: 100 } },
    };
    channels.script(`/v21.0/${COMMENT}/comments`, refused);
    await reply(fbTicket, `${FB.name}, сұрағыңыз жол басқармасына берілді`);
    await eventually(async () => (await replies(fbTicket)).some((r) => r.deliveryStatus === 'failed'));
    failedReplyId = (await replies(fbTicket)).find((r) => r.deliveryStatus === 'failed')!.id as string;
    await reply(fbTicket, `${FB.name} қоңырау шалды, телефоны ${FB.phone}`, 'internal');
    await reply(fbTicket, `Құрметті ${FB.name}, жол жөнделді.`);
    await deliver({
      verb: 'add',
      comment_id: PAGE_REPLY,
      parent_id: COMMENT,
      from: { id: PAGE, name: 'Меркі ауданы әкімдігі' },
      message: 'Гүлнар ханым, хабарласқаныңызға рахмет',
    });
    await eventually(async () => (await replies(fbTicket)).length === 4 && (await events(fbTicket)).some((e) => e.type === 'reply.delivered'));
    // Resolved: the question goes under the comment, and the resident confirms in the thread.
    await act(fbTicket, 'transitions', { to: 'resolved' });
    await eventually(async () => (await events(fbTicket)).filter((e) => e.type === 'reply.delivered').length === 2, 15_000);
    await deliver({ verb: 'add', comment_id: ANSWER, parent_id: COMMENT, from: { id: FB.id, name: FB.name }, message: ANSWER_TEXT });
    await eventually(async () => (await view(fbTicket)).status === 'closed');

    // Open311: handed back, re-triaged, a formal appeal extended with a reason, resolved with a note, confirmed by phone.
    const filed = await app
      .http()
      .post('/open311/v2/requests.json')
      .type('form')
      .send({
        api_key: OPEN311_KEY,
        service_code: 'roads',
        description: O311.text,
        first_name: O311.first,
        last_name: O311.last,
        email: O311.email,
        phone: O311.phone,
        media_url: O311.photo,
        address_string: O311.address,
        lat: O311.lat,
        long: O311.long,
      })
      .expect(201);
    const o311Ticket = (await app.dataSource.getRepository(TicketEntity).findOneByOrFail({ reference: filed.body[0].service_request_id })).id;
    await eventually(async () => (await view(o311Ticket)).assigneeId !== null);
    await act(o311Ticket, 'hand-back', { reason: `${O311.first} ${O311.last} басқа ауданда тұрады` }, s.tokens.staffRoads);
    await act(o311Ticket, 'triage', { categoryCode: 'roads', districtId: s.districts.merki.id });
    await eventually(async () => (await view(o311Ticket)).assigneeId !== null);
    const appeal = (await act(o311Ticket, 'formal-appeal', { number: 'ЖТ-Ө-2026-00901', registeredAt: new Date().toISOString() })).body.formalAppeal;
    await act(o311Ticket, 'formal-appeal/extension', {
      until: new Date(new Date(appeal.dueAt).getTime() + 7 * DAY).toISOString(),
      reason: `${O311.last} үйіне барып өлшеу керек`,
    });
    await reply(o311Ticket, `${O311.first} ${O311.last}, бағдаршам жөнделді`);
    await act(o311Ticket, 'transitions', { to: 'resolved', note: `${O311.last} хабардар етілді` });
    await act(o311Ticket, 'resident-confirmation', { verdict: 'confirmed', note: `${O311.first} телефонмен растады, ${O311.phone}` });

    // A phoned-in ticket, closed.
    const manual = (await createTicket(app, s, { categoryCode: 'land', text: MANUAL.text, author: { name: MANUAL.name, phone: MANUAL.phone } })).id;
    await eventually(async () => (await view(manual)).assigneeId !== null);
    await act(manual, 'transitions', { to: 'resolved', withoutPublicAnswer: true });
    await act(manual, 'transitions', { to: 'closed' });
    for (const queue of Object.values(QueueName)) await app.drain(queue);

    // All of it long ago; then a ticket closed ten days ago and deliveries of the last days, which stay.
    for (const table of ['tickets', 'ticket_replies', 'inbox_deliveries', 'channel_changes', 'clusters', 'notifications']) await age(table, 'true', AGE_DAYS);
    const recent = await createTicket(app, s, {
      categoryCode: 'land',
      text: 'Жерге құжат рәсімдеу керек',
      author: { name: 'Бауыржан', phone: '+7 702 000 00 00' },
    });
    await app.dataSource.query(`UPDATE tickets SET status = 'closed', closed_at = $2, updated_at = $2 WHERE id = $1`, [
      recent.id,
      new Date(Date.now() - 10 * DAY),
    ]);
    await app.dataSource.query(
      `INSERT INTO inbox_deliveries (channel, body, body_sha256, received_at, processed_at, outcome) VALUES
         ('facebook', 'recent payload', '\\x02', $1, $1, '{"created": []}'), ('facebook', 'pending payload', '\\x03', $2, NULL, NULL)`,
      [new Date(Date.now() - 5 * DAY), new Date(Date.now() - 120 * DAY)],
    );

    const [{ month }] = (await app.dataSource.query(`SELECT to_char(received_at AT TIME ZONE 'Asia/Almaty', 'YYYY-MM') AS month FROM tickets WHERE id = $1`, [
      fbTicket,
    ])) as Array<{ month: string }>;
    const before = await figures(month);
    // The month holds the four old tickets (one merged); the recent one is not in it.
    expect(before[0]).toMatchObject({ total: { received: 4, merged: 1, responded: expect.any(Number) }, resolutionOutcomes: { total: { confirmed: 2 } } });
    const counts = () =>
      app.dataSource.query(
        `SELECT (SELECT count(*) FROM ticket_events)::int AS events, (SELECT count(*) FROM ticket_replies)::int AS replies, (SELECT count(*) FROM inbox_deliveries)::int AS deliveries, (SELECT count(*) FROM channel_changes)::int AS claims`,
      );
    const countsBefore = await counts();
    // Every place a resident's data sits until the purge (what the search below must find empty after it).
    expect(await whereFound(PLANTED)).toEqual(
      expect.arrayContaining([
        'tickets.author_name: Жақыпова',
        `tickets.author_external_id: ${FB.id}`,
        `tickets.external_id: ${COMMENT}`,
        `tickets.external_id: ${AGAIN}`,
        'tickets.author_phone: 777 000 44 55',
        'tickets.locality: Абай көшесі',
        'tickets.formal_appeal_extension_reason: Оспанқызы',
        'clusters.title: Жаңатұрмыс',
        'ticket_replies.body: 705 111 22 33',
        `ticket_replies.external_id: ${COMMENT}`,
        `ticket_replies.delivery_error: ${COMMENT}`,
        'ticket_events.payload: 705 111 22 33',
        `ticket_events.payload: ${ANSWER}`,
        'ticket_events.payload: тегістелді',
        `ticket_events.payload: ${O311.email}`,
        'ticket_events.payload: 42.8812345',
        `inbox_deliveries.body: ${FB.id}`,
        `inbox_deliveries.outcome: ${GONE}`,
        `channel_changes.change_key: ${ANSWER}`,
        `channel_changes.change_key: ${GONE}`,
        `channel_changes.change_key: ${AGAIN}`,
      ]),
    );

    const run = await worker.get(RetentionService).run();
    expect(run).toEqual({
      rawDeliveriesEmptied: 6,
      failedJobsRemoved: 0,
      ticketsPseudonymised: 4,
      repliesEmptied: 7,
      eventsPurged: 10,
      clustersPseudonymised: 1,
    });
    // Nothing of the three residents is left anywhere; a second run finds nothing more to do.
    expect(await whereFound(PLANTED)).toEqual([]);
    expect(await worker.get(RetentionService).run()).toEqual({
      rawDeliveriesEmptied: 0,
      failedJobsRemoved: 0,
      ticketsPseudonymised: 0,
      repliesEmptied: 0,
      eventsPurged: 0,
      clustersPseudonymised: 0,
    });

    // The figures of their month are those of before, and no row went.
    expect(await figures(month)).toEqual(before);
    expect(await counts()).toEqual(countsBefore);

    const t = await view(fbTicket);
    expect(t).toMatchObject({ text: REMOVED_TEXT, status: 'closed', residentConfirmation: { state: 'confirmed' } });
    expect(t.author.name).toMatch(/^resident-[0-9a-f]{8}$/);
    expect(t.author.externalId).toMatch(/^pseudonym:[0-9a-f]{32}$/);
    expect(t.author).not.toHaveProperty('phone');
    expect((await replies(fbTicket)).map((r) => [r.body, r.externalId, r.deliveryError])).toEqual(Array(5).fill([REMOVED_TEXT, null, null]));
    // The timeline keeps its steps; their codes and instants stay, the words go.
    const timeline = await events(fbTicket);
    expect(timeline.find((e) => e.type === 'resident.confirmed')!.payload).toEqual({ via: 'thread' });
    expect(timeline.find((e) => e.type === 'ticket.status_changed' && e.payload.reason)!.payload).toEqual({ automatic: true, reason: 'resident_confirmed' });
    expect(timeline.find((e) => e.type === 'ticket.edited_by_author')!.payload).toEqual({ editedAt: expect.any(String) });
    // The deliveries' payloads are gone, an orphan's key became a count; pending and recent ones stay.
    const bodies = (await app.dataSource.query(`SELECT convert_from(body, 'UTF8') AS body, outcome FROM inbox_deliveries ORDER BY id`)) as Array<{
      body: string;
      outcome: Record<string, unknown> | null;
    }>;
    expect(bodies.map((b) => b.body)).toEqual(['', '', '', '', '', '', 'recent payload', 'pending payload']);
    expect(bodies[3]!.outcome).toMatchObject({ orphans: 1 });

    const kept = await view(recent.id);
    expect(kept).toMatchObject({ text: 'Жерге құжат рәсімдеу керек', author: { name: 'Бауыржан', phone: '+7 702 000 00 00' } });
  });

  it('keeps failed jobs in Redis for the raw-delivery period, then removes them', async () => {
    const queue = app.queue(QueueName.outbound);
    try {
      const failed = await queue.getJob(jobIds.outboundDeliver(failedReplyId));
      expect(await failed?.getState()).toBe('failed');
      expect(failed!.failedReason).toContain(COMMENT);
      // Ninety-one days on, the job's failure is past the period.
      const run = await worker.get(RetentionService).run(new Date(Date.now() + 91 * DAY));
      expect(run.failedJobsRemoved).toBe(1);
      expect(await queue.getJob(jobIds.outboundDeliver(failedReplyId))).toBeUndefined();
    } finally {
      await queue.close();
    }
  });

  it('the audit trail stays append-only: only the purge, inside its transaction, may take keys out of a payload', async () => {
    const [event] = (await app.dataSource.query(`SELECT id FROM ticket_events WHERE ticket_id = $1 AND type = 'resident.confirmed'`, [fbTicket])) as Array<{
      id: string;
    }>;
    await expect(app.dataSource.query(`UPDATE ticket_events SET payload = '{}' WHERE id = $1`, [event!.id])).rejects.toThrow(/append-only/);
    const asPurge = (sql: string) =>
      app.dataSource.transaction(async (m) => {
        await m.query(`SELECT set_config('tynda.retention_purge', 'on', true)`);
        await m.query(sql, [event!.id]);
      });
    await expect(asPurge(`UPDATE ticket_events SET payload = payload || '{"text": "forged"}' WHERE id = $1`)).rejects.toThrow(/append-only/);
    await expect(asPurge(`UPDATE ticket_events SET type = 'resident.disputed' WHERE id = $1`)).rejects.toThrow(/append-only/);
    await expect(asPurge(`DELETE FROM ticket_events WHERE id = $1`)).rejects.toThrow(/append-only/);
    await asPurge(`UPDATE ticket_events SET payload = payload - 'via' WHERE id = $1`);
    expect(await app.dataSource.query(`SELECT payload FROM ticket_events WHERE id = $1`, [event!.id])).toEqual([{ payload: {} }]);
  });

  it('schedules the purge only when something is to be purged', () => {
    expect(jobSchedules(loadConfig(app.env)).map((j) => j.id)).toContain('retention');
    expect(jobSchedules(loadConfig({ ...app.env, RETENTION_RAW_DELIVERY_DAYS: '0', RETENTION_PERSONAL_DATA_DAYS: '0' })).map((j) => j.id)).not.toContain(
      'retention',
    );
  });
});
