import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PASSWORD } from './scenario.js';
import type { TestApp } from './test-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = process.cwd();
const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  /** Up to five offending elements, each with the first line of axe's explanation. */
  targets: string[];
}

/** dist/web is what the API serves: build it when missing or older than the console's sources. */
export function ensureWebBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  let built: number;
  try {
    built = statSync(join(ROOT, 'dist', 'web', 'index.html')).mtimeMs;
  } catch {
    built = 0;
  }
  if (built < newest(join(ROOT, 'apps', 'web'))) execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
}

/** The app's HTTP server on a free loopback port, and Debian's Chromium (CHROMIUM_PATH) to drive it. */
export async function serveAndLaunch(app: TestApp): Promise<{ base: string; browser: Browser }> {
  await app.api.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.api.getHttpServer().address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return { base, browser };
}

/** Signs in on the console's sign-in page the browser is on, and waits for the main navigation. */
export async function submitSignIn(page: Page, email: string): Promise<void> {
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.locator('nav[aria-label=main]').waitFor();
}

/**
 * axe-core on the page as it is now: how many rules passed (a blank or broken page passes almost
 * none) and every violation. axe is injected as a script of the test's own, so the browser context
 * needs `bypassCSP: true` (the console's CSP, checked in web-csp, would refuse it).
 */
export async function runAxe(page: Page): Promise<{ passes: number; violations: AxeFinding[] }> {
  await page.addScriptTag({ path: AXE });
  return (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => ({ passes: r.passes.length, violations: r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')),
  })) }))`)) as { passes: number; violations: AxeFinding[] };
}
