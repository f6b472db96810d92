import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { redisClient } from '@app/queues';

const WINDOW_MS = 60_000;

export type Refusal = { reason: 'address' | 'account' | 'locked'; retryAfterSeconds: number };

/** Counts kept by one store: Redis for every API process together, or this process's memory while Redis is away. */
interface ThrottleStore {
  /** Counts one attempt (address and account) and says whether it may go on to the password check. */
  attempt(address: string, account: string): Promise<Refusal | null>;
  /** A wrong password: counts towards the lock-out; answers whether the account is now locked. */
  failed(account: string): Promise<boolean>;
  succeeded(account: string): Promise<void>;
  unlock(account: string): Promise<void>;
}

interface Limits {
  addressLimit: number;
  accountLimit: number;
  lockoutFailures: number;
  lockoutMs: number;
}

// KEYS: address counter, account counter, lock. ARGV: window ms, address limit, account limit.
const ATTEMPT = `
local locked = redis.call('PTTL', KEYS[3])
if locked > 0 then return {'locked', locked} end
local a = redis.call('INCR', KEYS[1])
if a == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if a > tonumber(ARGV[2]) then return {'address', redis.call('PTTL', KEYS[1])} end
local e = redis.call('INCR', KEYS[2])
if e == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
if e > tonumber(ARGV[3]) then return {'account', redis.call('PTTL', KEYS[2])} end
return {'ok', 0}`;

// KEYS: failures in a row, lock. ARGV: failures that lock, lock-out ms.
const FAILED = `
local f = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if f >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;

class RedisStore implements ThrottleStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: Limits,
  ) {}

  async attempt(address: string, account: string): Promise<Refusal | null> {
    const keys = [this.key('address', address), this.key('account', account), this.key('lock', account)];
    const [reason, ttl] = (await this.redis.eval(ATTEMPT, 3, ...keys, WINDOW_MS, this.limits.addressLimit, this.limits.accountLimit)) as [string, number];
    return reason === 'ok' ? null : { reason: reason as Refusal['reason'], retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
  }

  async failed(account: string): Promise<boolean> {
    const locked = await this.redis.eval(
      FAILED,
      2,
      this.key('failures', account),
      this.key('lock', account),
      this.limits.lockoutFailures,
      this.limits.lockoutMs,
    );
    return locked === 1;
  }

  async succeeded(account: string): Promise<void> {
    await this.redis.del(this.key('failures', account));
  }

  async unlock(account: string): Promise<void> {
    await this.redis.del(this.key('failures', account), this.key('lock', account), this.key('account', account));
  }

  private key(kind: string, id: string): string {
    return `${this.prefix}:login:${kind}:${id}`;
  }
}

/** The same rules in this process's memory: each process then counts alone, which still bounds guessing per process. */
class MemoryStore implements ThrottleStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly locks = new Map<string, number>();

  constructor(private readonly limits: Limits) {}

  async attempt(address: string, account: string): Promise<Refusal | null> {
    const now = Date.now();
    if (this.windows.size > 50_000) this.forgetExpired(now);
    const lockedUntil = this.locks.get(account) ?? 0;
    if (lockedUntil > now) return { reason: 'locked', retryAfterSeconds: Math.ceil((lockedUntil - now) / 1000) };
    const a = this.count(`address:${address}`, now, WINDOW_MS);
    if (a.count > this.limits.addressLimit) return { reason: 'address', retryAfterSeconds: Math.max(1, Math.ceil((a.resetAt - now) / 1000)) };
    const e = this.count(`account:${account}`, now, WINDOW_MS);
    if (e.count > this.limits.accountLimit) return { reason: 'account', retryAfterSeconds: Math.max(1, Math.ceil((e.resetAt - now) / 1000)) };
    return null;
  }

  async failed(account: string): Promise<boolean> {
    const now = Date.now();
    const f = this.count(`failures:${account}`, now, this.limits.lockoutMs);
    f.resetAt = now + this.limits.lockoutMs;
    if (f.count < this.limits.lockoutFailures) return false;
    this.locks.set(account, now + this.limits.lockoutMs);
    this.windows.delete(`failures:${account}`);
    return true;
  }

  async succeeded(account: string): Promise<void> {
    this.windows.delete(`failures:${account}`);
  }

  async unlock(account: string): Promise<void> {
    this.locks.delete(account);
    this.windows.delete(`failures:${account}`);
    this.windows.delete(`account:${account}`);
  }

  private count(key: string, now: number, windowMs: number): { count: number; resetAt: number } {
    let entry = this.windows.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, entry);
    }
    entry.count += 1;
    return entry;
  }

  private forgetExpired(now: number): void {
    for (const [key, e] of this.windows) if (e.resetAt <= now) this.windows.delete(key);
    for (const [key, until] of this.locks) if (until <= now) this.locks.delete(key);
  }
}

/**
 * Sign-in throttling shared by every API process through Redis: attempts per client address (a
 * spray of e-mails from one place), per account from all addresses together, and a lock-out after
 * LOGIN_LOCKOUT_FAILURES wrong passwords in a row that an admin can lift. Asked before the
 * password is hashed, so a refused attempt costs no scrypt. While Redis does not answer, each
 * process applies the same rules in its own memory rather than let sign-ins through unthrottled
 * (or refuse them all).
 */
@Injectable()
export class LoginThrottle implements OnApplicationShutdown {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly redis: Redis;
  private readonly shared: RedisStore;
  private readonly local: MemoryStore;

  constructor(config: AppConfig) {
    const limits: Limits = {
      addressLimit: config.LOGIN_ADDRESS_RATE_LIMIT,
      accountLimit: config.LOGIN_RATE_LIMIT,
      lockoutFailures: config.LOGIN_LOCKOUT_FAILURES,
      lockoutMs: config.LOGIN_LOCKOUT_SECONDS * 1000,
    };
    // No offline queue and a short timeout: a sign-in must not wait on a Redis that is down.
    this.redis = redisClient(config.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 500, enableOfflineQueue: false });
    this.redis.on('error', () => undefined);
    this.shared = new RedisStore(this.redis, config.QUEUE_PREFIX, limits);
    this.local = new MemoryStore(limits);
  }

  check(address: string, email: string): Promise<Refusal | null> {
    return this.either((s) => s.attempt(address, email.toLowerCase()), 'attempt');
  }

  failed(email: string): Promise<boolean> {
    return this.either((s) => s.failed(email.toLowerCase()), 'failure');
  }

  succeeded(email: string): Promise<void> {
    return this.either((s) => s.succeeded(email.toLowerCase()), 'success');
  }

  /** Lifts a lock-out (and the account's failure count) in Redis and in this process. */
  async unlock(email: string): Promise<void> {
    await this.local.unlock(email.toLowerCase());
    await this.either((s) => s.unlock(email.toLowerCase()), 'unlock');
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }

  private async either<T>(work: (store: ThrottleStore) => Promise<T>, what: string): Promise<T> {
    if (this.redis.status === 'ready') {
      try {
        return await work(this.shared);
      } catch (e) {
        this.logger.warn(`sign-in throttle: Redis did not answer (${what}: ${(e as Error).message}); counting in this process`);
      }
    }
    return work(this.local);
  }
}
