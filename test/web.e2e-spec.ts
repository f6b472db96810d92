import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { NotificationEntity, PageEntity, TicketEntity, UserEntity } from '../libs/database/src/index.js';
import { QueueName } from '../libs/queues/src/index.js';
import { ensureWebBuilt, serveAndLaunch, submitSignIn } from './support/browser.js';
import { FakeChannels, connectPage } from './support/fake-channels.js';
import { buildScenario, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

// The web console in Debian's Chromium against the real API, worker, PostgreSQL and Redis.
const APP_SECRET = 'tynda-web-test-app-secret';
const PAGE_ID = '104538291276431';
const ROOT = process.cwd();
const ARTIFACTS = join(ROOT, 'test', 'artifacts');
const WAIT = { timeout: 15_000 };
// A land and a road keyword: the router is unsure, so the ticket waits in triage, with the land plot (жер телімі) making land its suggestion.
const TEXT = 'Қорағаты ауылында жер телімі мен жол мәселесі шешілмей жатыр <script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';

function facebookComment(commentId: string, message: string): Buffer {
  const now = Math.floor(Date.now() / 1000);
  const value = {
    from: { id: '9100200300', name: 'Айгүл Сейітова' },
    item: 'comment',
    verb: 'add',
    post_id: `${PAGE_ID}_1`,
    comment_id: commentId,
    parent_id: `${PAGE_ID}_1`,
    created_time: now,
    message,
  };
  return Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: now, changes: [{ field: 'feed', value }] }] }));
}
const sign = (body: Buffer): string => `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;

describe('web console in a real browser', () => {
  const graph = new FakeChannels();
  let app: TestApp;
  let s: Scenario;
  let browser: Browser;
  let base: string;
  let ticket: TicketEntity;

  const ticketNow = () => app.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id });

  async function signIn(email: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'kk-KZ', timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(base);
    await submitSignIn(page, email);
    return page;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    // Nothing leaves the machine: the Graph API is a local stand-in, so a public reply is delivered (and only then counts as the answer).
    await graph.start();
    app = await TestApp.start({
      worker: true,
      env: { FACEBOOK_APP_SECRET: APP_SECRET, INTAKE_RELAY_EVERY_MS: '300', GRAPH_API_BASE_URL: `${graph.url}/v26.0` },
    });
    s = await buildScenario(app);
    const merkiPage = await app.dataSource
      .getRepository(PageEntity)
      .save({ channel: 'facebook', externalId: PAGE_ID, districtId: s.districts.merki.id, title: 'Меркі ауданының әкімдігі' });
    await connectPage(app, s.tokens.admin, merkiPage.id, { accessToken: 'EAAB-web-test-page-token' });
    ({ base, browser } = await serveAndLaunch(app));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await graph.stop();
  });

  it('serves the console at / and keeps JSON 404s under /api/v1', async () => {
    const page = await app.http().get('/triage').set('Accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    const api = await app.http().get('/api/v1/nope').set('Accept', 'text/html');
    expect(api.status).toBe(404);
    expect(api.body).toMatchObject({ statusCode: 404 });
  });

  it('a Facebook comment arrives by signed webhook and waits in triage', async () => {
    const body = facebookComment(`${PAGE_ID}_7700112233`, TEXT);
    const res = await app
      .http()
      .post('/webhooks/facebook')
      .set({ 'Content-Type': 'application/json', 'X-Hub-Signature-256': sign(body) })
      .send(body.toString('utf8'));
    expect(res.status).toBe(200);
    await eventually(async () => (await app.dataSource.getRepository(TicketEntity).countBy({ channel: 'facebook' })) === 1);
    ticket = await app.dataSource.getRepository(TicketEntity).findOneByOrFail({ channel: 'facebook' });
    expect(ticket).toMatchObject({ status: 'new', districtId: s.districts.merki.id });
  });

  it('the press secretary sees it as text, switches language, triages it by keyboard and replies', async () => {
    const page = await signIn('press.merki@test.kz');
    const item = page.getByTestId('queue-item').filter({ hasText: 'Қорағаты' });
    await item.waitFor();
    // The resident's markup is shown as characters and never runs.
    await page.getByTestId('resident-text').filter({ hasText: '<script>window.__xss = 1</script>' }).waitFor();
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('main script, main img').count()).toBe(0);
    // The router's suggestion comes preselected.
    await eventually(async () => (await page.getByTestId('triage-category').inputValue()) === 'land', WAIT.timeout, 100);
    await page.getByTestId('countdown').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'triage-queue.png'), fullPage: true });

    await page.getByTestId('lang').selectOption('ru');
    await page.getByRole('link', { name: 'Разбор обращений' }).waitFor();
    await page.getByRole('button', { name: /Разобрать/ }).waitFor();
    await page.getByTestId('lang').selectOption('en');
    await page.getByRole('link', { name: 'Triage queue' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Triage queue' }).waitFor();

    // A fresh browser (the phone: nothing in its storage) signs in in the language kept on the account.
    await eventually(async () => (await app.dataSource.getRepository(UserEntity).findOneByOrFail({ id: s.users.pressMerki.id })).locale === 'en');
    const phone = await signIn('press.merki@test.kz', { width: 375, height: 812 });
    await phone.getByRole('link', { name: 'Triage queue' }).waitFor();
    await phone.getByTestId('queue-item').first().waitFor();
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await phone.screenshot({ path: join(ARTIFACTS, 'triage-queue-375px.png'), fullPage: true });
    await phone.context().close();

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('t');
    const done = page.locator('.notice', { hasText: 'Triaged' });
    await done.waitFor();
    await item.waitFor({ state: 'detached' });
    expect(await ticketNow()).toMatchObject({ categoryCode: 'land', departmentId: s.departments.land.id });

    await done.getByRole('link').click();
    await page.getByTestId('reply-body').fill('Сәлеметсіз бе! Жер бөлімі тексеріп жатыр.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.reply-public', { hasText: 'Жер бөлімі тексеріп жатыр' }).waitFor();
    await eventually(async () => (await ticketNow()).firstResponseAt !== null);
    await page.context().close();
  }, 60_000);

  it('the department head finds it in the inbox and resolves it', async () => {
    // The assignment worker hands the triaged ticket to the least-loaded member of the land department.
    await app.drain(QueueName.assignment, 20_000);
    await eventually(async () => (await ticketNow()).status === 'assigned', 20_000).catch(async (e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(await ticketNow())}`);
    });
    const page = await signIn('head.land@test.kz');
    const row = page.getByTestId('inbox-row').filter({ hasText: ticket.reference });
    await row.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'department-inbox.png'), fullPage: true });
    await row.getByRole('link', { name: ticket.reference }).click();
    // Event types are shown in the reader's language (Kazakh here): "ticket.created" reads "Өтініш түсті".
    await page.getByTestId('timeline').filter({ hasText: 'Өтініш түсті' }).waitFor();
    await page.getByTestId('to-resolved').click();
    await page.locator('.badge.status-resolved').waitFor();
    expect((await ticketNow()).status).toBe('resolved');
    await page.context().close();
  }, 50_000);

  it('the assignee finds the hand-over among the notifications; opening it marks it read', async () => {
    const assigneeId = (await ticketNow()).assigneeId!;
    const assignee = await app.dataSource.getRepository(UserEntity).findOneByOrFail({ id: assigneeId });
    const page = await signIn(assignee.email);
    const link = page.getByTestId('nav-notifications');
    await link.locator('.count').waitFor(); // the unread count
    await link.click();
    const item = page.getByTestId('notification').filter({ hasText: 'Сізге берілді' }).first();
    await item.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'notifications.png'), fullPage: true });
    await item.getByRole('link', { name: ticket.reference }).click();
    await page.locator('.badge.status-resolved').waitFor();
    const notification = () =>
      app.dataSource.getRepository(NotificationEntity).findOneByOrFail({ userId: assigneeId, ticketId: ticket.id, kind: 'ticket.assigned' });
    await eventually(async () => (await notification()).readAt !== null);
    await page.context().close();
  }, 30_000);

  it("the governor's office sees it on the dashboard and drills down to it", async () => {
    const page = await signIn('governor@test.kz');
    await page.getByTestId('scorecard-districts').filter({ hasText: 'Меркі ауданы' }).waitFor();
    const link = page.getByTestId('latest').getByRole('link', { name: ticket.reference });
    await link.waitFor();
    await page.locator('svg[role=img]').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'governor-dashboard.png'), fullPage: true });
    await link.click();
    await page.locator('.badge.status-resolved').waitFor();
    await page.goto(`${base}/#/reports/monthly`);
    await page.getByTestId('monthly-districts').filter({ hasText: 'Меркі ауданы' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV жүктеу' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^tynda-monthly-\d{4}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for Kazakh and Russian
    expect(csv.toString('utf8')).toContain('Меркі ауданы');
    await page.context().close();
  }, 30_000);

  it('the press secretary registers a phone call as a ticket, with the API’s messages next to the fields', async () => {
    const page = await signIn('press.merki@test.kz');
    await page.getByTestId('lang').selectOption('en');
    const form = page.getByTestId('manual-form');
    await form.getByRole('button', { name: 'Register' }).click();
    await page.getByTestId('manual-error-author.name').waitFor();
    await page.getByTestId('manual-error-text').waitFor();
    await form.getByLabel('Resident’s name *').fill('Бақыт Оспанов');
    await form.getByLabel('Phone').fill('not a phone');
    await form.getByLabel('Text *').fill('Мектеп жанындағы көше шамы бір аптадан бері жанбайды');
    await form.getByRole('button', { name: 'Register' }).click();
    await page.getByTestId('manual-error-author.phone').filter({ hasText: '+7 701 123 45 67' }).waitFor();
    await form.getByLabel('Phone').fill('+7 701 555 12 34');
    await form.getByRole('button', { name: 'Register' }).click();
    await page.locator('.notice', { hasText: 'Registered' }).waitFor();
    const call = await app.dataSource.getRepository(TicketEntity).findOneByOrFail({ channel: 'manual', authorName: 'Бақыт Оспанов' });
    // The district is preselected: this press secretary answers for Merki only.
    expect(call).toMatchObject({ districtId: s.districts.merki.id, authorPhone: '+7 701 555 12 34', status: 'new' });
    await page.getByTestId('queue-item').filter({ hasText: 'Бақыт Оспанов' }).waitFor();
    await page.context().close();
  }, 30_000);

  it("the admin's forms show the API's validation messages next to the fields", async () => {
    const page = await signIn('admin@test.kz');
    await page.getByRole('tab', { name: 'Аудандар' }).click();
    await page.locator('#f-nameKk').fill('Сарысу ауданы');
    await page.getByTestId('admin-form').getByRole('button', { name: 'Құру' }).click();
    await page.getByTestId('error-code').filter({ hasText: /code/ }).waitFor();
    await page.locator('#f-code').fill('sarysu');
    await page.locator('#f-nameRu').fill('Сарысуский район');
    await page.getByTestId('admin-form').getByRole('button', { name: 'Құру' }).click();
    await page.getByRole('button', { name: 'Сарысу ауданы' }).waitFor();
    await page.context().close();
  }, 20_000);

  it("on a phone the admin's five screens fold into the menu: nothing cut off, every one a tap away", async () => {
    const page = await signIn('admin@test.kz', { width: 375, height: 812 });
    const nav = page.locator('nav[aria-label=main]');
    const links = nav.getByRole('link');
    await page.getByTestId('admin-form').waitFor();
    // Folded: the current screen and the notifications only, and no link runs past the edge.
    await eventually(async () => (await links.count()) === 2);
    expect(await nav.evaluate((n) => n.scrollWidth <= n.clientWidth)).toBe(true);
    expect((await page.locator('header.top').boundingBox())!.height).toBeLessThanOrEqual(100);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-menu-closed-375.png') });
    const menu = page.getByTestId('menu-toggle');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await eventually(async () => (await links.count()) === 5);
    for (const link of await links.all()) {
      const box = (await link.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(375);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'admin-menu-open-375.png') });
    await nav.getByRole('link', { name: 'Көрсеткіштер' }).click();
    await page.getByTestId('scorecard-districts').waitFor();
    // Another screen: the menu folds again, with the new screen's link the one shown.
    await eventually(async () => (await links.count()) === 2);
    expect(await nav.getByRole('link', { name: 'Көрсеткіштер' }).getAttribute('aria-current')).toBe('page');
    await page.context().close();
  }, 30_000);

  it("the admin replaces a page's credentials and checks them again; a page needing them is a banner for the district's press secretary", async () => {
    const page = await signIn('admin@test.kz');
    await page.getByRole('tab', { name: 'Парақшалар' }).click();
    await page.getByRole('button', { name: /Меркі ауданының әкімдігі/ }).click();
    const panel = page.getByTestId('page-connection');
    await panel.getByTestId('connection-badge').filter({ hasText: 'Қосылған' }).waitFor();
    graph.script('/v26.0/me?fields=id,name', { status: 400, body: { error: { message: 'Error validating access token: Session has expired.', code: 190 } } });
    await panel.locator('#cred-accessToken').fill('EAAB-web-expired');
    await panel.getByRole('button', { name: 'Сақтау және тексеру' }).click();
    await panel.getByTestId('connection-badge').filter({ hasText: 'Кілттер қабылданбады' }).waitFor();
    await panel.getByText(/Session has expired/).waitFor();
    // The field is emptied once sent: a saved secret is never shown.
    expect(await panel.locator('#cred-accessToken').inputValue()).toBe('');
    await panel.getByRole('button', { name: 'Қайта тексеру' }).click();
    await panel.getByTestId('connection-badge').filter({ hasText: 'Қосылған' }).waitFor();
    await page.context().close();

    await app.dataSource.query(`UPDATE pages SET connection_state = 'reauthorization_required' WHERE external_id = $1`, [PAGE_ID]);
    // A ticket whose public reply failed for good is flagged in the triage queue.
    const manual = await app
      .http()
      .post('/api/v1/tickets')
      .set({ Authorization: `Bearer ${s.tokens.pressMerki}` })
      .send({ text: 'Жауап жетпеген өтініш', districtId: s.districts.merki.id, author: { name: 'Тест' } })
      .expect(201);
    await app.dataSource.query(`UPDATE tickets SET undelivered_reply_at = now() WHERE id = $1`, [manual.body.id]);
    const press = await signIn('press.merki@test.kz');
    await press.getByTestId('reauthorization-banner').filter({ hasText: 'Меркі ауданының әкімдігі' }).waitFor();
    await press.getByTestId('undelivered-reply').first().waitFor();
    await press.context().close();
    await app.dataSource.query(`UPDATE pages SET connection_state = 'connected' WHERE external_id = $1`, [PAGE_ID]);
  }, 30_000);
});
