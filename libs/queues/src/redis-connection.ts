import { Redis, type RedisOptions } from 'ioredis';

/**
 * BullMQ needs `maxRetriesPerRequest: null` on worker connections (blocking commands must wait
 * out a Redis restart instead of failing). Producers in the API fail fast instead: a request must
 * not hang on a Redis outage, and what it stored in PostgreSQL is picked up by a sweep.
 */
export function createRedis(url: string, purpose: 'worker' | 'producer'): Redis {
  const options: RedisOptions =
    purpose === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 5000 };
  return new Redis(url, { ...options, lazyConnect: false });
}
