import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { eventually } from './test-app.js';

const ROOT = process.cwd();
const SOURCES = ['apps/api/src', 'apps/worker/src', 'libs'];

function newest(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((e) =>
      e.isDirectory() ? newest(join(dir, e.name)) : e.name.endsWith('.ts') ? statSync(join(dir, e.name)).mtimeMs : 0,
    ),
  );
}

/**
 * dist/apps is what a process runs: compiled when missing or older than the server's sources (npm
 * test builds first, so there it is fresh). Compiled in place without emptying dist/ first: a
 * browser test may be serving dist/web meanwhile.
 */
export function ensureServerBuilt(): void {
  const main = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
  const built = existsSync(main) ? statSync(main).mtimeMs : 0;
  if (built >= Math.max(...SOURCES.map((d) => newest(join(ROOT, d))))) return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync('npx', ['tsc-alias', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

/** A port nothing listens on now (the OS's pick). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A real API or worker process from dist/, its output kept for a failing test to show. */
export class AppProcess {
  /** Its stdout (the log lines), and its stderr apart. */
  readonly output: string[] = [];
  readonly errors: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    entry: 'api' | 'worker',
    env: Record<string, string>,
    /** The port its /health/ready answers on (the API's PORT, the worker's WORKER_HTTP_PORT). */
    readonly port: number,
  ) {
    this.child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', entry, 'src', 'main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString('utf8')));
    this.child.stderr!.on('data', (chunk: Buffer) => this.errors.push(chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  /** The complete lines it printed so far. */
  lines(): string[] {
    return this.output.join('').split('\n').slice(0, -1);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async ready(timeoutMs = 30_000): Promise<void> {
    try {
      await eventually(async () => (await fetch(`${this.url}/health/ready`).catch(() => null))?.status === 200, timeoutMs, 200);
    } catch (e) {
      throw new Error(`${this.name} did not become ready: ${(e as Error).message}\n${[...this.output, ...this.errors].join('').slice(-3000)}`, { cause: e });
    }
  }

  /** SIGTERM, as an orchestrator stops it; its shutdown hooks close the queues and the pool. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
