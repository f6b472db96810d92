import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TicketEntity } from '../libs/database/src/index.js';
import { formatMonth, lastFullMonth } from '../apps/web/src/format.js';
import { ensureWebBuilt, serveAndLaunch, submitSignIn } from './support/browser.js';
import { buildScenario, type Scenario } from './support/scenario.js';
import { TestApp } from './support/test-app.js';

// The governor's office in Chromium: the ranking on the home screen, the akim's tickets one click
// away, the monthly analysis on the last full month, its print layout on A4, and the CSV for people.
const ARTIFACTS = join(process.cwd(), 'test', 'artifacts');
const WAIT = { timeout: 15_000 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A4 at 96 px per inch, less the @page margins of styles.css (12 mm portrait, 10 mm landscape). */
const A4_PORTRAIT_CONTENT = Math.floor(794 - (2 * 12 * 96) / 25.4);
const A4_LANDSCAPE_CONTENT = Math.floor(1123 - (2 * 10 * 96) / 25.4);

describe("web console: the governor's office", () => {
  let app: TestApp;
  let s: Scenario;
  let browser: Browser;
  let base: string;

  async function signIn(email: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'kk-KZ', timezoneId: 'Asia/Almaty', acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(base);
    await submitSignIn(page, email);
    return page;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await TestApp.start();
    s = await buildScenario(app);
    const now = Date.now();
    const tickets = app.dataSource.getRepository(TicketEntity);
    let n = 0;
    /** A ticket received `ago` before now, due 4 h later, answered `answeredAfter` after receipt (never if undefined). */
    const ticket = (district: 'merki' | 'zhualy', ago: number, answeredAfter?: number) => {
      const receivedAt = new Date(now - ago);
      const due = new Date(receivedAt.getTime() + 4 * HOUR);
      const answered = answeredAfter === undefined ? null : new Date(receivedAt.getTime() + answeredAfter);
      n += 1;
      return tickets.save({
        reference: `ZHM-2026-${String(n).padStart(6, '0')}`,
        channel: 'manual',
        districtId: s.districts[district].id,
        departmentId: s.departments.land.id,
        categoryCode: 'land',
        status: answered ? 'in_progress' : 'triaged',
        authorName: 'Тұрғын',
        text: `${district} өтініші ${n}`,
        receivedAt,
        createdAt: receivedAt,
        firstResponseDueAt: due,
        firstResponseAt: answered,
        firstResponseBusinessSeconds: answered ? Math.round((answered.getTime() - receivedAt.getTime()) / 1000) : null,
        firstResponseBreachedAt: answered && answered <= due ? null : due,
        slaState: answered && answered <= due ? 'ok' : 'breached',
      });
    };
    // The last 30 days: Merki answered one of two in time (the other is still waiting, overdue); Zhualy both.
    await ticket('merki', 3 * DAY, HOUR);
    await ticket('merki', 2 * DAY);
    await ticket('zhualy', 3 * DAY, HOUR);
    await ticket('zhualy', 2 * DAY, 2 * HOUR);
    // The 30 days before: Merki answered both in time, Zhualy one of two.
    await ticket('merki', 40 * DAY, HOUR);
    await ticket('merki', 41 * DAY, HOUR);
    await ticket('zhualy', 40 * DAY, HOUR);
    await ticket('zhualy', 41 * DAY, 10 * HOUR);
    ({ base, browser } = await serveAndLaunch(app));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('opens on four headline figures and the akimats worst first with their trend; one click leads to the akim’s tickets', async () => {
    const page = await signIn('governor@test.kz');
    const ranking = page.getByTestId('scorecard-districts');
    await ranking.waitFor();
    // The first thing on the page: the headline, then the ranking; no nine-column table, no "p90" or "median"
    // (eight columns since the residents' confirmations stand beside the resolution rate).
    expect(await page.locator('main h2').first().textContent()).toBe('Тұрғындарға қалай жауап беріледі');
    const inTime = await page.getByTestId('headline-in-time').textContent();
    expect(inTime?.replace(/\s/g, '')).toBe('75%'); // 3 of the 4 answers due
    const headers = await ranking.locator('thead th').allTextContents();
    expect(headers.length).toBeLessThanOrEqual(8);
    expect(headers.join(' ')).not.toMatch(/p90|median|медиана/i);
    const rows = ranking.getByTestId('ranking-row');
    expect(await rows.count()).toBe(2);
    // Worst first: Merki (1 of 2, down 50 points from 2 of 2), then Zhualy (2 of 2, up 50 from 1 of 2).
    const first = (await rows.nth(0).textContent()) ?? '';
    const second = (await rows.nth(1).textContent()) ?? '';
    expect(first).toContain('Меркі ауданы');
    expect(first).toMatch(/50\s*%/);
    expect(first).toContain('2 ішінен 1');
    expect(first).toContain('▼ −50');
    expect(second).toContain('Жуалы ауданы');
    expect(second).toContain('▲ +50');
    await page.screenshot({ path: join(ARTIFACTS, 'governor-home-1440.png'), fullPage: true });

    await rows.nth(0).getByRole('link', { name: 'Меркі ауданы' }).click();
    expect(page.url()).toContain(`#/dashboard/district/${s.districts.merki.id}?from=`);
    const tickets = page.getByTestId('unit-ticket');
    await tickets.first().waitFor();
    expect(await tickets.count()).toBe(2);
    // The resident still waiting past the deadline first.
    expect(await tickets.first().getAttribute('class')).toBe('overdue');
    expect(await page.locator('main').textContent()).not.toContain('Жуалы ауданы');
    await page.context().close();
  }, 60_000);

  it('on a phone keeps the header short and folds the user, language and sign-out into a menu', async () => {
    const page = await signIn('governor@test.kz', { width: 375, height: 812 });
    await page.getByTestId('scorecard-districts').waitFor();
    expect((await page.locator('header.top').boundingBox())!.height).toBeLessThanOrEqual(100);
    const menu = page.getByRole('button', { name: 'Мәзір' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('lang').isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('lang').waitFor();
    await page.getByRole('button', { name: 'Шығу' }).waitFor();
    // Going to another screen folds it again.
    await page.getByRole('link', { name: 'Кіріс' }).click();
    await page.getByTestId('lang').waitFor({ state: 'hidden' });
    await page.screenshot({ path: join(ARTIFACTS, 'governor-inbox-menu-375.png') });
    await page.context().close();
  }, 60_000);

  it('ranks the departments in the other tab', async () => {
    const page = await signIn('governor@test.kz');
    await page.getByTestId('scorecard-districts').waitFor();
    await page.getByRole('tab', { name: 'Басқармалар' }).click();
    await page.getByTestId('scorecard-departments').getByTestId('ranking-row').first().waitFor();
    expect(await page.getByTestId('scorecard-departments').textContent()).toContain('Жер қатынастары басқармасы');
    await page.context().close();
  }, 60_000);

  it('opens the monthly analysis on the last full month in Almaty, with its scope and the time it was made', async () => {
    const page = await signIn('governor@test.kz');
    await page.goto(`${base}/#/reports/monthly`);
    await page.getByTestId('monthly-districts').waitFor();
    const month = lastFullMonth(Date.now());
    expect(await page.getByTestId('month').inputValue()).toBe(month);
    expect(await page.locator('main h2').first().textContent()).toContain(formatMonth(month, 'kk'));
    const meta = (await page.getByTestId('print-meta').textContent()) ?? '';
    expect(meta).toContain('Қамту: барлық аудандар мен басқармалар');
    expect(meta).toMatch(/Жасалған уақыты: [\d.-]{10} \d{2}:\d{2}/);
    // Every akimat the office answers for is ranked, with % answered in time and % resolved.
    const headers = (await page.getByTestId('monthly-districts').locator('thead th').allTextContents()).join(' | ');
    expect(headers).toContain('Мерзімінде жауап берілді');
    expect(headers).toContain('Шешілді');
    expect(await page.getByTestId('monthly-districts').getByTestId('ranking-row').count()).toBe(2);
    await page.context().close();
  }, 60_000);

  it('prints on A4: the rankings fit a portrait page, the full scorecard a landscape one', async () => {
    const page = await signIn('governor@test.kz', { width: A4_PORTRAIT_CONTENT, height: 1000 });
    await page.goto(`${base}/#/reports/monthly`);
    await page.getByTestId('monthly-districts').waitFor();
    await page.locator('table.figures').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    // Nothing of the screen's chrome is printed; the period, the scope and the time made are.
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.locator('.no-print').first().isVisible()).toBe(false);
    expect(await page.getByTestId('print-meta').isVisible()).toBe(true);
    const widths = (selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => (e as unknown as { scrollWidth: number }).scrollWidth));
    const portrait = await widths('.monthly > .card:first-child table');
    expect(portrait.length).toBe(2);
    for (const w of portrait) expect(w).toBeLessThanOrEqual(A4_PORTRAIT_CONTENT);
    await page.screenshot({ path: join(ARTIFACTS, 'monthly-print-portrait.png'), fullPage: true });

    await page.setViewportSize({ width: A4_LANDSCAPE_CONTENT, height: 800 });
    const landscape = await widths('.print-wide table');
    expect(landscape.length).toBe(2);
    for (const w of landscape) expect(w).toBeLessThanOrEqual(A4_LANDSCAPE_CONTENT);
    // The printed file itself, landscape pages and all, for a person to look at.
    const pdf = await page.pdf({ path: join(ARTIFACTS, 'monthly-report.pdf'), preferCSSPageSize: true, printBackground: true });
    const pages = [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) =>
      Number(m[1]) > Number(m[2]) ? 'landscape' : 'portrait',
    );
    expect(pages[0]).toBe('portrait');
    expect(pages).toContain('landscape');
    await page.context().close();
  }, 60_000);

  it('downloads the CSV as programs read it, or for Excel with Kazakh headers and hours', async () => {
    const page = await signIn('governor@test.kz');
    await page.goto(`${base}/#/reports/monthly`);
    await page.getByTestId('monthly-districts').waitFor();
    const [machine] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV жүктеу' }).click()]);
    const machineText = readFileSync(await machine.path()).toString('utf8');
    expect(machineText).toContain('groupId,groupCode,groupNameKk,groupNameRu,received,receivedChange');
    expect(machineText).toContain('firstResponseMedianSeconds');

    const [human] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-human').click()]);
    expect(human.suggestedFilename()).toBe(`tynda-monthly-${lastFullMonth(Date.now())}-kk.csv`);
    const bytes = readFileSync(await human.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('ID,Коды,Атауы (қазақша),Атауы (орысша),Түскені,"Түскені, өзгерісі"');
    expect(text).toContain('Алғашқы жауап, медиана, жұмыс уақыты (сағ)');
    expect(text).not.toContain('firstResponseMedianSeconds');
    await page.context().close();
  }, 60_000);
});
