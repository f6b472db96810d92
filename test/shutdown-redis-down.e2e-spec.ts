import { RedisServer } from './support/redis-server.js';
import { TestApp } from './support/test-app.js';

/**
 * SIGTERM on a bad day: with Redis gone, a graceful BullMQ close would wait for it forever (and a
 * test run would never end). The API and the worker stop at once instead, leaving no loop running.
 */
describe('shutdown while Redis is down', () => {
  it('closes the API and the worker without waiting for the gone Redis', async () => {
    const redis = await RedisServer.start();
    const app = await TestApp.start({ worker: true, env: { REDIS_URL: redis.url } });
    await redis.kill();
    const started = Date.now();
    await app.close();
    // Well under the 8 s grace a reachable Redis gets: nothing waited for the dead one.
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 60_000);
});
