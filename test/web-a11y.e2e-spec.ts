import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { NotificationEntity, TicketEntity, UserEntity } from '../libs/database/src/index.js';
import { ensureWebBuilt, runAxe, serveAndLaunch, submitSignIn } from './support/browser.js';
import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp } from './support/test-app.js';

// axe-core on every main screen, for every role that sees it, in Kazakh, Russian and English:
// no serious or critical violation, and a level-one heading on every page. Each screen is also
// photographed at 1440 and 375 px (test/artifacts/) and the phone header measured.
const ROOT = process.cwd();
const ARTIFACTS = join(ROOT, 'test', 'artifacts');
const WAIT = { timeout: 15_000 };
const LANGS = ['kk', 'ru', 'en'] as const;
const DESK = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 812 };
const HOUR = 3_600_000;

type Who = 'pressMerki' | 'headLand' | 'staffLand1' | 'governor' | 'admin';
interface Screen {
  name: string;
  hash: () => string;
  /** What shows once the screen has its data. */
  ready: string;
  /** `attached` for a list that may be empty (nothing failed). */
  state?: 'attached';
  /** A tab to open after the page loads (administration). */
  tab?: (page: Page) => Promise<void>;
}

describe('web console accessibility (axe-core) and screenshots', () => {
  let app: TestApp;
  let s: Scenario;
  let browser: Browser;
  let base: string;
  let ticketId: string;
  const found: string[] = [];

  const SCREENS: Record<string, Screen> = {
    triage: { name: 'triage', hash: () => '#/triage', ready: '[data-testid=queue-item]' },
    // Two tickets ticked: the bulk panel (a bar at the bottom on a phone).
    triageBulk: { name: 'triage-bulk', hash: () => '#/triage', ready: '[data-testid=bulk-references]', tab: (p) => tickTwo(p) },
    inbox: { name: 'inbox', hash: () => '#/inbox', ready: '[data-testid=inbox-row]' },
    ticket: { name: 'ticket', hash: () => `#/tickets/${ticketId}`, ready: '[data-testid=timeline]' },
    notifications: { name: 'notifications', hash: () => '#/notifications', ready: '[data-testid=notification]' },
    dashboard: { name: 'dashboard', hash: () => '#/dashboard', ready: '[data-testid=scorecard-districts]' },
    akimTickets: { name: 'akim-tickets', hash: () => `#/dashboard/district/${s.districts.merki.id}`, ready: '[data-testid=unit-ticket]' },
    monthly: { name: 'monthly-report', hash: () => '#/reports/monthly', ready: '[data-testid=monthly-districts]' },
    admin: { name: 'administration', hash: () => '#/admin', ready: '[data-testid=admin-form]' },
    routing: { name: 'routing-preview', hash: () => '#/admin', ready: '[data-testid=routing-preview]', tab: (p) => p.locator('[role=tab]').nth(2).click() },
    failures: {
      name: 'failures',
      hash: () => '#/admin',
      ready: '[data-testid=failures]',
      state: 'attached',
      tab: (p) => p.locator('main > div > [role=tablist] > [role=tab]').last().click(),
    },
  };
  // The manual ticket form is part of the triage screen; the monthly report and an akim's tickets open from the dashboard.
  const ROLES: Record<Who, { email: string; screens: Screen[] }> = {
    pressMerki: { email: 'press.merki@test.kz', screens: [SCREENS.triage!, SCREENS.triageBulk!, SCREENS.inbox!, SCREENS.ticket!, SCREENS.notifications!] },
    headLand: { email: 'head.land@test.kz', screens: [SCREENS.inbox!, SCREENS.ticket!, SCREENS.notifications!] },
    staffLand1: { email: 'staff1.land@test.kz', screens: [SCREENS.inbox!, SCREENS.ticket!, SCREENS.notifications!] },
    governor: {
      email: 'governor@test.kz',
      screens: [SCREENS.dashboard!, SCREENS.akimTickets!, SCREENS.monthly!, SCREENS.inbox!, SCREENS.ticket!, SCREENS.notifications!],
    },
    admin: {
      email: 'admin@test.kz',
      screens: [
        SCREENS.admin!,
        SCREENS.routing!,
        SCREENS.failures!,
        SCREENS.triage!,
        SCREENS.inbox!,
        SCREENS.ticket!,
        SCREENS.dashboard!,
        SCREENS.akimTickets!,
        SCREENS.monthly!,
        SCREENS.notifications!,
      ],
    },
  };

  /** axe on the page as it is now: the serious and critical violations, and a missing h1 (moderate, but the issue names it). */
  async function audit(page: Page, label: string): Promise<void> {
    const { passes, violations } = await runAxe(page);
    // axe ran its rules on a rendered page (a blank or broken one passes almost nothing).
    expect([label, passes > 15]).toEqual([label, true]);
    for (const v of violations) {
      if (v.impact === 'serious' || v.impact === 'critical' || v.id === 'page-has-heading-one')
        found.push(`${label}: ${v.id} (${v.impact}) ${v.help}\n    ${v.targets.join('\n    ')}`);
    }
  }

  async function tickTwo(page: Page): Promise<void> {
    const checks = page.getByTestId('queue-check');
    await checks.nth(1).waitFor();
    await checks.nth(0).check();
    await checks.nth(1).check();
  }

  async function open(page: Page, screen: Screen): Promise<void> {
    await page.goto(`${base}/${screen.hash()}`);
    await page.locator('main h2, main h1:not(.sr-only)').first().waitFor();
    if (screen.tab) await screen.tab(page);
    await page
      .locator(screen.ready)
      .first()
      .waitFor({ state: screen.state ?? 'visible' });
    // Let the last figures of a screen that loads in parts settle before it is judged.
    await page.waitForTimeout(300);
  }

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await TestApp.start();
    s = await buildScenario(app);
    const tickets = app.dataSource.getRepository(TicketEntity);
    // A land ticket with its staff member, a public-looking note and an event trail; two more waiting in triage, one overdue.
    const land = await createTicket(app, s, { categoryCode: 'land' });
    ticketId = land.id;
    await tickets.update(ticketId, { departmentId: s.departments.land.id, assigneeId: s.users.staffLand1.id, status: 'assigned' });
    await app
      .http()
      .post(`/api/v1/tickets/${ticketId}/replies`)
      .set(bearer(s.tokens.staffLand1))
      .send({ body: 'Жер бөлімі тексеріп жатыр.', visibility: 'internal' })
      .expect(201);
    await createTicket(app, s, { text: 'Жол жөнделмеді, көшеде шұңқыр көп' });
    const overdue = await createTicket(app, s, { text: 'Су жоқ, үш күн болды' });
    const due = new Date(Date.now() - 2 * HOUR);
    await tickets.update(overdue.id, { firstResponseDueAt: due, firstResponseBreachedAt: due, slaState: 'breached', escalationLevel: 1 });
    const answered = await createTicket(app, s, { text: 'Рахмет, жарық қосылды', districtId: s.districts.merki.id });
    await tickets.update(answered.id, { firstResponseAt: new Date(), firstResponseBusinessSeconds: 1200 });
    await app.dataSource.getRepository(NotificationEntity).save(
      (['pressMerki', 'headLand', 'staffLand1', 'governor', 'admin'] as const).map((who) => ({
        userId: s.users[who].id,
        kind: 'ticket.assigned' as const,
        ticketId,
        step: `assigned:${who}`,
      })),
    );
    ({ base, browser } = await serveAndLaunch(app));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it.each(LANGS)(
    'the sign-in page in %s',
    async (lang) => {
      const context = await browser.newContext({ viewport: DESK, bypassCSP: true });
      await context.addInitScript(`localStorage.setItem('tynda.lang', '${lang}')`);
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT.timeout);
      await page.goto(base);
      await page.locator('input[name=email]').waitFor();
      await audit(page, `login ${lang}`);
      if (lang === 'kk') {
        await page.screenshot({ path: join(ARTIFACTS, 'login-1440.png'), fullPage: true });
        await page.setViewportSize(PHONE);
        await audit(page, `login ${lang} 375px`);
        await page.screenshot({ path: join(ARTIFACTS, 'login-375.png'), fullPage: true });
      }
      await context.close();
      expect(found).toEqual([]);
    },
    60_000,
  );

  const cases = LANGS.flatMap((lang) => (Object.keys(ROLES) as Who[]).map((who) => [lang, who] as const));
  it.each(cases)(
    'every screen in %s for %s',
    async (lang, who) => {
      await app.dataSource.getRepository(UserEntity).update({ id: s.users[who].id }, { locale: lang });
      // axe is injected as a script of the test's own; the console's CSP (checked in web-csp) would refuse it.
      const context = await browser.newContext({ viewport: DESK, bypassCSP: true, timezoneId: 'Asia/Almaty' });
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT.timeout);
      await page.goto(base);
      await submitSignIn(page, ROLES[who].email);
      for (const screen of ROLES[who].screens) {
        await page.setViewportSize(DESK);
        await open(page, screen);
        await audit(page, `${who} ${screen.name} ${lang}`);
        // Photographed in Kazakh; judged by axe on the phone too in every language (longer words, other wrapping).
        if (lang === 'kk') await page.screenshot({ path: join(ARTIFACTS, `${who}-${screen.name}-1440.png`), fullPage: true });
        await page.setViewportSize(PHONE);
        await page.waitForTimeout(200);
        await audit(page, `${who} ${screen.name} ${lang} 375px`);
        // The header leaves the screen to the work: at most ~100 px of 812.
        const header = await page.locator('header.top').boundingBox();
        expect([`${screen.name} ${lang}`, Math.round(header!.height) <= 100]).toEqual([`${screen.name} ${lang}`, true]);
        if (lang === 'kk') await page.screenshot({ path: join(ARTIFACTS, `${who}-${screen.name}-375.png`), fullPage: true });
      }
      await context.close();
      expect(found).toEqual([]);
    },
    120_000,
  );
});
