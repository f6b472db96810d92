import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { liveEventsChannel } from '../libs/queues/src/index.js';
import { TestApp, eventually } from './support/test-app.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';

interface Received {
  event: string;
  data: { kind: string; ticketId?: string };
}

/** A console's side of `GET /events/stream`, read as the console reads it: fetch, bearer token in the header. */
class Stream {
  readonly received: Received[] = [];
  readonly comments: string[] = [];
  retry: number | null = null;
  /** The server ended the stream. */
  ended = false;
  private readonly abort = new AbortController();
  private constructor(readonly response: Response) {}

  static async open(base: string, token: string): Promise<Stream> {
    const abort = new AbortController();
    const res = await fetch(`${base}/api/v1/events/stream`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
      signal: abort.signal,
    });
    const stream = new Stream(res);
    stream.abort.signal.addEventListener('abort', () => abort.abort());
    void stream.read();
    await stream.waitFor((e) => e.event === 'ready');
    return stream;
  }

  private async read(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of this.response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
            else fields.set(line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim());
          }
          if (fields.has('retry')) this.retry = Number(fields.get('retry'));
          if (fields.has('event')) this.received.push({ event: fields.get('event')!, data: JSON.parse(fields.get('data') ?? 'null') });
        }
      }
      this.ended = true;
    } catch {
      // Aborted by close().
    }
  }

  async waitFor(match: (e: Received) => boolean, timeoutMs = 10_000): Promise<Received> {
    await eventually(async () => this.received.some(match), timeoutMs);
    return this.received.find(match)!;
  }

  has(kind: string, ticketId: string): boolean {
    return this.received.some((e) => e.event === kind && e.data.ticketId === ticketId);
  }

  close(): void {
    this.abort.abort();
  }
}

/**
 * The API and the worker for real, the console's stream read over HTTP: events reach the users whose
 * scope holds the ticket (the ticket list's rule), from the API's writes and from the worker's SLA steps.
 */
describe('live events (server-sent events)', () => {
  let app: TestApp;
  let s: Scenario;
  let base: string;
  const streams: Stream[] = [];
  const open = async (token: string) => {
    const stream = await Stream.open(base, token);
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { SLA_SWEEP_EVERY_MS: '500', LIVE_HEARTBEAT_MS: '500' } });
    await app.api.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.api.getHttpServer().address() as AddressInfo).port}`;
    s = await buildScenario(app);
    const policy = await app
      .http()
      .post('/api/v1/sla-policies')
      .set(bearer(s.tokens.admin))
      .send({ name: 'Urgent (test)', priority: 'urgent', firstResponse: 'PT3S', resolution: 'PT1H', warningRatio: 0.5, escalateAfter: 'PT2S' });
    expect(policy.status).toBe(201);
  });
  afterAll(async () => {
    streams.forEach((st) => st.close());
    await app.close();
  });

  it('refuses a stream without a token (401, JSON, coded)', async () => {
    const res = await fetch(`${base}/api/v1/events/stream`, { headers: { Accept: 'text/event-stream' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ statusCode: 401, code: 'auth.unauthorized' });
    const forged = await fetch(`${base}/api/v1/events/stream`, { headers: { Authorization: 'Bearer not-a-token' } });
    expect(forged.status).toBe(401);
  });

  it('opens as an event stream with a retry hint and a ready event', async () => {
    const stream = await open(s.tokens.pressMerki);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get('cache-control')).toContain('no-transform');
    expect(stream.retry).toBe(3000);
    expect(stream.received[0]).toEqual({ event: 'ready', data: { kind: 'ready' } });
  });

  it("tells a district's press secretary of its new tickets, and not of another district's", async () => {
    const merki = await open(s.tokens.pressMerki);
    const zhualy = await open(s.tokens.pressZhualy);
    const roadsHead = await open(s.tokens.headRoads);
    const governor = await open(s.tokens.governor);
    // A press secretary enters tickets of their own districts only: Zhualy's enters this one.
    const zhualyTicket = await app
      .http()
      .post('/api/v1/tickets')
      .set(bearer(s.tokens.pressZhualy))
      .send({ text: 'Жуалы ауылында жол бұзылған', districtId: s.districts.zhualy.id, author: { name: 'Ерлан Ахметов' } })
      .expect(201);
    const inZhualy = zhualyTicket.body as { id: string };
    const inMerki = await createTicket(app, s);
    await merki.waitFor((e) => e.event === 'ticket.created' && e.data.ticketId === inMerki.id);
    await zhualy.waitFor((e) => e.event === 'ticket.created' && e.data.ticketId === inZhualy.id);
    await governor.waitFor((e) => e.event === 'ticket.created' && e.data.ticketId === inMerki.id);
    await governor.waitFor((e) => e.event === 'ticket.created' && e.data.ticketId === inZhualy.id);
    // Published in that order by one process, so Merki's stream had Zhualy's event already, had it been sent.
    expect(merki.has('ticket.created', inZhualy.id)).toBe(false);
    expect(zhualy.has('ticket.created', inMerki.id)).toBe(false);
    expect(roadsHead.received.filter((e) => e.event !== 'ready')).toEqual([]);
    // Kinds and ids only: nothing of the resident travels.
    expect(merki.received.find((e) => e.data.ticketId === inMerki.id)!.data).toEqual({ kind: 'ticket.created', ticketId: inMerki.id });
  });

  it('tells the department and the assignee of an assignment, and the assignee of their notification', async () => {
    const t = await createTicket(app, s);
    const head = await open(s.tokens.headLand);
    const staff = await open(s.tokens.staffLand1);
    const other = await open(s.tokens.staffLand2);
    await app.http().post(`/api/v1/tickets/${t.id}/assign`).set(bearer(s.tokens.admin)).send({ assigneeId: s.users.staffLand1.id }).expect(200);
    await head.waitFor((e) => e.event === 'ticket.assigned' && e.data.ticketId === t.id);
    await staff.waitFor((e) => e.event === 'ticket.assigned' && e.data.ticketId === t.id);
    await staff.waitFor((e) => e.event === 'notification.created' && e.data.ticketId === t.id);
    await app.http().post(`/api/v1/tickets/${t.id}/transitions`).set(bearer(s.tokens.staffLand1)).send({ to: 'in_progress' }).expect(200);
    await head.waitFor((e) => e.event === 'ticket.changed' && e.data.ticketId === t.id);
    expect(other.received.some((e) => e.data.ticketId === t.id)).toBe(false);
    expect(head.has('notification.created', t.id)).toBe(false);
  });

  it('carries the SLA steps the worker takes to the people they concern', async () => {
    const t = await createTicket(app, s, { priority: 'urgent' });
    const press = await open(s.tokens.pressMerki);
    const head = await open(s.tokens.headLand);
    const roadsHead = await open(s.tokens.headRoads);
    const zhualy = await open(s.tokens.pressZhualy);
    const governor = await open(s.tokens.governor);
    await app.http().post(`/api/v1/tickets/${t.id}/assign`).set(bearer(s.tokens.admin)).send({ assigneeId: s.users.staffLand2.id }).expect(200);
    await press.waitFor((e) => e.event === 'sla.breached' && e.data.ticketId === t.id, 10_000);
    await head.waitFor((e) => e.event === 'sla.breached' && e.data.ticketId === t.id);
    // The breach notifies the department head and the district's press secretary.
    await head.waitFor((e) => e.event === 'notification.created' && e.data.ticketId === t.id);
    await press.waitFor((e) => e.event === 'notification.created' && e.data.ticketId === t.id);
    await governor.waitFor((e) => e.event === 'sla.escalated' && e.data.ticketId === t.id, 10_000);
    await governor.waitFor((e) => e.event === 'notification.created' && e.data.ticketId === t.id);
    expect(press.has('sla.warning', t.id)).toBe(true);
    expect(roadsHead.received.some((e) => e.data.ticketId === t.id)).toBe(false);
    expect(zhualy.received.some((e) => e.data.ticketId === t.id)).toBe(false);
  }, 20_000);

  it('keeps an idle stream open with heartbeats and ends it when the session ends', async () => {
    const stream = await open(s.tokens.staffRoads);
    await app
      .http()
      .post('/api/v1/auth/logout')
      .set(bearer(s.tokens.staffRoads))
      .expect((r) => expect(r.status).toBeLessThan(300));
    // The heartbeat (LIVE_HEARTBEAT_MS, 20 s by default) re-reads the session: the signed-out stream is closed.
    await eventually(async () => stream.ended, 5000);
    const idle = await open(s.tokens.staffLand1);
    await eventually(async () => idle.comments.includes('heartbeat'), 5000);
    expect(idle.ended).toBe(false);
  });

  it('publishes through Redis, so a change made by any process reaches every API process', async () => {
    const t = await createTicket(app, s);
    const governor = await open(s.tokens.governor);
    // As the worker or another API process would: straight onto the channel.
    const redis = new Redis(app.env.REDIS_URL!);
    try {
      const channel = liveEventsChannel(app.env.QUEUE_PREFIX!);
      // What is not a well-formed event is ignored, and the process hears on.
      await redis.publish(channel, 'not json');
      await redis.publish(channel, JSON.stringify([{ kind: 'ticket.changed', ticketId: t.id }]));
      await redis.publish(
        channel,
        JSON.stringify([{ kind: 'ticket.changed', ticketId: t.id, scopes: [{ districtId: null, departmentId: null, assigneeId: null }] }]),
      );
    } finally {
      redis.disconnect();
    }
    await governor.waitFor((e) => e.event === 'ticket.changed' && e.data.ticketId === t.id);
    expect(governor.received.filter((e) => e.event === 'ticket.changed' && e.data.ticketId === t.id)).toHaveLength(1);
  });
});
