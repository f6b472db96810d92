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
    await insertNewTickets(app.dataSource, {
      count: 260,
      districtId: s.districts.merki.id,
      oldestMinutesAgo: 300,
      referencePrefix: 'ZHM-2026-1',
      suggestedCategoryCode: 'roads',
    });
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
    // Channels by their names, not the API's codes.
    await expect(page.getByTestId('queue-item').first().locator('.chan').textContent()).resolves.toBe('Facebook');
    await expect(page.getByTestId('triage-panel').locator('dl.facts dd').first().textContent()).resolves.toBe('Facebook');
    await page.screenshot({ path: join(ARTIFACTS, 'triage-overdue-first-1440px.png') });
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
    await expect(page.getByTestId('triage-reply').inputValue()).resolves.toBe(
      'Сәлеметсіз бе, Тұрғын 30! ZHM-2026-1000030 өтінішіңіз су шаруашылығы басқармасына жіберілді.',
    );
    await page.getByTestId('triage-panel').getByRole('button', { name: 'Жіберу' }).click();
    await eventually(async () => ((await selectedRow(page).textContent()) ?? '').includes('ZHM-2026-1000031'), WAIT.timeout, 100);
    // Answered: its first-response countdown no longer runs in the queue.
    const answeredRow = page.getByTestId('queue-item').filter({ hasText: 'ZHM-2026-1000030' });
    await answeredRow.locator('.badge.answered').waitFor();
    expect(await answeredRow.getByTestId('countdown').count()).toBe(0);
    expect(
      (await app.dataSource.query(`SELECT count(*)::int AS n FROM ticket_replies WHERE ticket_id = $1 AND visibility = 'public'`, [replied.id]))[0].n,
    ).toBe(1);
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
    await app.dataSource.query(
      `INSERT INTO notifications (user_id, ticket_id, kind, step) SELECT $1::uuid, $2::uuid, 'sla.breached', 'step-' || n FROM generate_series(1, 91) n`,
      [s.users.pressMerki.id, t.id],
    );
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

  const row = (page: Page, reference: string) => page.locator('li.queue-item', { hasText: reference });
  const bulkPanel = (page: Page) => page.getByTestId('triage-panel');

  it('ticks tickets by checkbox, shift-click, `x` and "select all shown", and triages three in one action at 1440 px', async () => {
    const page = await signIn('press.merki@test.kz');
    await row(page, 'ZHM-2026-1000042').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 5 } });

    // `x` ticks the highlighted ticket (the first) and unticks it again.
    await page.keyboard.press('x');
    await bulkPanel(page).getByRole('heading', { name: '1 таңдалды' }).waitFor();
    expect(await page.getByTestId('queue-check').first().isChecked()).toBe(true);
    await page.keyboard.press('x');
    await bulkPanel(page).getByTestId('triage-reply').waitFor();
    // "Select all shown" ticks the 50 on screen; the panel's link clears them.
    await page.getByTestId('select-all').check();
    await bulkPanel(page).getByRole('heading', { name: '50 таңдалды' }).waitFor();
    await page.getByTestId('bulk-clear').click();
    expect(await page.getByTestId('select-all').isChecked()).toBe(false);

    // A tick, then a shift-click two rows down: the three from one to the other.
    await row(page, 'ZHM-2026-1000040').getByTestId('queue-check').check();
    await row(page, 'ZHM-2026-1000042')
      .getByTestId('queue-check')
      .click({ modifiers: ['Shift'] });
    await bulkPanel(page).getByRole('heading', { name: '3 таңдалды' }).waitFor();
    await expect(bulkPanel(page).getByTestId('bulk-references').textContent()).resolves.toBe('ZHM-2026-1000040, ZHM-2026-1000041, ZHM-2026-1000042');
    // The three share the router's suggestion: preselected; each keeps its priority unless one is chosen.
    expect(await bulkPanel(page).getByTestId('triage-category').inputValue()).toBe('roads');
    await bulkPanel(page).getByTestId('triage-category').selectOption('land');
    await bulkPanel(page).getByTestId('triage-priority').selectOption('high');
    await expectInView(page, bulkPanel(page).getByRole('button', { name: /Саралау/ }));
    await page.screenshot({ path: join(ARTIFACTS, 'triage-bulk-1440px.png') });
    await bulkPanel(page)
      .getByRole('button', { name: /Саралау/ })
      .click();
    await page.getByTestId('bulk-report').filter({ hasText: 'Сараланды: 3 ішінен 3 орындалды' }).waitFor();
    for (const n of [40, 41, 42]) {
      expect(await ticketByReference(`ZHM-2026-10000${n}`)).toMatchObject({ categoryCode: 'land', departmentId: s.departments.land.id, priority: 'high' });
      await row(page, `ZHM-2026-10000${n}`).waitFor({ state: 'detached' });
    }
    // Nothing ticked any more: the single ticket's panel is back.
    await bulkPanel(page).getByTestId('triage-reply').waitFor();
    expect(await page.locator('[data-testid=queue-check]:checked').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'triage-bulk-done-1440px.png') });

    // One of three changed meanwhile (another desk): the other two are triaged, and it stays ticked with the reason.
    await row(page, 'ZHM-2026-1000043').getByTestId('queue-check').check();
    await row(page, 'ZHM-2026-1000045')
      .getByTestId('queue-check')
      .click({ modifiers: ['Shift'] });
    await bulkPanel(page).getByRole('heading', { name: '3 таңдалды' }).waitFor();
    await app.dataSource.query(`UPDATE tickets SET version = version + 1 WHERE reference = 'ZHM-2026-1000044'`);
    await bulkPanel(page).getByTestId('triage-category').selectOption('land');
    await bulkPanel(page)
      .getByRole('button', { name: /Саралау/ })
      .click();
    const report = page.getByTestId('bulk-report');
    await report.filter({ hasText: 'Сараланды: 3 ішінен 2 орындалды' }).waitFor();
    await report.filter({ hasText: 'Орындалмады: ZHM-2026-1000044 — Өтінішті осы уақытта біреу өзгертті' }).waitFor();
    expect(await ticketByReference('ZHM-2026-1000044')).toMatchObject({ status: 'new', categoryCode: null });
    expect(await ticketByReference('ZHM-2026-1000045')).toMatchObject({ categoryCode: 'land' });
    await bulkPanel(page).getByRole('heading', { name: '1 таңдалды' }).waitFor();
    expect(await row(page, 'ZHM-2026-1000044').getByTestId('queue-check').isChecked()).toBe(true);
    await page.context().close();
  }, 90_000);

  it('keeps the selection in reach at 375 px and marks two tickets "not an appeal" with one reason', async () => {
    const page = await signIn('press.merki@test.kz', PHONE);
    await row(page, 'ZHM-2026-1000051').waitFor();
    await row(page, 'ZHM-2026-1000050').getByTestId('queue-check').check();
    await row(page, 'ZHM-2026-1000051').getByTestId('queue-check').check();
    // Ticking does not open the ticket; the bar saying what is ticked stays on screen.
    expect(await page.getByTestId('triage-panel').count()).toBe(0);
    await expectInView(page, page.getByTestId('bulk-bar'));
    await expect(page.getByTestId('bulk-bar').textContent()).resolves.toContain('2 таңдалды');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: join(ARTIFACTS, 'triage-bulk-375px.png') });
    await page.getByTestId('bulk-open').click();
    await expectInView(page, bulkPanel(page), 200);
    await bulkPanel(page).getByRole('heading', { name: '2 таңдалды' }).waitFor();
    await bulkPanel(page).getByTestId('reject-reason').fill('Жарнама');
    await page.screenshot({ path: join(ARTIFACTS, 'triage-bulk-panel-375px.png') });
    await bulkPanel(page)
      .getByRole('button', { name: /Өтініш емес/ })
      .click();
    await page.getByTestId('bulk-report').filter({ hasText: 'Қабылданбады: 2 ішінен 2 орындалды' }).waitFor();
    await page.getByTestId('queue-item').first().waitFor();
    for (const reference of ['ZHM-2026-1000050', 'ZHM-2026-1000051']) expect(await ticketByReference(reference)).toMatchObject({ status: 'rejected' });
    await page.context().close();
  }, 60_000);

  it('takes a ticket answered publicly off the head of the queue: no countdown, "answered" instead', async () => {
    const page = await signIn('press.merki@test.kz');
    const first = page.getByTestId('queue-item').first();
    await first.filter({ hasText: OVERDUE_TEXT }).waitFor();
    await first
      .getByTestId('countdown')
      .filter({ hasText: /кешікті|overdue/i })
      .waitFor();
    await page.getByTestId('triage-reply').fill('Сәлеметсіз бе! Су шаруашылығына жібердік.');
    await page.getByTestId('triage-panel').getByRole('button', { name: 'Жіберу' }).click();
    // Answered, it is no longer the most urgent: the queue's head is the oldest waiting ticket now.
    await eventually(async () => !((await first.textContent()) ?? '').includes(OVERDUE_TEXT), WAIT.timeout, 100);
    await page.getByTestId('queue-search').fill('үш күннен');
    const answeredRow = page.getByTestId('queue-item').filter({ hasText: OVERDUE_TEXT });
    await answeredRow.locator('.badge.answered').waitFor();
    expect(await answeredRow.getByTestId('countdown').count()).toBe(0);
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
