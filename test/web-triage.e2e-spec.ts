import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { TicketEntity, TicketEventEntity } from '../libs/database/src/index.js';
import { ensureWebBuilt, serveAndLaunch, submitSignIn } from './support/browser.js';
import { insertNewTickets } from './support/bulk-tickets.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

// The press secretary's desk with ~260 new tickets, and the department's ticket page, in Chromium
// against the real API and PostgreSQL (issue 14).
const ARTIFACTS = join(process.cwd(), 'test', 'artifacts');
const WAIT = { timeout: 15_000 };
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 812 };
const OVERDUE_TEXT = 'Көшеде үш күннен бері су жоқ, балалар ауырып жатыр';

describe('the triage queue and the ticket page in a real browser', () => {
  let app: TestApp;
  let s: Scenario;
  let browser: Browser;
  let base: string;

  async function signIn(email: string, viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'kk-KZ', timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(base);
    await submitSignIn(page, email);
    return page;
  }

  /** The element's box lies inside the viewport (at least its top `minVisible` pixels). */
  async function expectInView(page: Page, locator: Locator, minVisible = 40): Promise<void> {
    const box = await locator.boundingBox();
    const viewport = page.viewportSize()!;
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + Math.min(box!.height, minVisible)).toBeLessThanOrEqual(viewport.height);
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width + 1);
  }

  const selectedRow = (page: Page) => page.locator('[data-testid=queue-item][aria-pressed=true]');
  const ticket = (id: string) => app.dataSource.getRepository(TicketEntity).findOneByOrFail({ id });

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await TestApp.start();
    s = await buildScenario(app);
    // 260 new tickets of Merki within their first-response target, received over the last ~5 hours...
    await insertNewTickets(app.dataSource, { count: 260, districtId: s.districts.merki.id, oldestMinutesAgo: 300, referencePrefix: 'ZHM-2026-1', suggestedCategoryCode: 'roads' });
    // ...and one received 20 minutes ago whose first response was due 15 minutes ago: the newest is the most urgent.
    await insertNewTickets(app.dataSource, {
      count: 1,
      districtId: null,
      oldestMinutesAgo: 20,
      firstResponseMinutes: 5,
      referencePrefix: 'ZHM-2026-9',
      suggestedCategoryCode: 'land',
      textOf: () => OVERDUE_TEXT,
    });
    await app
      .http()
      .post('/api/v1/saved-replies')
      .set(bearer(s.tokens.admin))
      .send({
        code: 'water-outage',
        title: 'Су жоқ / Нет воды',
        bodyKk: 'Сәлеметсіз бе, {resident_name}! {reference} өтінішіңіз су шаруашылығы басқармасына жіберілді.',
        bodyRu: 'Здравствуйте, {resident_name}! Обращение {reference} передано в управление водного хозяйства.',
      })
      .expect(201);
    ({ base, browser } = await serveAndLaunch(app));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the overdue ticket first among 261 and the total, with the suggestions in the list (no request per ticket)', async () => {
    const page = await signIn('press.merki@test.kz');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.reload();
    await page.getByTestId('queue-item').first().waitFor();
    await expect(page.getByTestId('queue-item').first().textContent()).resolves.toContain(OVERDUE_TEXT);
    await page.getByTestId('queue-total').filter({ hasText: '261 ішінен 50 көрсетілді' }).waitFor();
    expect(await page.getByTestId('queue-item').count()).toBe(50);
    // The router's suggestion comes with the list item and is preselected.
    await eventually(async () => (await page.getByTestId('triage-category').inputValue()) === 'land', WAIT.timeout, 100);
    await page.getByTestId('queue-more').click();
    await page.getByTestId('queue-total').filter({ hasText: '261 ішінен 100 көрсетілді' }).waitFor();
    expect(requests.filter((p) => /\/tickets\/[^/]+\/events$/.test(p))).toEqual([]);
    // The search and the filters ask the server, which counts again.
    await page.getByTestId('queue-search').fill('үш күннен');
    await page.getByTestId('queue-total').filter({ hasText: '1 ішінен 1 көрсетілді' }).waitFor();
    await page.getByTestId('queue-search').fill('');
    await page.getByTestId('filter-suggestedCategory').selectOption('roads');
    await page.getByTestId('queue-total').filter({ hasText: '260 ішінен 50 көрсетілді' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'triage-260-tickets-1440px.png') });
    await page.context().close();
  }, 60_000);

  it('keeps the selection and the action panel in view at 1440 px, refuses `t` without a category, and moves to the next ticket after an action', async () => {
    const page = await signIn('press.merki@test.kz');
    await page.getByTestId('queue-item').nth(49).waitFor();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 29; i++) await page.keyboard.press('j');
    await expect(selectedRow(page).textContent()).resolves.toContain('ZHM-2026-1000029');
    await expectInView(page, selectedRow(page));
    await expectInView(page, page.getByTestId('triage-panel'), 200);
    await expectInView(page, page.getByRole('button', { name: /Саралау/ }));

    // `t` with the category emptied: refused in the console, and nothing reaches the server.
    const current = await ticketByReference('ZHM-2026-1000029');
    await page.getByTestId('triage-category').selectOption('');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('t');
    await page.getByRole('alert').filter({ hasText: 'Алдымен басқармасы бар санатты таңдаңыз' }).waitFor();
    expect(await ticket(current.id)).toMatchObject({ status: 'new', departmentId: null, version: 1 });

    // With the suggested category back, `t` triages it and the next ticket (not the top one) is selected.
    await page.getByTestId('triage-category').selectOption('roads');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('t');
    await page.locator('.notice', { hasText: 'Сараланды' }).waitFor();
    await eventually(async () => (await ticket(current.id)).status === 'triaged');
    await eventually(async () => ((await selectedRow(page).textContent()) ?? '').includes('ZHM-2026-1000030'), WAIT.timeout, 100);
    await page.getByTestId('queue-item').filter({ hasText: 'ZHM-2026-1000029' }).waitFor({ state: 'detached' });
    await expectInView(page, selectedRow(page));
    await expectInView(page, page.getByTestId('triage-panel'), 200);
    await page.screenshot({ path: join(ARTIFACTS, 'triage-selection-30-1440px.png') });

    // A public reply (with a saved reply inserted by keyboard) also moves on to the next ticket.
    const replied = await ticketByReference('ZHM-2026-1000030');
    await page.getByTestId('triage-reply').focus();
    await page.keyboard.press('/');
    await page.getByTestId('saved-reply-picker').waitFor();
    await page.keyboard.type('су');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('triage-reply').inputValue()).resolves.toBe('Сәлеметсіз бе, Тұрғын 30! ZHM-2026-1000030 өтінішіңіз су шаруашылығы басқармасына жіберілді.');
    await page.getByTestId('triage-panel').getByRole('button', { name: 'Жіберу' }).click();
    await eventually(async () => ((await selectedRow(page).textContent()) ?? '').includes('ZHM-2026-1000031'), WAIT.timeout, 100);
    // Answered: its first-response countdown no longer runs in the queue.
    const answeredRow = page.getByTestId('queue-item').filter({ hasText: 'ZHM-2026-1000030' });
    await answeredRow.locator('.badge.answered').waitFor();
    expect(await answeredRow.getByTestId('countdown').count()).toBe(0);
    expect((await app.dataSource.query(`SELECT count(*)::int AS n FROM ticket_replies WHERE ticket_id = $1 AND visibility = 'public'`, [replied.id]))[0].n).toBe(1);
    await page.context().close();
  }, 90_000);

  it('opens a tapped ticket as its own screen at 375 px, with a way back', async () => {
    const page = await signIn('press.merki@test.kz', PHONE);
    await page.getByTestId('queue-item').nth(20).waitFor();
    await page.getByTestId('queue-item').nth(20).click();
    const panel = page.getByTestId('triage-panel');
    await panel.waitFor();
    expect(await page.getByTestId('queue-item').count()).toBe(0);
    await expectInView(page, panel, 200);
    await expectInView(page, page.getByRole('button', { name: /Саралау/ }));
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: join(ARTIFACTS, 'triage-ticket-375px.png') });
    await page.getByTestId('back-to-queue').click();
    await page.getByTestId('queue-item').first().waitFor();
    await page.context().close();
  }, 60_000);

  it('marks all 91 notifications read with one button', async () => {
    const t = await ticketByReference('ZHM-2026-1000100');
    await app.dataSource.query(`INSERT INTO notifications (user_id, ticket_id, kind, step) SELECT $1::uuid, $2::uuid, 'sla.breached', 'step-' || n FROM generate_series(1, 91) n`, [s.users.pressMerki.id, t.id]);
    const page = await signIn('press.merki@test.kz');
    await page.getByTestId('nav-notifications').filter({ hasText: '91' }).waitFor();
    await page.getByTestId('nav-notifications').click();
    await page.getByTestId('mark-all-read').click();
    await page.getByRole('status').filter({ hasText: 'Барлық хабарлама оқылды деп белгіленді' }).waitFor();
    await page.getByTestId('mark-all-read').waitFor({ state: 'detached' });
    await eventually(async () => !/\d/.test((await page.getByTestId('nav-notifications').textContent()) ?? ''), WAIT.timeout, 100);
    expect(await page.locator('.notification.unread').count()).toBe(0);
    await page.context().close();
  }, 60_000);

  describe('a department head', () => {
    let mine: { id: string; reference: string };
    let theirs: { id: string; reference: string };

    beforeAll(async () => {
      const triage = async (categoryCode: string) => {
        const t = await createTicket(app, s);
        const res = await app.http().post(`/api/v1/tickets/${t.id}/triage`).set(bearer(s.tokens.pressMerki)).send({ categoryCode }).expect(200);
        return res.body as { id: string; reference: string };
      };
      mine = await triage('land');
      theirs = await triage('roads');
      await app.http().post(`/api/v1/tickets/${mine.id}/assign`).set(bearer(s.tokens.headLand)).send({ assigneeId: s.users.staffLand1.id }).expect(200);
      await app.http().post(`/api/v1/tickets/${mine.id}/transitions`).set(bearer(s.tokens.headLand)).send({ to: 'in_progress' }).expect(200);
    });

    it("never shows the previous ticket's data or buttons under a ticket out of scope", async () => {
      const page = await signIn('head.land@test.kz');
      await page.goto(`${base}/#/tickets/${mine.id}`);
      await page.getByRole('heading', { name: mine.reference }).waitFor();
      await page.getByTestId('to-resolved').waitFor();
      await page.evaluate(`window.location.hash = '#/tickets/${theirs.id}'`);
      // The not-found message (the API's code, in Kazakh), and nothing else of any ticket.
      await page.getByRole('alert').filter({ hasText: 'Өтініш табылмады' }).waitFor();
      // Give a slow answer for the first ticket its chance to arrive: it must still not show.
      await page.waitForTimeout(500);
      expect(await page.getByText(mine.reference).count()).toBe(0);
      expect(await page.locator('[data-testid^="to-"], [data-testid=reply-body], [data-testid=timeline]').count()).toBe(0);
      expect(await page.getByTestId('resident-text').count()).toBe(0);
      await page.context().close();
    }, 60_000);

    it('offers only moves that can succeed from in_progress, replies internally by default, and asks before publishing or resolving unanswered', async () => {
      const page = await signIn('head.land@test.kz');
      await page.goto(`${base}/#/tickets/${mine.id}`);
      await page.getByTestId('to-resolved').waitFor();
      expect(await page.getByTestId('to-assigned').count()).toBe(0);
      expect(await page.getByTestId('to-merged').count()).toBe(0);
      expect(await page.getByTestId('visibility-internal').isChecked()).toBe(true);
      expect(await page.getByTestId('visibility-public').isChecked()).toBe(false);

      // Public by choice: asked once more; cancelling sends nothing.
      await page.getByTestId('visibility-public').check();
      await page.getByTestId('reply-body').fill('Сәлеметсіз бе! Жер бөлімі тексеруде.');
      await page.getByRole('button', { name: 'Жіберу' }).click();
      const confirm = page.getByTestId('confirm-public');
      await confirm.waitFor();
      await confirm.getByRole('button', { name: 'Бас тарту' }).click();
      await confirm.waitFor({ state: 'detached' });
      expect((await app.dataSource.query(`SELECT count(*)::int AS n FROM ticket_replies WHERE ticket_id = $1`, [mine.id]))[0].n).toBe(0);

      // Resolving with no public answer: a warning, then an explicit confirmation the server records.
      await page.getByTestId('to-resolved').click();
      const unanswered = page.getByTestId('confirm-unanswered');
      await unanswered.waitFor();
      expect((await ticket(mine.id)).status).toBe('in_progress');
      await unanswered.getByRole('button', { name: 'Жауапсыз шешу' }).click();
      await page.locator('.badge.status-resolved').waitFor();
      const event = await app.dataSource.getRepository(TicketEventEntity).findOneByOrFail({ ticketId: mine.id, toStatus: 'resolved' });
      expect(event.payload).toMatchObject({ withoutPublicAnswer: true });
      await page.screenshot({ path: join(ARTIFACTS, 'ticket-head-resolved-1440px.png'), fullPage: true });
      await page.context().close();
    }, 60_000);
  });

  async function ticketByReference(reference: string): Promise<TicketEntity> {
    return app.dataSource.getRepository(TicketEntity).findOneByOrFail({ reference });
  }
});
