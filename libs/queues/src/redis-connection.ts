import { Redis, type RedisOptions } from 'ioredis';

/** Where a Redis served by Sentinel is: the sentinels to ask and the name of the monitored master. */
export interface SentinelTarget {
  sentinels: { host: string; port: number }[];
  name: string;
  username?: string;
  password?: string;
  db?: number;
  sentinelPassword?: string;
}

const SENTINEL_URL = /^redis-sentinel:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/@?]+)\/([^/?]+)(?:\/(\d+))?(?:\?sentinelPassword=([^&]*))?$/;

/**
 * Reads `redis-sentinel://[[user]:password@]host:port[,host:port…]/<master name>[/<db>][?sentinelPassword=…]`
 * (the password is the master's; sentinels listed comma-separated, port 26379 when omitted), or
 * answers null for any other URL. ioredis asks the sentinels for the current master and follows a
 * failover by itself, which a plain redis:// URL cannot express.
 */
export function parseSentinelUrl(url: string): SentinelTarget | null {
  const m = SENTINEL_URL.exec(url);
  if (!m) return null;
  const [, username, password, hosts, name, db, sentinelPassword] = m;
  const sentinels = hosts!.split(',').map((entry) => {
    const [host, port] = entry.trim().split(':');
    return { host: host!, port: port ? Number(port) : 26379 };
  });
  if (sentinels.some((s) => !s.host || !Number.isInteger(s.port) || s.port < 1 || s.port > 65535)) return null;
  const decode = (v: string | undefined) => (v ? decodeURIComponent(v) : undefined);
  return {
    sentinels,
    name: decodeURIComponent(name!),
    username: decode(username),
    password: decode(password),
    db: db ? Number(db) : undefined,
    sentinelPassword: decode(sentinelPassword),
  };
}

/** A client for REDIS_URL, a plain `redis://`/`rediss://` URL or a `redis-sentinel://` one, with these options. */
export function redisClient(url: string, options: RedisOptions): Redis {
  const sentinel = parseSentinelUrl(url);
  return sentinel ? new Redis({ ...options, ...sentinel }) : new Redis(url, options);
}

/**
 * BullMQ needs `maxRetriesPerRequest: null` on worker connections (blocking commands must wait
 * out a Redis restart instead of failing). Producers in the API fail fast instead: a request must
 * not hang on a Redis outage, and what it stored in PostgreSQL is picked up by a sweep.
 */
export function createRedis(url: string, purpose: 'worker' | 'producer'): Redis {
  const options: RedisOptions = purpose === 'worker' ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 5000 };
  return redisClient(url, { ...options, lazyConnect: false });
}
