import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { createWorkerApp } from '../../apps/worker/src/create-worker-app.js';
import type { QueueName } from '../../libs/queues/src/index.js';
import { createTestDatabase, dropTestDatabase, testDatabaseUrl } from './databases.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestAppOptions {
  /** Start the BullMQ worker too (in this process, against the same database and queue prefix). */
  worker?: boolean;
  env?: Record<string, string>;
  /** host:port the apps reach the test database through (a proxy in front of PostgreSQL); it is still created and dropped directly. */
  databaseAddress?: string;
}

/**
 * The real API (and optionally the real worker) on a database and a Redis key prefix of their
 * own, so test files run side by side without seeing each other's data or jobs.
 */
export class TestApp {
  private workers: INestApplicationContext[] = [];

  private constructor(
    readonly api: INestApplication,
    readonly dataSource: DataSource,
    readonly env: Record<string, string>,
    private readonly database: string,
  ) {}

  static async start(options: TestAppOptions = {}): Promise<TestApp> {
    const database = await createTestDatabase();
    const url = new URL(testDatabaseUrl(database));
    if (options.databaseAddress) url.host = options.databaseAddress;
    const env = {
      DATABASE_URL: url.toString(),
      REDIS_URL,
      QUEUE_PREFIX: `tynda-test-${database}`,
      NODE_ENV: 'test',
      // Several workers run in one test process: none listens unless a test gives it a port.
      WORKER_HTTP_PORT: '0',
      ...options.env,
    };
    const api = await createApiApp(env, false);
    const app = new TestApp(api, api.get(DataSource), env, database);
    if (options.worker) await app.startWorker();
    return app;
  }

  /** Another worker process's worth of processors (used to prove effects happen once); `env` overrides the app's. */
  async startWorker(env: Record<string, string> = {}): Promise<INestApplicationContext> {
    const worker = await createWorkerApp({ ...this.env, ...env }, false);
    this.workers.push(worker);
    return worker;
  }

  async stopWorkers(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers = [];
  }

  http() {
    return request(this.api.getHttpServer());
  }

  async login(email: string, password: string): Promise<string> {
    const res = await this.http().post('/api/v1/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  }

  queue(name: QueueName): Queue {
    return new Queue(name, { connection: { url: this.env.REDIS_URL }, prefix: this.env.QUEUE_PREFIX });
  }

  /** Waits until no job of the queue is waiting or running (instead of sleeping a guessed time). */
  async drain(name: QueueName, timeoutMs = 10_000): Promise<void> {
    const queue = this.queue(name);
    try {
      await eventually(async () => {
        const c = await queue.getJobCounts('waiting', 'active', 'prioritized');
        return (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) === 0;
      }, timeoutMs);
    } finally {
      await queue.close();
    }
  }

  async close(): Promise<void> {
    await this.stopWorkers();
    await this.api.close();
    await removeKeys(this.env.REDIS_URL!, `${this.env.QUEUE_PREFIX}:*`);
    await dropTestDatabase(this.database);
  }
}

async function removeKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
  } catch {
    // A Redis the test pointed at nothing, or stopped itself: there is nothing of this test's there.
    redis.disconnect();
    return;
  }
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls until the check holds; fails with the last state after the timeout. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
