import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { PHONE_COUNTRY_CODES, type PhoneCountryCode } from './modules/channels/sms/phone-number.ts';

export const LOCALES = ['ky', 'ru', 'en', 'uz', 'uz-Latn', 'kk', 'tg'] as const;
export type Locale = (typeof LOCALES)[number];

/** Every setting the service reads from the environment, with its default and meaning (README table). */
export const ENV_DOC: ReadonlyArray<{ name: string; default: string; meaning: string }> = [
  { name: 'PORT', default: '3000', meaning: 'TCP port to listen on' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'interface to listen on (0.0.0.0 for all)' },
  {
    name: 'DATABASE_URL',
    default: '(empty: SQLite file in DATA_DIR)',
    meaning: 'postgres://user:pass@host:5432/db to run on PostgreSQL',
  },
  {
    name: 'DATA_DIR',
    default: './data',
    meaning: 'folder for the SQLite file, the generated secret and uploads',
  },
  {
    name: 'SESSION_SECRET',
    default: '(generated into DATA_DIR on SQLite; required on PostgreSQL)',
    meaning: 'at least 32 characters; keys session cookies, receipt hashes and encrypted fields',
  },
  {
    name: 'PUBLIC_URL',
    default: 'http://localhost:PORT',
    meaning: 'address users reach, used in links and Origin checks',
  },
  {
    name: 'DEFAULT_LOCALE',
    default: 'ky',
    meaning: 'language when neither the user nor the browser chooses one',
  },
  { name: 'DEMO', default: '1 with SQLite, 0 with PostgreSQL', meaning: 'load demo data and demo accounts' },
  {
    name: 'TIME_ZONE',
    default: 'Asia/Bishkek',
    meaning:
      "IANA time zone pages show times in (stored times stay UTC); places in Kazakhstan and Tajikistan use their country's zone",
  },
  {
    name: 'SMALL_CELL_MINIMUM',
    default: '10',
    meaning:
      'aggregate tables that leave the service (pages, charts, exports, API, open data) hide counts below this, with complementary suppression',
  },
  {
    name: 'TRUST_PROXY',
    default: '(empty: trust no proxy)',
    meaning:
      'addresses of your reverse proxies (e.g. loopback, or 10.0.0.5,10.0.0.6) whose X-Forwarded-For is believed, so rate limits see each client',
  },
  {
    name: 'PHONE_COUNTRY',
    default: 'KG',
    meaning: `country whose national format SMS senders are read in (0555… → +996555…): one of ${PHONE_COUNTRY_CODES.join(', ')}`,
  },
  {
    name: 'COOKIE_SECURE',
    default: '1',
    meaning: 'mark cookies Secure (set 0 only behind plain HTTP on a LAN)',
  },
  { name: 'SESSION_IDLE_MINUTES', default: '30', meaning: 'staff session ends after this much inactivity' },
  {
    name: 'SESSION_MAX_HOURS',
    default: '12',
    meaning: 'staff session ends this long after login, whatever the activity',
  },
  { name: 'STAFF_2FA', default: 'required', meaning: "'required' or 'optional' TOTP for staff roles" },
  {
    name: 'GEO_FALLBACK_RADIUS_KM',
    default: '30',
    meaning: 'nearest district centre within this radius when no boundary covers a point',
  },
  { name: 'BODY_LIMIT_BYTES', default: '1048576', meaning: 'largest JSON or form body accepted' },
  {
    name: 'JOBS',
    default: '1',
    meaning: 'run the background job worker in this process (0 for web-only processes)',
  },
  { name: 'JOB_POLL_MS', default: '1000', meaning: 'how often an idle worker looks for due jobs' },
  {
    name: 'GROUP_COMMIT_MS',
    default: '2',
    meaning: 'SQLite: how long writes wait to share one durable commit',
  },
  {
    name: 'REPORT_LIMIT_PER_HOUR',
    default: '20',
    meaning:
      'reports one address may submit per hour without a token (counted in memory, address never stored)',
  },
  {
    name: 'API_LIMIT_PER_MINUTE',
    default: '600',
    meaning: 'requests per minute to rate-limited endpoints for each staff or integration token',
  },
  {
    name: 'ANON_BURST_PER_MINUTE',
    default: '30',
    meaning: 'anonymous reports per minute across the deployment beyond which new ones are held for review',
  },
  {
    name: 'RECEIPT_EXPIRY_DAYS',
    default: '180',
    meaning: "days of inactivity after which a receipt expires and the thread's personal data is deleted",
  },
  {
    name: 'REFERRAL_MASTER_KEYS',
    default: '(empty: one key derived from SESSION_SECRET)',
    meaning:
      'master keys that wrap the per-referral data keys: id:base64 (32 bytes) pairs separated by commas, the first one active; keep older ones until the rewrap job has moved every referral (README "Prevention referrals")',
  },
  {
    name: 'REFERRAL_RETENTION_MONTHS',
    default: '12',
    meaning: 'months after a referral is closed before the job deletes it for real',
  },
  {
    name: 'MAP_TILE_URL',
    default: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    meaning: 'map tiles for the public map and the report pin ({z}/{x}/{y}); its origin is added to the CSP',
  },
  {
    name: 'MAP_ATTRIBUTION',
    default: '© OpenStreetMap contributors',
    meaning: 'credit shown on maps for the tiles (plain text)',
  },
  {
    name: 'EXPORT_LINK_HOURS',
    default: '24',
    meaning: 'hours a prepared export file can be downloaded before its link expires and the file is deleted',
  },
  {
    name: 'EXPORT_INLINE_MAX_ROWS',
    default: '5000',
    meaning: 'exports up to this many rows download at once; larger ones are prepared as a file by a job',
  },
  {
    name: 'HOTSPOT_CELL_METRES',
    default: '500',
    meaning: 'side of the square grid cells hotspot maps count reports in (whole 100 m, at least 100)',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    meaning: 'pino level: fatal, error, warn, info, debug, trace, silent',
  },
  {
    name: 'SMTP_HOST',
    default: '(empty: no e-mail)',
    meaning: 'SMTP server for e-mail (sign-up checks, password resets, alerts); needs MAIL_FROM too',
  },
  { name: 'SMTP_PORT', default: '587 (465 with SMTP_TLS=tls)', meaning: 'SMTP port' },
  {
    name: 'SMTP_TLS',
    default: 'starttls',
    meaning: "'starttls' (required upgrade), 'tls' (TLS from the start) or 'none' (only on a local relay)",
  },
  { name: 'SMTP_USER', default: '(empty: no login)', meaning: 'SMTP login; needs SMTP_PASSWORD' },
  { name: 'SMTP_PASSWORD', default: '(empty)', meaning: 'SMTP password (never logged)' },
  {
    name: 'MAIL_FROM',
    default: '(empty)',
    meaning: 'sender address, e.g. "Ishenim <noreply@example.kg>"; needs SMTP_HOST',
  },
  {
    name: 'DKIM_DOMAIN',
    default: '(empty: no DKIM)',
    meaning: 'sign outgoing mail with DKIM for this domain; needs DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE',
  },
  {
    name: 'DKIM_SELECTOR',
    default: '(empty)',
    meaning: 'DKIM selector (the DNS record is <selector>._domainkey.<domain>)',
  },
  { name: 'DKIM_PRIVATE_KEY_FILE', default: '(empty)', meaning: 'PEM file with the DKIM private key' },
  {
    name: 'MAIL_BOUNCE_TOKEN',
    default: '(empty: endpoint off)',
    meaning:
      'token (at least 24 characters) the mail server sends as X-Mail-Report-Token when it POSTs bounce and complaint reports to /api/channels/email/reports',
  },
  {
    name: 'ISHENIM_WRITE_GUARD',
    default: '1 under the test runner, else 0',
    meaning: 'debug check that no query uses db.read inside db.write (costs speed on Node 20)',
  },
];

const Port = Type.Integer({ minimum: 0, maximum: 65535 });
export const ConfigSchema = Type.Object({
  port: Port,
  host: Type.String({ minLength: 1 }),
  databaseUrl: Type.Union([Type.Literal(''), Type.String({ pattern: '^postgres(ql)?://' })]),
  dataDir: Type.String({ minLength: 1 }),
  sessionSecret: Type.String({ minLength: 32 }),
  publicUrl: Type.String({ pattern: '^https?://[^\\s/]+' }),
  defaultLocale: Type.Union(LOCALES.map((l) => Type.Literal(l))),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  smallCellMinimum: Type.Integer({ minimum: 2, maximum: 1000 }),
  trustProxy: Type.String({ maxLength: 500, pattern: '^[0-9A-Za-z.:/, ]*$' }),
  phoneCountry: Type.Union(PHONE_COUNTRY_CODES.map((c) => Type.Literal(c))),
  demo: Type.Boolean(),
  cookieSecure: Type.Boolean(),
  sessionIdleMinutes: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
  sessionMaxHours: Type.Integer({ minimum: 1, maximum: 24 * 30 }),
  staff2fa: Type.Union([Type.Literal('required'), Type.Literal('optional')]),
  geoFallbackRadiusKm: Type.Number({ minimum: 0, maximum: 500 }),
  bodyLimitBytes: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 }),
  jobs: Type.Boolean(),
  jobPollMs: Type.Integer({ minimum: 10, maximum: 600_000 }),
  groupCommitMs: Type.Number({ minimum: 0, maximum: 100 }),
  reportLimitPerHour: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
  apiLimitPerMinute: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
  anonBurstPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  receiptExpiryDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  /** Referral master keys, the first active (see parseReferralKeys); empty: derived from the secret. */
  referralMasterKeys: Type.Array(
    Type.Object({
      id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' }),
      key: Type.String({ pattern: '^[A-Za-z0-9+/_-]{43}=?$' }),
    }),
    { maxItems: 20 },
  ),
  referralRetentionMonths: Type.Integer({ minimum: 1, maximum: 120 }),
  mapTileUrl: Type.String({ pattern: '^(https?://[^\\s/]+|/)[^\\s]*\\{z\\}[^\\s]*$', maxLength: 500 }),
  mapAttribution: Type.String({ maxLength: 300 }),
  exportLinkHours: Type.Integer({ minimum: 1, maximum: 24 * 30 }),
  exportInlineMaxRows: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  hotspotCellMetres: Type.Integer({ minimum: 100, maximum: 100_000, multipleOf: 100 }),
  logLevel: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
  ) /** Ed25519 private key (PEM) for signed audit checkpoints; outside DATA_DIR, never in the database. */,
  auditSigningKeyFile: Type.Optional(Type.String({ minLength: 1 })),
  /** SMTP delivery; absent when e-mail is not configured (account e-mails and e-mail alerts are off). */
  mail: Type.Optional(
    Type.Object({
      host: Type.String({ minLength: 1, maxLength: 253 }),
      port: Port,
      tls: Type.Union([Type.Literal('starttls'), Type.Literal('tls'), Type.Literal('none')]),
      user: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
      password: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
      from: Type.String({ minLength: 3, maxLength: 320 }),
      dkim: Type.Optional(
        Type.Object({
          domain: Type.String({ minLength: 1, maxLength: 253 }),
          selector: Type.String({ minLength: 1, maxLength: 63 }),
          privateKey: Type.String({ minLength: 1 }),
        }),
      ),
      bounceToken: Type.Optional(Type.String({ minLength: 24, maxLength: 500 })),
    }),
  ),
});
export type Config = Static<typeof ConfigSchema>;

/** Fastify's `trustProxy`: only the named proxies are believed about the client address; never `true`. */
export function trustedProxies(config: Pick<Config, 'trustProxy'>): string[] | false {
  const list = config.trustProxy
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  return list.length > 0 ? list : false;
}

/** Thrown for a bad environment: the message is one line that names the variable. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}
function numVar(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new ConfigError(`${name} must be a number, got "${raw}"`);
  return n;
}
function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be 1 or 0 (true/false), got "${env[name]}"`);
}

function timeZoneVar(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  try {
    // Canonical spelling, so "asia/bishkek" works and a typo is refused at start.
    return new Intl.DateTimeFormat('en', { timeZone: raw }).resolvedOptions().timeZone;
  } catch {
    throw new ConfigError(`${name} must be an IANA time zone such as Asia/Bishkek, got "${raw}"`);
  }
}

const FIELD_TO_VAR: Record<string, string> = {
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'DATA_DIR',
  sessionSecret: 'SESSION_SECRET',
  publicUrl: 'PUBLIC_URL',
  defaultLocale: 'DEFAULT_LOCALE',
  timeZone: 'TIME_ZONE',
  smallCellMinimum: 'SMALL_CELL_MINIMUM',
  trustProxy: 'TRUST_PROXY',
  phoneCountry: 'PHONE_COUNTRY',
  demo: 'DEMO',
  cookieSecure: 'COOKIE_SECURE',
  sessionIdleMinutes: 'SESSION_IDLE_MINUTES',
  sessionMaxHours: 'SESSION_MAX_HOURS',
  staff2fa: 'STAFF_2FA',
  geoFallbackRadiusKm: 'GEO_FALLBACK_RADIUS_KM',
  bodyLimitBytes: 'BODY_LIMIT_BYTES',
  jobs: 'JOBS',
  jobPollMs: 'JOB_POLL_MS',
  groupCommitMs: 'GROUP_COMMIT_MS',
  reportLimitPerHour: 'REPORT_LIMIT_PER_HOUR',
  apiLimitPerMinute: 'API_LIMIT_PER_MINUTE',
  anonBurstPerMinute: 'ANON_BURST_PER_MINUTE',
  receiptExpiryDays: 'RECEIPT_EXPIRY_DAYS',
  referralMasterKeys: 'REFERRAL_MASTER_KEYS',
  referralRetentionMonths: 'REFERRAL_RETENTION_MONTHS',
  mapTileUrl: 'MAP_TILE_URL',
  mapAttribution: 'MAP_ATTRIBUTION',
  exportLinkHours: 'EXPORT_LINK_HOURS',
  exportInlineMaxRows: 'EXPORT_INLINE_MAX_ROWS',
  hotspotCellMetres: 'HOTSPOT_CELL_METRES',
  logLevel: 'LOG_LEVEL',
  auditSigningKeyFile: 'AUDIT_SIGNING_KEY_FILE',
  mail: 'SMTP_HOST / MAIL_FROM / MAIL_BOUNCE_TOKEN',
};

/**
 * On the embedded default a secret is generated once and kept beside the database (mode 0600),
 * so `npm start` needs nothing by hand; on PostgreSQL several processes must share one, so it is required.
 */
function embeddedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

const MAIL_VARS = [
  'SMTP_HOST',
  'SMTP_PORT',
  'SMTP_TLS',
  'SMTP_USER',
  'SMTP_PASSWORD',
  'MAIL_FROM',
  'DKIM_DOMAIN',
  'DKIM_SELECTOR',
  'DKIM_PRIVATE_KEY_FILE',
  'MAIL_BOUNCE_TOKEN',
] as const;

/**
 * E-mail is all or nothing: a half-configured SMTP (a host without a sender, a user without a
 * password, DKIM without its key) stops the start naming what is missing, instead of failing at the
 * first sign-up. Passwords and keys are never echoed.
 */
function mailVar(env: Env): { mail?: Config['mail'] } {
  const v = (name: (typeof MAIL_VARS)[number]) => env[name]?.trim() || '';
  const set = MAIL_VARS.filter((n) => v(n));
  if (set.length === 0) return {};
  const need = (name: (typeof MAIL_VARS)[number], because: string) => {
    if (!v(name))
      throw new ConfigError(`${name} is required when ${because} is set (e-mail is half configured)`);
  };
  const first = set[0]!;
  need('SMTP_HOST', first);
  need('MAIL_FROM', first);
  if (v('SMTP_USER')) need('SMTP_PASSWORD', 'SMTP_USER');
  if (v('SMTP_PASSWORD')) need('SMTP_USER', 'SMTP_PASSWORD');
  const dkimSet = (['DKIM_DOMAIN', 'DKIM_SELECTOR', 'DKIM_PRIVATE_KEY_FILE'] as const).find((n) => v(n));
  if (dkimSet) {
    need('DKIM_DOMAIN', dkimSet);
    need('DKIM_SELECTOR', dkimSet);
    need('DKIM_PRIVATE_KEY_FILE', dkimSet);
  }
  const tls = (v('SMTP_TLS') || 'starttls').toLowerCase();
  if (tls !== 'starttls' && tls !== 'tls' && tls !== 'none')
    throw new ConfigError(`SMTP_TLS must be starttls, tls or none, got "${v('SMTP_TLS')}"`);
  let privateKey: string | undefined;
  if (dkimSet) {
    try {
      privateKey = readFileSync(path.resolve(v('DKIM_PRIVATE_KEY_FILE')), 'utf8');
    } catch {
      throw new ConfigError('DKIM_PRIVATE_KEY_FILE cannot be read');
    }
    if (!privateKey.includes('PRIVATE KEY'))
      throw new ConfigError('DKIM_PRIVATE_KEY_FILE does not hold a PEM private key');
  }
  return {
    mail: {
      host: v('SMTP_HOST'),
      port: intVar(env, 'SMTP_PORT', tls === 'tls' ? 465 : 587),
      tls,
      ...(v('SMTP_USER') ? { user: v('SMTP_USER'), password: v('SMTP_PASSWORD') } : {}),
      from: v('MAIL_FROM'),
      ...(privateKey ? { dkim: { domain: v('DKIM_DOMAIN'), selector: v('DKIM_SELECTOR'), privateKey } } : {}),
      ...(v('MAIL_BOUNCE_TOKEN') ? { bounceToken: v('MAIL_BOUNCE_TOKEN') } : {}),
    },
  };
}

/** The audit signing key must live outside the data folder: a copy of DATA_DIR must not carry it. */
function auditSigningKeyVar(env: Env, dataDir: string): { auditSigningKeyFile?: string } {
  const raw = env.AUDIT_SIGNING_KEY_FILE?.trim();
  if (!raw) return {};
  const file = path.resolve(raw);
  const rel = path.relative(dataDir, file);
  if (!rel.startsWith('..') && !path.isAbsolute(rel))
    throw new ConfigError('AUDIT_SIGNING_KEY_FILE must be outside DATA_DIR');
  return { auditSigningKeyFile: file };
}

/**
 * REFERRAL_MASTER_KEYS="2027a:BASE64,2026a:BASE64": each key 32 random bytes (`openssl rand -base64 32`).
 * The value is secret: errors name the variable and the position, never the key.
 */
function referralKeysVar(env: Env): Config['referralMasterKeys'] {
  const raw = env.REFERRAL_MASTER_KEYS?.trim();
  if (!raw) return [];
  const keys = raw.split(',').map((part, i) => {
    const [id, key, extra] = part.trim().split(':');
    if (!id || !key || extra !== undefined || !/^[A-Za-z0-9_-]{1,32}$/.test(id))
      throw new ConfigError(`REFERRAL_MASTER_KEYS entry ${i + 1} must look like id:base64key`);
    if (Buffer.from(key, 'base64').length !== 32)
      throw new ConfigError(`REFERRAL_MASTER_KEYS entry ${i + 1} (${id}) must be 32 bytes in base64`);
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length)
    throw new ConfigError('REFERRAL_MASTER_KEYS names one key id twice');
  return keys;
}

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const port = intVar(env, 'PORT', 3000);
  const databaseUrl = (env.DATABASE_URL ?? '').trim();
  const dataDir = path.resolve(env.DATA_DIR?.trim() || './data');
  const onPostgres = databaseUrl !== '';
  if (onPostgres && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // The URL may hold a password: name the variable, never echo the value.
    throw new ConfigError('DATABASE_URL is invalid (must start with postgres:// or postgresql://)');
  }
  let sessionSecret = env.SESSION_SECRET ?? overrides.sessionSecret;
  if (!sessionSecret) {
    if (onPostgres)
      throw new ConfigError(
        'SESSION_SECRET is required with DATABASE_URL (at least 32 characters, the same in every process)',
      );
    sessionSecret = overrides.sessionSecret ?? embeddedSecret(overrides.dataDir ?? dataDir);
  }
  const candidate: Config = {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir,
    sessionSecret,
    publicUrl: (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, ''),
    defaultLocale: (env.DEFAULT_LOCALE?.trim() || 'ky') as Config['defaultLocale'],
    timeZone: timeZoneVar(env, 'TIME_ZONE', 'Asia/Bishkek'),
    smallCellMinimum: intVar(env, 'SMALL_CELL_MINIMUM', 10),
    trustProxy: env.TRUST_PROXY?.trim() ?? '',
    phoneCountry: (env.PHONE_COUNTRY?.trim().toUpperCase() || 'KG') as PhoneCountryCode,
    demo: boolVar(env, 'DEMO', !onPostgres),
    cookieSecure: boolVar(env, 'COOKIE_SECURE', true),
    sessionIdleMinutes: intVar(env, 'SESSION_IDLE_MINUTES', 30),
    sessionMaxHours: intVar(env, 'SESSION_MAX_HOURS', 12),
    staff2fa: (env.STAFF_2FA?.trim() || 'required') as Config['staff2fa'],
    geoFallbackRadiusKm: numVar(env, 'GEO_FALLBACK_RADIUS_KM', 30),
    bodyLimitBytes: intVar(env, 'BODY_LIMIT_BYTES', 1024 * 1024),
    jobs: boolVar(env, 'JOBS', true),
    jobPollMs: intVar(env, 'JOB_POLL_MS', 1000),
    groupCommitMs: numVar(env, 'GROUP_COMMIT_MS', 2),
    reportLimitPerHour: intVar(env, 'REPORT_LIMIT_PER_HOUR', 20),
    apiLimitPerMinute: intVar(env, 'API_LIMIT_PER_MINUTE', 600),
    anonBurstPerMinute: intVar(env, 'ANON_BURST_PER_MINUTE', 30),
    receiptExpiryDays: intVar(env, 'RECEIPT_EXPIRY_DAYS', 180),
    referralMasterKeys: referralKeysVar(env),
    referralRetentionMonths: intVar(env, 'REFERRAL_RETENTION_MONTHS', 12),
    mapTileUrl: env.MAP_TILE_URL?.trim() || 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    mapAttribution: env.MAP_ATTRIBUTION?.trim() || '© OpenStreetMap contributors',
    exportLinkHours: intVar(env, 'EXPORT_LINK_HOURS', 24),
    exportInlineMaxRows: intVar(env, 'EXPORT_INLINE_MAX_ROWS', 5000),
    hotspotCellMetres: intVar(env, 'HOTSPOT_CELL_METRES', 500),
    logLevel: (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'],
    ...auditSigningKeyVar(env, dataDir),
    ...mailVar(env),
    ...overrides,
  };
  const firstError = Value.Errors(ConfigSchema, candidate).First();
  if (firstError) {
    const field = firstError.path.split('/')[1] ?? '';
    const name = FIELD_TO_VAR[field] ?? field;
    // Secrets and URLs that may hold a password are named, never echoed.
    const secret =
      field === 'sessionSecret' ||
      field === 'databaseUrl' ||
      field === 'referralMasterKeys' ||
      field === 'mail';
    const shown = secret ? '(hidden)' : JSON.stringify((candidate as Record<string, unknown>)[field]);
    throw new ConfigError(`${name} is invalid (${firstError.message}): ${shown}`);
  }
  return candidate;
}
