import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TicketEntity, UserEntity } from '../libs/database/src/index.js';
import { ensureWebBuilt, serveAndLaunch, submitSignIn } from './support/browser.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

// The console under its Content-Security-Policy in Debian's Chromium: every role's screens load
// and work, and the browser reports no violation.
const WAIT = { timeout: 15_000 };

describe('web console under its CSP', () => {
  let app: TestApp;
  let s: Scenario;
  let browser: Browser;
  let base: string;
  let ticketId: string;
  const contexts: BrowserContext[] = [];
  /** Every CSP violation any page reported: by the DOM event, and by Chromium's console message. */
  const violations: string[] = [];

  async function signIn(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    contexts.push(context);
    await context.exposeFunction('__reportViolation', (v: string) => violations.push(`${email}: ${v}`));
    // A string: the test is compiled without the DOM's types; this runs in the page.
    await context.addInitScript(
      `document.addEventListener('securitypolicyviolation', (e) => { window.__reportViolation(e.violatedDirective + ' ' + e.blockedURI); });`,
    );
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(`${email}: ${msg.text()}`);
    });
    const response = await page.goto(base);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await submitSignIn(page, email);
    return page;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    app = await TestApp.start();
    s = await buildScenario(app);
    // English labels for every user, so the test reads plainly.
    await app.dataSource.getRepository(UserEntity).createQueryBuilder().update().set({ locale: 'en' }).execute();
    ticketId = (await createTicket(app, s, { categoryCode: 'land' })).id;
    ({ base, browser } = await serveAndLaunch(app));
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
  });

  it('the admin reads the users list; the governor and the press secretary their screens', async () => {
    const admin = await signIn('admin@test.kz');
    await admin.getByRole('tab', { name: 'Users' }).click();
    await admin.getByText('head.roads@test.kz').first().waitFor();
    const governor = await signIn('governor@test.kz');
    await governor.getByTestId('scorecard-districts').waitFor();
    await governor.goto(`${base}/#/inbox`);
    await governor.getByTestId('inbox-row').first().waitFor();
    const press = await signIn('press.merki@test.kz');
    await press.goto(`${base}/#/inbox`);
    await press.getByTestId('inbox-row').first().waitFor();
    expect(violations).toEqual([]);
  }, 60_000);

  it("a department head assigns from their department's members (the users list they may read)", async () => {
    const head = await signIn('head.land@test.kz');
    await head.goto(`${base}/#/tickets/${ticketId}`);
    const picker = head.getByLabel('Assignee');
    await picker.waitFor();
    const options = await picker.locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['staff1.land', 'staff2.land']));
    expect(options).not.toContain('staff.roads');
    await picker.selectOption({ label: 'staff1.land' });
    await head.getByRole('button', { name: 'Assign', exact: true }).click();
    await eventually(async () => (await app.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticketId })).assigneeId === s.users.staffLand1.id);
    expect(violations).toEqual([]);
  }, 60_000);

  it('staff see their inbox with their own name as assignee, and signing out ends the token on the server', async () => {
    const staff = await signIn('staff1.land@test.kz');
    await staff.goto(`${base}/#/inbox`);
    await staff.locator('main td', { hasText: 'staff1.land' }).first().waitFor();
    const token = (await staff.evaluate<string | null>(`localStorage.getItem('tynda.token')`))!;
    expect((await app.http().get('/api/v1/auth/me').set(bearer(token))).status).toBe(200);
    await staff.getByRole('button', { name: 'Sign out' }).click();
    await staff.locator('input[name=email]').waitFor();
    await eventually(async () => (await app.http().get('/api/v1/auth/me').set(bearer(token))).status === 401);
    expect(violations).toEqual([]);
  }, 60_000);

  it('a press secretary reads who handled the ticket by name, without the users list', async () => {
    const press = await signIn('press.merki@test.kz');
    await press.goto(`${base}/#/tickets/${ticketId}`);
    await press.getByTestId('assignee').filter({ hasText: 'staff1.land' }).waitFor();
    await press.locator('main .muted', { hasText: 'head.land' }).first().waitFor();
    expect(violations).toEqual([]);
  }, 60_000);

  it('the API documentation (Swagger UI, outside production) works under its policy too', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(`docs: ${msg.text()}`);
    });
    await page.goto(`${base}/docs`);
    await page.locator('.swagger-ui .info .title', { hasText: 'Tynda API' }).waitFor(WAIT);
    await page.locator('.opblock').first().waitFor(WAIT);
    expect(violations).toEqual([]);
  }, 60_000);

  it('an admin opens the queue dashboard (Bull Board) from Failures, under its own policy', async () => {
    const admin = await signIn('admin@test.kz');
    await admin.getByRole('tab', { name: 'Failures' }).click();
    await admin.getByTestId('open-queue-dashboard').click();
    await admin.waitForURL(`${base}/admin/queues/**`, WAIT);
    // Its UI rendered (a script-driven list of the queues), and no directive was broken on the way.
    await admin.getByText('assignment', { exact: false }).first().waitFor(WAIT);
    await admin.getByText('maintenance', { exact: false }).first().waitFor(WAIT);
    expect(violations).toEqual([]);
  }, 60_000);

  it('the policy bites: an inline script injected into the page is refused, does not run, and is reported', async () => {
    const page = await signIn('governor@test.kz');
    await page.evaluate(`(() => { const el = document.createElement('script'); el.textContent = 'window.__ran = 1'; document.body.appendChild(el); })()`);
    await eventually(async () => violations.length > 0);
    expect(violations.join('\n')).toMatch(/script-src/);
    expect(await page.evaluate('window.__ran')).toBeUndefined();
  }, 60_000);
});
