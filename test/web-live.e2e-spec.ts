import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt, serveAndLaunch, submitSignIn } from './support/browser.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp } from './support/test-app.js';

/**
 * The console in Chromium: lists follow live events instead of polling (their fallback poll is a
 * minute, so anything seen within seconds came by the stream), and the server's words and errors
 * appear in the reader's language.
 */
describe('web console: live updates and the server vocabulary', () => {
  let app: TestApp;
  let s: Scenario;
  let browser: Browser;
  let base: string;
  const WAIT = { timeout: 8000 };

  async function signIn(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'kk-KZ', timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(base);
    await submitSignIn(page, email);
    return page;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    app = await TestApp.start({ worker: true });
    s = await buildScenario(app);
    ({ base, browser } = await serveAndLaunch(app));
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows a new ticket in the triage queue as it arrives, and says the console is live', async () => {
    const page = await signIn('press.merki@test.kz');
    await page.getByTestId('live-status').filter({ hasText: 'Тікелей' }).waitFor();
    await createTicket(app, s, { author: { name: 'Гүлнар Тоқтарова' } });
    await page.getByTestId('queue-item').filter({ hasText: 'Гүлнар Тоқтарова' }).waitFor(WAIT);
    await page.context().close();
  }, 30_000);

  it('counts a new notification in the navigation as it arrives', async () => {
    const page = await signIn('staff1.land@test.kz');
    await page.getByTestId('live-status').filter({ hasText: 'Тікелей' }).waitFor();
    const t = await createTicket(app, s);
    await app.http().post(`/api/v1/tickets/${t.id}/assign`).set(bearer(s.tokens.admin)).send({ assigneeId: s.users.staffLand1.id }).expect(200);
    await page
      .getByTestId('nav-notifications')
      .locator('.count')
      .filter({ hasText: /^\s*1$/ })
      .waitFor(WAIT);
    await page.context().close();
  }, 30_000);

  it('words the timeline, the delivery state and the errors in the reader’s language', async () => {
    const t = await createTicket(app, s);
    await app
      .http()
      .post(`/api/v1/tickets/${t.id}/replies`)
      .set(bearer(s.tokens.pressMerki))
      .send({ body: 'Қабылданды, тексереміз.', visibility: 'public' })
      .expect(201);
    const page = await signIn('press.merki@test.kz');
    await page.getByTestId('lang').selectOption('ru');
    await page.goto(`${base}/#/tickets/${t.id}`);
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('Обращение получено').waitFor();
    await timeline.getByText('Публичный ответ').waitFor();
    expect(await timeline.textContent()).not.toContain('ticket.created');
    // A manual ticket is answered by phone or in person: nothing is delivered to a channel.
    await page.locator('.replies').getByText('не отправляется в канал').waitFor();
    // Another district's ticket: the API's 404 carries ticket.not_found, shown in Russian.
    const other = await app
      .http()
      .post('/api/v1/tickets')
      .set(bearer(s.tokens.pressZhualy))
      .send({ text: 'Жуалы ауылында су жоқ', districtId: s.districts.zhualy.id, author: { name: 'Ерлан Ахметов' } })
      .expect(201);
    await page.goto(`${base}/#/tickets/${other.body.id as string}`);
    await page.getByText('Обращение не найдено или недоступно вам').waitFor();
    await page.context().close();
  }, 30_000);
});
