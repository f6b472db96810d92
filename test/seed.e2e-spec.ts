import { seed } from '../libs/seed/src/seed.js';
import { SlaService } from '../libs/sla/src/index.js';
import { TestApp } from './support/test-app.js';

const PASSWORD = 'seed-e2e-password';

describe('demo data (npm run seed)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app.close();
  });

  it('loads two months of tickets in every status whose SLA history the live engine agrees with, and a second run adds nothing', async () => {
    const first = await seed(app.dataSource, { password: PASSWORD });
    expect(first.ticketsAlreadyPresent).toBe(false);
    expect(first.created.tickets).toBe(200);
    expect(first.logins.map((l) => l.email)).toContain('admin@tynda.kz');

    const statuses = (await app.dataSource.query(`SELECT DISTINCT status FROM tickets ORDER BY status`)) as Array<{ status: string }>;
    expect(statuses.map((s) => s.status)).toEqual(
      ['assigned', 'awaiting_resident', 'closed', 'in_progress', 'merged', 'new', 'rejected', 'reopened', 'resolved', 'triaged'].sort(),
    );
    const languages = (await app.dataSource.query(`SELECT DISTINCT language FROM tickets ORDER BY language`)) as Array<{ language: string }>;
    expect(languages.map((l) => l.language)).toEqual(['kk', 'mixed', 'ru']);
    const states = (await app.dataSource.query(`SELECT DISTINCT sla_state FROM tickets ORDER BY sla_state`)) as Array<{ sla_state: string }>;
    expect(states.map((s) => s.sla_state)).toEqual(['breached', 'met', 'ok', 'paused', 'warning']);

    // The replay took every step that was due: the engine, run now, finds nothing left to do.
    expect(await app.api.get(SlaService).advanceDue(true)).toBe(0);
    // Every breach recorded on a ticket has its event, and every event its notifications.
    const [check] = (await app.dataSource.query(`
      SELECT
        (SELECT count(*) FROM tickets WHERE first_response_breached_at IS NOT NULL) +
        (SELECT count(*) FROM tickets WHERE resolution_breached_at IS NOT NULL) AS breaches,
        (SELECT count(*) FROM ticket_events WHERE type = 'sla.breached') AS breach_events,
        (SELECT count(*) FROM ticket_events e WHERE e.type LIKE 'sla.%'
           AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.ticket_id = e.ticket_id AND n.kind = e.type)) AS unheard`)) as Array<Record<string, string>>;
    expect(Number(check!.breaches)).toBeGreaterThan(0);
    expect(check!.breach_events).toBe(check!.breaches);
    expect(Number(check!.unheard)).toBe(0);

    const again = await seed(app.dataSource, { password: PASSWORD });
    expect(again.ticketsAlreadyPresent).toBe(true);
    expect(Object.values(again.created).every((n) => n === 0)).toBe(true);

    // The printed logins work, and the governor's office sees the seeded escalations.
    const token = await app.login('governor@tynda.kz', PASSWORD);
    const notifications = await app.http().get('/api/v1/notifications').set('Authorization', `Bearer ${token}`);
    expect(notifications.status).toBe(200);
    expect(notifications.body.items.length).toBeGreaterThan(0);
    expect(notifications.body.items.every((n: { kind: string }) => n.kind === 'sla.escalated')).toBe(true);
  });
});
