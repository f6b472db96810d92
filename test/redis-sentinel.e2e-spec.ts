import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createRedis } from '@app/queues';
import { freePort, RedisServer } from './support/redis-server.js';
import { eventually } from './support/test-app.js';

/**
 * REDIS_URL=redis-sentinel://…: a real redis-server and a real Sentinel monitoring it (docs/OPERATIONS.md,
 * Scaling). The connections Tynda makes find the master through the sentinel, and BullMQ runs a job on them.
 */
describe('Redis through Sentinel', () => {
  let master: RedisServer;
  let sentinel: ChildProcess;
  let sentinelPort: number;
  let dir: string;

  beforeAll(async () => {
    master = await RedisServer.start();
    sentinelPort = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'tynda-sentinel-'));
    // Sentinel rewrites its configuration file, so it gets one of its own.
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(conf, `port ${sentinelPort}\nbind 127.0.0.1\nsentinel monitor tynda-master 127.0.0.1 ${master.port} 1\n`);
    sentinel = spawn(process.env.REDIS_SERVER_PATH ?? 'redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    await eventually(
      async () => {
        const probe = new Redis(sentinelPort, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        try {
          await probe.connect();
          const addr = (await probe.call('SENTINEL', 'get-master-addr-by-name', 'tynda-master')) as string[] | null;
          return addr?.[1] === String(master.port);
        } catch {
          return false;
        } finally {
          probe.disconnect();
        }
      },
      10_000,
      100,
    );
  });

  afterAll(async () => {
    sentinel?.kill('SIGKILL');
    await master?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects producers and workers to the master the sentinel names, and runs a job there', async () => {
    const url = `redis-sentinel://127.0.0.1:${sentinelPort}/tynda-master`;
    const producer = createRedis(url, 'producer');
    const workerConnection = createRedis(url, 'worker');
    const direct = new Redis(master.url);
    const queue = new Queue('sentinel-check', { connection: producer, prefix: '{tynda-sentinel}' });
    const eventsConnection = createRedis(url, 'worker');
    const events = new QueueEvents('sentinel-check', { connection: eventsConnection, prefix: '{tynda-sentinel}' });
    const worker = new Worker('sentinel-check', async (job) => (job.data as { n: number }).n * 2, { connection: workerConnection, prefix: '{tynda-sentinel}' });
    try {
      await producer.set('tynda:sentinel-check', 'written through the sentinel');
      expect(await direct.get('tynda:sentinel-check')).toBe('written through the sentinel');
      await events.waitUntilReady();
      const job = await queue.add('double', { n: 21 }, { jobId: 'sentinel-check-1' });
      expect(await job.waitUntilFinished(events, 10_000)).toBe(42);
      expect(await direct.exists('{tynda-sentinel}:sentinel-check:sentinel-check-1')).toBe(1);
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
      // Connections handed to BullMQ stay open after close(): they are the caller's.
      for (const c of [producer, workerConnection, eventsConnection, direct]) c.disconnect();
    }
  });
});
