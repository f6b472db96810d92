import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PASSWORD } from './scenario.js';
import type { TestApp } from './test-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = process.cwd();

/** dist/web is what the API serves: build it when missing or older than the console's sources. */
export function ensureWebBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  let built = 0;
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
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
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
