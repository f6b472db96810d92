import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { decodeSecretsKey, developmentSecretsKey, secretKeyring, type SecretKeyring } from '@app/domain';

const DEV_JWT_SECRET = 'tynda-dev-secret-change-me-in-production';

/** Letters, digits, ':', '_', '-'; at most one non-empty `{hash tag}` of the same characters (Redis Cluster). */
export const QUEUE_PREFIX_PATTERN = /^(?=.)[a-zA-Z0-9:_-]*(\{[a-zA-Z0-9:_-]+\})?[a-zA-Z0-9:_-]*$/;

/** Every setting Tynda reads, named as its environment variable, validated once at start. */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Matches(/^postgres(ql)?:\/\/.+\/[^/?]+/, { message: 'DATABASE_URL must look like postgres://user@host:5432/dbname' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tynda';

  /** One Redis (redis://, rediss:// for TLS), or a master found through Sentinel (redis-sentinel://, see libs/queues/src/redis-connection.ts). */
  @Matches(/^(rediss?|redis-sentinel):\/\/.+/, { message: 'REDIS_URL must look like redis://host:6379 (or redis-sentinel://host:26379,host:26379/mastername)' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /**
   * Key prefix of every BullMQ queue: lets test files and deployments share one Redis. On Redis
   * Cluster wrap it in a hash tag, `{tynda}`, so each queue's keys live in one slot (BullMQ's scripts
   * touch several keys at once).
   */
  @Matches(QUEUE_PREFIX_PATTERN, {
    message: 'QUEUE_PREFIX may hold letters, digits, ":", "_" and "-", optionally as or inside one {hash tag} for Redis Cluster, such as {tynda}',
  })
  QUEUE_PREFIX = 'tynda';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET = DEV_JWT_SECRET;

  @Matches(/^\d+[smhd]$/, { message: 'JWT_TTL must be a number followed by s, m, h or d, such as 12h' })
  JWT_TTL = '12h';

  /** Largest accepted request body; larger ones get 413. */
  @Matches(/^\d+(b|kb|mb)$/, { message: 'BODY_LIMIT must look like 256kb or 1mb' })
  BODY_LIMIT = '1mb';

  /** BODY_LIMIT in bytes, in body-parser's units, for what reads a body without body-parser (the webhooks). */
  get bodyLimitBytes(): number {
    const [, n, unit] = /^(\d+)(b|kb|mb)$/.exec(this.BODY_LIMIT)!;
    return Number(n) * { b: 1, kb: 1024, mb: 1024 * 1024 }[unit as 'b' | 'kb' | 'mb'];
  }

  /** Sign-in attempts allowed per minute for one account (e-mail), from all addresses together. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  /** Sign-in attempts allowed per minute from one client address, whatever the e-mails (spraying). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_ADDRESS_RATE_LIMIT = 30;

  /** Failed sign-ins in a row after which an account is locked (an admin unlocks it, or it expires). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_LOCKOUT_FAILURES = 10;

  /** How long a lock-out lasts. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_LOCKOUT_SECONDS = 900;

  /** Express's `trust proxy`: `false`, `true`, a hop count, or addresses/subnets of the proxies (comma-separated), so req.ip is the client behind nginx. */
  @Matches(/^(false|true|\d+|(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+))*)$/, {
    message: 'TRUST_PROXY must be false, true, a hop count or comma-separated proxy addresses',
  })
  TRUST_PROXY = 'false';

  /** TLS terminates in front of the API: send Strict-Transport-Security. */
  @IsIn(['true', 'false'])
  HSTS: 'true' | 'false' = 'false';

  /** Bearer token Prometheus must send to read /metrics; unset: /metrics is public outside production and off in production. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** Serve /docs and /docs/openapi.json; default on, except in production. */
  @IsOptional()
  @IsIn(['true', 'false'])
  DOCS_ENABLED?: 'true' | 'false';

  get docsEnabled(): boolean {
    return this.DOCS_ENABLED ? this.DOCS_ENABLED === 'true' : this.NODE_ENV !== 'production';
  }

  /** The value given to Express's `trust proxy`. */
  get trustProxy(): boolean | number | string {
    if (this.TRUST_PROXY === 'true') return true;
    if (this.TRUST_PROXY === 'false') return false;
    return /^\d+$/.test(this.TRUST_PROXY) ? Number(this.TRUST_PROXY) : this.TRUST_PROXY;
  }

  @IsOptional()
  @IsString()
  FACEBOOK_APP_SECRET?: string;

  @IsOptional()
  @IsString()
  FACEBOOK_VERIFY_TOKEN?: string;

  @IsOptional()
  @IsString()
  TELEGRAM_SECRET_TOKEN?: string;

  @Matches(/^https?:\/\/.+/, { message: 'GRAPH_API_BASE_URL must be an http(s) URL' })
  GRAPH_API_BASE_URL = 'https://graph.facebook.com/v26.0';

  @Matches(/^https?:\/\/.+/, { message: 'TELEGRAM_API_BASE_URL must be an http(s) URL' })
  TELEGRAM_API_BASE_URL = 'https://api.telegram.org';

  /** Instagram may deliver with an app secret of its own; either configured secret verifies. */
  @IsOptional()
  @IsString()
  INSTAGRAM_APP_SECRET?: string;

  /** The bot token for sendMessage (outbound replies on Telegram). */
  @IsOptional()
  @IsString()
  TELEGRAM_BOT_TOKEN?: string;

  /** The `secret` VK puts in every Callback API event. */
  @IsOptional()
  @IsString()
  VK_SECRET?: string;

  /** The string VK expects back from the `confirmation` handshake. */
  @IsOptional()
  @IsString()
  VK_CONFIRMATION_CODE?: string;

  /** A community access token for wall.createComment (outbound replies on VK). */
  @IsOptional()
  @IsString()
  VK_ACCESS_TOKEN?: string;

  @Matches(/^https?:\/\/.+/, { message: 'VK_API_BASE_URL must be an http(s) URL' })
  VK_API_BASE_URL = 'https://api.vk.com';

  /** 32 random bytes in base64: the AES-256-GCM key of the pages' channel credentials (required in production). */
  @IsOptional()
  @IsString()
  SECRETS_KEY?: string;

  /** Comma-separated earlier SECRETS_KEY values, still able to open what they sealed while credentials are re-saved. */
  @IsOptional()
  @IsString()
  SECRETS_PREVIOUS_KEYS?: string;

  /** Where the channels reach this API (https://tynda.example.kz): Telegram's setWebhook needs it. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+/, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL?: string;

  /** How often each connected page's recent comments are read back to recover what no webhook delivered. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  CHANNEL_RECONCILE_EVERY_MS = 600_000;

  /** The keys credentials are sealed and opened with; outside production a fixed development key stands in for SECRETS_KEY. */
  get secretKeyring(): SecretKeyring {
    const current = this.SECRETS_KEY ? decodeSecretsKey(this.SECRETS_KEY) : developmentSecretsKey();
    const previous = (this.SECRETS_PREVIOUS_KEYS ?? '')
      .split(',')
      .filter((k) => k.trim())
      .map((k) => decodeSecretsKey(k));
    if (!current || previous.some((k) => !k)) throw new ConfigError('SECRETS_KEY and SECRETS_PREVIOUS_KEYS must be 32 bytes in base64');
    return secretKeyring(current, previous as Buffer[]);
  }

  /** Comma-separated api_key values accepted by Open311 POST requests. */
  @IsOptional()
  @IsString()
  OPEN311_API_KEYS?: string;

  /** How often the worker looks in the inbox for deliveries no intake job picked up (Redis was down). */
  @Type(() => Number)
  @IsInt()
  @Min(200)
  INTAKE_RELAY_EVERY_MS = 5_000;

  /** How often the SLA sweep looks in PostgreSQL for steps no timer applied. */
  @Type(() => Number)
  @IsInt()
  @Min(200)
  SLA_SWEEP_EVERY_MS = 15_000;

  /** How often the assignment sweep re-enqueues triaged tickets left unassigned (their job was lost). */
  @Type(() => Number)
  @IsInt()
  @Min(200)
  ASSIGNMENT_SWEEP_EVERY_MS = 60_000;

  /** How often the outbound sweep re-enqueues replies still pending whose delivery job was lost. */
  @Type(() => Number)
  @IsInt()
  @Min(200)
  OUTBOUND_SWEEP_EVERY_MS = 60_000;

  /** How often the worker folds the reports' change log into their stored cells; reports are exact either way, and read faster with a short log. */
  @Type(() => Number)
  @IsInt()
  @Min(200)
  REPORT_CELLS_EVERY_MS = 10_000;

  /** How often the comment router is retrained from the desk's triage decisions (a few seconds of CPU each time). */
  @Type(() => Number)
  @IsInt()
  @Min(60_000)
  ROUTING_TRAIN_EVERY_MS = 21_600_000;

  /** How often the worker checks that its job schedulers still exist in Redis (they vanish when Redis comes back empty) and restores them. */
  @Type(() => Number)
  @IsInt()
  @Min(200)
  SCHEDULE_CHECK_EVERY_MS = 5_000;

  /**
   * Resident verdict (issue 16): how long a resident has to answer "is it solved?" before the
   * resolution counts as `unanswered` — an ISO-8601 duration on the ticket's SLA clock (P3D is three
   * working days on a business calendar).
   */
  @Matches(/^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, {
    message: 'RESIDENT_CONFIRMATION_WINDOW must be an ISO-8601 duration such as P3D or PT12H',
  })
  RESIDENT_CONFIRMATION_WINDOW = 'P3D';

  /** How often the worker closes resolutions whose question went unanswered past the window. */
  @Type(() => Number)
  @IsInt()
  @Min(200)
  RESIDENT_CONFIRMATION_SWEEP_EVERY_MS = 60_000;

  /** How often the worker relays committed jobs from the outbox table to Redis (jobs a write could not enqueue at once). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  OUTBOX_RELAY_EVERY_MS = 1_000;

  /** Longest a request waits for Redis to take a job after its write committed; past it the outbox relay enqueues the job later. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  QUEUE_ENQUEUE_TIMEOUT_MS = 500;

  /** How often an open live-events stream gets a comment line (proxies close silent streams) and its session is re-checked. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  LIVE_HEARTBEAT_MS = 20_000;

  /** Longest wait to open a PostgreSQL connection, or to get one from a busy pool; past it the request answers 503. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_CONNECT_TIMEOUT_MS = 3_000;

  /** Longest a single SQL statement may run (server-side statement_timeout, and the client's own wait for an answer). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_STATEMENT_TIMEOUT_MS = 5_000;

  /** Connections per process in the PostgreSQL pool. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  DB_POOL_MAX = 20;

  /** Seconds a 503 "database unavailable" tells clients to wait before retrying (Retry-After). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  DB_RETRY_AFTER_SECONDS = 5;

  /** smtp://user:pass@host:587 — e-mail notifications are off while unset. */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must look like smtp://user:password@host:587' })
  SMTP_URL?: string;

  @IsString()
  SMTP_FROM = 'Tynda <noreply@tynda.kz>';

  /** The worker's own HTTP listener (/metrics, /health/live, /health/ready); 0 turns it off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HTTP_PORT = 3001;

  /** Days a raw webhook delivery (the channel's payload as received), and a failed job, is kept after it was handled, never longer than the personal data; 0: as long as that. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36500)
  RETENTION_RAW_DELIVERY_DAYS = 90;

  /** Days after a ticket was closed (or last changed) that its resident's personal data, wherever it was copied, is pseudonymised; 0 keeps it (docs/retention.md). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36500)
  RETENTION_PERSONAL_DATA_DAYS = 1095;

  /** How often the retention job runs (it deletes and pseudonymises in bounded batches). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  RETENTION_EVERY_MS = 3_600_000;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

export class ConfigError extends Error {}

/** The name of every setting (environment variable) AppConfig reads; getters are derived values, not settings. */
export const SETTING_NAMES: readonly string[] = Object.keys(new AppConfig());

/**
 * Why a signing secret is guessable, or null: short, few distinct characters (repetitive), or
 * under 128 bits by its own character frequencies (Shannon), which a random 32-byte secret far exceeds.
 */
export function secretWeakness(secret: string): string | null {
  if (secret.length < 32) return `it has ${secret.length} characters, at least 32 are needed`;
  const counts = new Map<string, number>();
  for (const c of secret) counts.set(c, (counts.get(c) ?? 0) + 1);
  if (counts.size < 10) return `it uses only ${counts.size} distinct characters (repetitive)`;
  const period = /^(.+?)\1+$/s.exec(secret)?.[1];
  if (period) return `it repeats "${period.length > 4 ? `${period.slice(0, 4)}…` : period}" (repetitive)`;
  let bitsPerChar = 0;
  for (const n of counts.values()) bitsPerChar -= (n / secret.length) * Math.log2(n / secret.length);
  const bits = Math.floor(bitsPerChar * secret.length);
  if (bits < 128) return `its entropy is about ${bits} bits, at least 128 are needed`;
  return null;
}

/** Reads the environment (or overrides, in tests), fails fast with every bad variable named. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const given = Object.fromEntries(SETTING_NAMES.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]));
  const config = plainToInstance(AppConfig, given, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (config.NODE_ENV === 'production' && config.JWT_SECRET === DEV_JWT_SECRET) {
    problems.push('JWT_SECRET must be set in production');
  } else if (config.NODE_ENV === 'production') {
    const weakness = secretWeakness(config.JWT_SECRET ?? '');
    if (weakness) problems.push(`JWT_SECRET is too weak for production: ${weakness}; generate one with \`openssl rand -base64 48\``);
  }
  if (config.NODE_ENV === 'production' && !config.SECRETS_KEY)
    problems.push('SECRETS_KEY must be set in production (32 random bytes in base64: openssl rand -base64 32)');
  if (config.SECRETS_KEY && !decodeSecretsKey(config.SECRETS_KEY)) problems.push('SECRETS_KEY must be 32 bytes in base64 (openssl rand -base64 32)');
  if ((config.SECRETS_PREVIOUS_KEYS ?? '').split(',').some((k) => k.trim() && !decodeSecretsKey(k)))
    problems.push('SECRETS_PREVIOUS_KEYS must be comma-separated 32-byte keys in base64');
  if (problems.length) throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  return config;
}
