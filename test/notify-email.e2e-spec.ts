import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { TestApp, eventually } from './support/test-app.js';
import { bearer, buildScenario, createTicket } from './support/scenario.js';

interface Mail {
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 receives what the notify worker sends. */
describe('e-mail notifications', () => {
  const received: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  let app: TestApp;

  beforeAll(async () => {
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    app = await TestApp.start({ worker: true, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'Tynda <noreply@test.kz>' } });
  });
  afterAll(async () => {
    await app.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('mails the new assignee once, in Kazakh and Russian', async () => {
    const s = await buildScenario(app);
    const t = await createTicket(app, s);
    await app.http().post(`/api/v1/tickets/${t.id}/assign`).set(bearer(s.tokens.admin)).send({ assigneeId: s.users.staffLand2.id }).expect(200);
    await eventually(async () => received.length > 0);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['staff2.land@test.kz']);
    expect(received[0]!.raw).toMatch(/^From: Tynda <noreply@test\.kz>/m);
    expect(received[0]!.raw).toContain('X-Tynda-Notification:');
    expect(received[0]!.raw).toMatch(/Subject: =\?UTF-8\?/);
  });
});
