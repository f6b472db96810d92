import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const DEV_JWT_SECRET = 'tynda-dev-secret-change-me-in-production';

/** Every setting Tynda reads, named as its environment variable, validated once at start. */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Matches(/^postgres(ql)?:\/\/.+\/[^/?]+/, { message: 'DATABASE_URL must look like postgres://user@host:5432/dbname' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tynda';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Key prefix of every BullMQ queue: lets test files and deployments share one Redis. */
  @Matches(/^[a-zA-Z0-9:_-]+$/, { message: 'QUEUE_PREFIX may hold letters, digits, ":", "_" and "-"' })
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

  /** Login attempts allowed per minute for one address and e-mail. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

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
  GRAPH_API_BASE_URL = 'https://graph.facebook.com/v21.0';

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

  /** How often the worker checks that its job schedulers still exist in Redis (they vanish when Redis comes back empty) and restores them. */
  @Type(() => Number)
  @IsInt()
  @Min(200)
  SCHEDULE_CHECK_EVERY_MS = 5_000;

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

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

export class ConfigError extends Error {}

/** Reads the environment (or overrides, in tests), fails fast with every bad variable named. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const given = Object.fromEntries(known.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]));
  const config = plainToInstance(AppConfig, given, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (config.NODE_ENV === 'production' && config.JWT_SECRET === DEV_JWT_SECRET) {
    problems.push('JWT_SECRET must be set in production');
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  return config;
}
