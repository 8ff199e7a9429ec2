import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The environment, validated once at start into one typed object (STYLE.md habit 9).
 * Nothing else in the code reads `process.env`.
 */
export class AppConfig {
  @IsString()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/dondoc';

  @IsString()
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key (BullMQ queues included); tests give each file its own. */
  @IsString()
  REDIS_PREFIX = 'dondoc';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Signs bearer tokens (HS256). Required; the start script generates one for the demo. */
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET phải dài ít nhất 32 ký tự' })
  JWT_SECRET: string;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 8 * 3600;

  /** `manual` lets an administrator (and the e2e tests) move business time; never in production. */
  @IsIn(['system', 'manual'])
  CLOCK_MODE: 'system' | 'manual' = 'system';

  @IsOptional()
  @IsString()
  CLOCK_START?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  PG_POOL_SIZE = 10;

  /**
   * PostgreSQL connections a process keeps open when idle. 0 lets idle ones close after 10 s;
   * a worker that must fire reminders on time keeps them (e.g. = PG_POOL_SIZE), so that a burst
   * of stages does not first wait for new connections.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  PG_POOL_MIN = 0;

  @IsIn(['log', 'json'])
  LOG_FORMAT: 'log' | 'json' = 'log';

  /**
   * `log`: errors, warnings and notable events; `debug` adds a line per job and per skipped
   * batch (thousands a minute in a reminder burst, and each one a synchronous write).
   */
  @IsIn(['log', 'debug'])
  LOG_LEVEL: 'log' | 'debug' = 'log';

  // --- identity and audit (issue 6) ---

  /** Failed logins allowed per user name in the window before 429 (a success resets the count). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_USERNAME = 5;

  /** Login attempts allowed per client IP in the window before 429. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_IP = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 15 * 60;

  /**
   * Express `trust proxy` behind a load balancer: the number of proxy hops, or the proxies'
   * addresses/subnets (`loopback, 10.0.0.0/8`). Empty: X-Forwarded-For is ignored and the
   * login limit per IP counts the socket's address (the proxy's, behind one).
   */
  @Matches(/^(|\d{1,2}|[0-9A-Za-z.:/, ]+)$/, { message: 'TRUST_PROXY phải là số tầng proxy hoặc danh sách địa chỉ/mạng (vd. loopback, 10.0.0.0/8)' })
  TRUST_PROXY = '';

  /**
   * The deployment's Ed25519 private key (PKCS#8 PEM; `\n` escapes allowed) that signs export
   * manifests. When absent the key is read from SIGNING_KEY_FILE, generated there on first use.
   */
  @IsOptional()
  @Matches(/-----BEGIN PRIVATE KEY-----/, { message: 'SIGNING_KEY phải là khóa riêng Ed25519 dạng PEM (PKCS#8)' })
  SIGNING_KEY?: string;

  /** Where the generated signing key lives; outside the repository, on a persistent volume in production. */
  @IsString()
  @MinLength(1)
  SIGNING_KEY_FILE = join(homedir(), '.dondoc', 'signing-key.pem');

  /** How often the worker seals newly committed events (ms). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  SEAL_INTERVAL_MS = 5000;

  /** Most events one seal covers (bounds the size of a seal row and of a verify step). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  SEAL_MAX_EVENTS = 2000;

  // --- follow-up: reminders and their delivery (issue 4) ---

  /** SMTP server of reminder e-mails, e.g. `smtp://user:pass@mail.example.gov.vn:587` (`smtps://` for TLS). */
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL phải có dạng smtp://host:port hoặc smtps://host:port' })
  SMTP_URL = 'smtp://127.0.0.1:25';

  /** Sender of reminder e-mails. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = 'dondoc <no-reply@dondoc.local>';

  /** Office hours (Asia/Ho_Chi_Minh): stages fire and e-mails / webhooks go out within them. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { message: 'WORKING_HOURS phải có dạng HH:MM-HH:MM, ví dụ 07:30-17:00' })
  WORKING_HOURS = '07:30-17:00';

  /** Local time of the daily digest, for agencies that chose one. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'DIGEST_AT phải có dạng HH:MM' })
  DIGEST_AT = '16:30';

  /** Stages due within this many hours wait in Redis as delayed jobs; the reconciler tops them up. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  REMINDER_HORIZON_HOURS = 168;

  /** How often the worker rebuilds the pending stages into Redis (seconds). */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  REMINDER_RECONCILE_SECONDS = 300;

  /** Attempts per delivery, with exponential backoff from DELIVERY_BACKOFF_MS, before ReminderDeliveryFailed. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  DELIVERY_ATTEMPTS = 5;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  DELIVERY_BACKOFF_MS = 30_000;

  /**
   * `off`: this worker process runs reminders and seals only, and the read models are left to
   * projector processes (`dist/apps/worker/src/projector.js`), so that a burst of reminders has
   * the worker's one thread to itself.
   */
  @IsIn(['on', 'off'])
  WORKER_PROJECTIONS: 'on' | 'off' = 'on';

  /** Jobs processed at once per follow-up queue and worker process. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  FOLLOW_UP_CONCURRENCY = 20;

  /** Lock of a running job (ms): a killed worker's jobs are taken over once it expires. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  QUEUE_LOCK_MS = 30_000;

  /** Seals agencies' webhook secrets in the event store; empty = a key derived from JWT_SECRET. */
  @IsString()
  CONTACTS_SECRET_KEY = '';

  /** Fault injection for the crash tests only: the worker kills itself at that point. Never set in production. */
  @IsIn(['', 'after-reminder-sent', 'after-delivery-sent'])
  FOLLOW_UP_FAILPOINT: '' | 'after-reminder-sent' | 'after-delivery-sent' = '';
}

export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfigDefaults());
  const picked: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`Cấu hình không hợp lệ (invalid configuration):\n  ${lines.join('\n  ')}`);
  }
  return config;
}

/** Lists every key the config knows, including the ones without a default. */
class AppConfigDefaults extends AppConfig {
  override JWT_SECRET = '';
  override CLOCK_START = '';
  override SIGNING_KEY = '';
}
