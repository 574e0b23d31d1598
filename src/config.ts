import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { validate as isCronExpression } from 'node-cron';
import { type IsoDuration, parseReminderSchedule } from './app/reminders/reminderSchedule.js';
import { parseTrustedIssuers, type TrustedIssuer } from './app/verify/trustedIssuers.js';
import { isEmailAddress } from './domain/email.js';
import { AccoladeError } from './errors.js';

/**
 * Every setting the service reads, with its default and meaning. The README's configuration
 * table is checked against this list by a test, so the two cannot drift apart.
 * Values are validated once at start-up; a bad value stops the start with a message naming the
 * variable.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly mongodbUri: string | undefined;
  readonly mongodbDb: string;
  readonly adminToken: string | undefined;
  readonly rulesPath: string | undefined;
  readonly logLevel: LogLevel;
  readonly rateLimitPerMinute: number;
  readonly adminAuthFailuresPerMinute: number;
  readonly keyEncryptionSecret: string | undefined;
  readonly keyRotationOverlapHours: number;
  readonly issuer: {
    readonly name: string;
    readonly url: string;
    readonly email: string;
    readonly description: string;
    /** The description in French, for the French pages. */
    readonly descriptionFr: string;
    readonly imageUrl: string | undefined;
    readonly linkedInOrganizationId: string | undefined;
  };
  readonly verifyAllowedHosts: readonly string[];
  readonly verifyTrustedIssuers: readonly TrustedIssuer[];
  readonly verifyFetchTimeoutMs: number;
  readonly verifyMaxResponseBytes: number;
  readonly bodyLimitBytes: number;
  readonly bulkMaxRows: number;
  /**
   * Express's `trust proxy`: false (the socket's address is the client's), the number of proxies
   * in front of the service, or the proxies' addresses and CIDR ranges. Never `true`.
   */
  readonly trustProxy: TrustProxy;
  readonly mail: {
    /** Unset: messages are written as `.eml` files under `DATA_DIR/outbox/`. */
    readonly smtpUrl: string | undefined;
    readonly from: string;
  };
  readonly reminders: {
    /** node-cron expression, five fields or six with seconds, in UTC. */
    readonly cron: string;
    /** When reminders are due, counted from `issuedOn`, in increasing order. */
    readonly schedule: readonly IsoDuration[];
  };
}

export type TrustProxy = false | number | readonly string[];

export interface ConfigKey {
  readonly name: string;
  readonly default: string;
  readonly doc: string;
}

export const CONFIG_KEYS: readonly ConfigKey[] = [
  { name: 'PORT', default: '3000', doc: 'TCP port the HTTP server listens on.' },
  {
    name: 'HOST',
    default: '127.0.0.1',
    doc: 'Address the HTTP server binds to; set `0.0.0.0` to accept connections from other machines.',
  },
  {
    name: 'PUBLIC_URL',
    default: 'http://localhost:PORT',
    doc: 'Base of every URL the service publishes (badge ids, keys, DID). Its path, if any, is where the service is mounted.',
  },
  { name: 'DATA_DIR', default: './data', doc: 'Directory of the embedded store and of the generated key secret.' },
  { name: 'MONGODB_URI', default: '(unset)', doc: 'When set, MongoDB is used instead of the embedded store.' },
  { name: 'MONGODB_DB', default: 'accolade', doc: 'MongoDB database name.' },
  { name: 'ADMIN_TOKEN', default: '(unset)', doc: 'When set, accepted as an admin API key with every scope.' },
  {
    name: 'RULES_PATH',
    default: 'assets/catalog.json',
    doc: 'The programme catalog and eligibility rules (JSON); reloaded when it changes and on SIGHUP.',
  },
  { name: 'LOG_LEVEL', default: 'info', doc: 'fatal, error, warn, info, debug, trace or silent.' },
  {
    name: 'RATE_LIMIT_PER_MINUTE',
    default: '120',
    doc: 'Requests per minute per client IP on public endpoints (verify); 0 turns limiting off.',
  },
  {
    name: 'ADMIN_AUTH_FAILURES_PER_MINUTE',
    default: '20',
    doc: 'Failed API-key authentications per client IP per minute; beyond it every API request from that address answers 429 `rate_limited` (with `Retry-After`) until the minute ends, whatever key it carries. 0 turns it off.',
  },
  {
    name: 'KEY_ENCRYPTION_SECRET',
    default: '(generated under DATA_DIR)',
    doc: 'Secret that encrypts signing keys at rest. Production must set it (at least 32 characters); when unset a generated one is kept in DATA_DIR and a warning is logged.',
  },
  {
    name: 'KEY_ROTATION_OVERLAP_HOURS',
    default: '24',
    doc: 'After a rotation, hours during which the next key is published but not yet used to sign; 0 switches at once.',
  },
  { name: 'ISSUER_NAME', default: 'Accolade Certification Programme', doc: 'Issuer name in every badge.' },
  { name: 'ISSUER_URL', default: 'PUBLIC_URL', doc: 'Issuer home page.' },
  { name: 'ISSUER_EMAIL', default: 'badges@example.org', doc: 'Issuer contact email (required by Open Badges 2.0).' },
  {
    name: 'ISSUER_DESCRIPTION',
    default: '(a short default)',
    doc: 'Issuer description shown on badges and pages.',
  },
  {
    name: 'ISSUER_DESCRIPTION_FR',
    default: '(a short default)',
    doc: 'The issuer description in French, for the French pages (badges carry `ISSUER_DESCRIPTION`).',
  },
  { name: 'ISSUER_IMAGE_URL', default: 'PUBLIC_URL/images/issuer.png', doc: 'Issuer logo URL.' },
  {
    name: 'ISSUER_LINKEDIN_ORGANIZATION_ID',
    default: '(unset)',
    doc: 'LinkedIn organisation id for add-to-profile links (and OB 3.0 `otherIdentifier`).',
  },
  {
    name: 'VERIFY_ALLOWED_HOSTS',
    default: '(none)',
    doc: 'Comma-separated `host` or `host:port` the verifier may fetch although private or loopback (plain http allowed for them).',
  },
  {
    name: 'VERIFY_TRUSTED_ISSUERS',
    default: '(none)',
    doc: 'A JSON file listing the issuers the verifier names as known: `[{ "id": "…" | "domain": "…", "name": "…" }]` (an exact issuer id, or a domain that vouches through did:web or an https id). Read and checked at start.',
  },
  { name: 'VERIFY_FETCH_TIMEOUT_MS', default: '5000', doc: 'Timeout of each fetch the verifier makes.' },
  { name: 'VERIFY_MAX_RESPONSE_BYTES', default: '2000000', doc: 'Largest response the verifier reads.' },
  {
    name: 'BODY_LIMIT_BYTES',
    default: '1000000',
    doc: 'Largest JSON request body (bulk CSV and images have their own limits).',
  },
  { name: 'BULK_MAX_ROWS', default: '100000', doc: 'Most rows in one bulk job.' },
  {
    name: 'TRUST_PROXY',
    default: 'false',
    doc: 'Reverse proxies whose X-Forwarded-For is believed for client IPs (rate limits): `false`, the number of proxies in front of the service (e.g. `1`), or a comma-separated list of their addresses and CIDR ranges (also `loopback`, `linklocal`, `uniquelocal`). `true` is refused: it would let any client choose its own address.',
  },
  {
    name: 'SMTP_URL',
    default: '(unset)',
    doc: 'SMTP server for outgoing mail, as `smtp://user:pass@host:587` or `smtps://…:465` (pooled connections). Unset, each message is written as an RFC 5322 `.eml` file under `DATA_DIR/outbox/`.',
  },
  {
    name: 'MAIL_FROM',
    default: 'ISSUER_NAME <ISSUER_EMAIL>',
    doc: 'The From address of every email.',
  },
  {
    name: 'REMINDER_CRON',
    default: '0 9 * * *',
    doc: 'When the reminder job runs (node-cron, UTC): five fields, or six with seconds first (`*/10 * * * * *`).',
  },
  {
    name: 'REMINDER_SCHEDULE',
    default: 'P3D,P10D,P30D,P90D',
    doc: 'Comma-separated ISO 8601 durations after `issuedOn` when a badge still pending is due a reminder (seconds allowed, e.g. `PT2S`); none after the last.',
  },
];

type Env = Readonly<Record<string, string | undefined>>;

function fail(name: string, problem: string): never {
  throw new AccoladeError('config_invalid', `${name} ${problem}`, { variable: name });
}

function text(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) fail(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) fail(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function httpUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(name, `must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(name, `must use http or https, got "${raw}"`);
  if (url.search || url.hash) fail(name, 'must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}

/** proxy-addr's (Express's) names for address ranges. */
const PROXY_RANGE_NAMES: ReadonlySet<string> = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  if (entry.includes('/')) return ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) || ipaddr.IPv6.isValidCIDR(entry);
  return ipaddr.IPv4.isValidFourPartDecimal(entry) || ipaddr.IPv6.isValid(entry);
}

/**
 * TRUST_PROXY as Express takes it, minus `true`: trusting every hop lets any client write its
 * own X-Forwarded-For and pick the address the rate limit counts against.
 */
function trustProxy(env: Env): TrustProxy {
  const name = 'TRUST_PROXY';
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined || ['0', 'false', 'no'].includes(raw)) return false;
  if (['true', 'yes', 'all'].includes(raw)) {
    fail(
      name,
      `must not be "${raw}": it would trust every X-Forwarded-For hop, so any client could choose its own address. Give the number of proxies in front of the service (e.g. 1) or their addresses or CIDR ranges`,
    );
  }
  if (/^\d+$/.test(raw)) return integer(env, name, 0, 1, 100);
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    if (!isProxyAddress(entry)) {
      fail(
        name,
        `has "${entry}", which is neither a hop count, an IP address, a CIDR range nor loopback, linklocal or uniquelocal`,
      );
    }
  }
  return Object.freeze(entries);
}

function hostList(env: Env, name: string): string[] {
  const raw = text(env, name);
  if (raw === undefined) return [];
  const hosts = raw
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry.length > 0);
  for (const host of hosts) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(host)) fail(name, `has an invalid host "${host}"`);
  }
  return hosts;
}

function trustedIssuers(env: Env): TrustedIssuer[] {
  const path = text(env, 'VERIFY_TRUSTED_ISSUERS');
  if (path === undefined) return [];
  let contents: string;
  try {
    contents = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    fail('VERIFY_TRUSTED_ISSUERS', `names a file that cannot be read: ${path} (${reason})`);
  }
  return parseTrustedIssuers(contents, path);
}

/** Reads and validates the configuration once; the result is frozen. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const publicUrl = httpUrl('PUBLIC_URL', text(env, 'PUBLIC_URL') ?? `http://localhost:${port}`);
  const logLevel = (text(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const keyEncryptionSecret = text(env, 'KEY_ENCRYPTION_SECRET');
  if (keyEncryptionSecret !== undefined && keyEncryptionSecret.length < 32) {
    fail('KEY_ENCRYPTION_SECRET', 'must be at least 32 characters long');
  }
  const adminToken = text(env, 'ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < 16) fail('ADMIN_TOKEN', 'must be at least 16 characters long');
  const issuerEmail = text(env, 'ISSUER_EMAIL') ?? 'badges@example.org';
  if (!isEmailAddress(issuerEmail)) fail('ISSUER_EMAIL', `is not an email address: "${issuerEmail}"`);
  const issuerImage = text(env, 'ISSUER_IMAGE_URL');
  const issuerUrl = text(env, 'ISSUER_URL');
  const mongodbUri = text(env, 'MONGODB_URI');
  if (mongodbUri !== undefined && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) {
    fail('MONGODB_URI', 'must start with mongodb:// or mongodb+srv://');
  }

  const smtpUrl = text(env, 'SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/]/.test(smtpUrl))
    fail('SMTP_URL', 'must start with smtp:// or smtps://');
  const issuerName = text(env, 'ISSUER_NAME') ?? 'Accolade Certification Programme';
  const mailFrom = text(env, 'MAIL_FROM') ?? `"${issuerName.replace(/["\\]/g, '')}" <${issuerEmail}>`;

  const reminderCron = text(env, 'REMINDER_CRON') ?? '0 9 * * *';
  if (!isCronExpression(reminderCron)) {
    fail('REMINDER_CRON', `is not a cron expression (five fields, or six with seconds), got "${reminderCron}"`);
  }
  let reminderSchedule: readonly IsoDuration[];
  try {
    reminderSchedule = parseReminderSchedule(text(env, 'REMINDER_SCHEDULE') ?? 'P3D,P10D,P30D,P90D');
  } catch (error) {
    fail('REMINDER_SCHEDULE', (error as Error).message);
  }

  return Object.freeze({
    port,
    host: text(env, 'HOST') ?? '127.0.0.1',
    publicUrl,
    dataDir: text(env, 'DATA_DIR') ?? './data',
    mongodbUri,
    mongodbDb: text(env, 'MONGODB_DB') ?? 'accolade',
    adminToken,
    rulesPath: text(env, 'RULES_PATH'),
    logLevel: logLevel as LogLevel,
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 120, 0, 1_000_000),
    adminAuthFailuresPerMinute: integer(env, 'ADMIN_AUTH_FAILURES_PER_MINUTE', 20, 0, 1_000_000),
    keyEncryptionSecret,
    keyRotationOverlapHours: integer(env, 'KEY_ROTATION_OVERLAP_HOURS', 24, 0, 24 * 365),
    issuer: Object.freeze({
      name: issuerName,
      url: issuerUrl === undefined ? publicUrl : httpUrl('ISSUER_URL', issuerUrl),
      email: issuerEmail,
      description:
        text(env, 'ISSUER_DESCRIPTION') ??
        'Digital badges for the exams and certifications of the Accolade certification programme.',
      descriptionFr:
        text(env, 'ISSUER_DESCRIPTION_FR') ??
        'Badges numériques pour les examens et certifications du programme de certification Accolade.',
      imageUrl: issuerImage === undefined ? undefined : httpUrl('ISSUER_IMAGE_URL', issuerImage),
      linkedInOrganizationId: text(env, 'ISSUER_LINKEDIN_ORGANIZATION_ID'),
    }),
    verifyAllowedHosts: Object.freeze(hostList(env, 'VERIFY_ALLOWED_HOSTS')),
    verifyTrustedIssuers: Object.freeze(trustedIssuers(env)),
    verifyFetchTimeoutMs: integer(env, 'VERIFY_FETCH_TIMEOUT_MS', 5000, 100, 120_000),
    verifyMaxResponseBytes: integer(env, 'VERIFY_MAX_RESPONSE_BYTES', 2_000_000, 1024, 100_000_000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1_000_000, 1024, 100_000_000),
    bulkMaxRows: integer(env, 'BULK_MAX_ROWS', 100_000, 1, 1_000_000),
    trustProxy: trustProxy(env),
    mail: Object.freeze({ smtpUrl, from: mailFrom }),
    reminders: Object.freeze({ cron: reminderCron, schedule: reminderSchedule }),
  });
}

/** Hosts where plain http is expected: a developer's own machine. */
const LOCAL_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why PUBLIC_URL, though valid, will not serve its purpose, or undefined. The issuer's DID is
 * did:web, which resolves over https only (docs/open-badges.md B5): on plain http anywhere but the
 * developer's own machine no one else can fetch the key behind a Data Integrity proof, so every
 * OB 3.0 credential with one fails verification elsewhere. A start-up warning, not a refusal:
 * tests and local trials run on http.
 */
export function publicUrlWarning(publicUrl: string): string | undefined {
  const url = new URL(publicUrl);
  if (url.protocol !== 'http:' || LOCAL_HOSTS.has(url.hostname)) return undefined;
  return `PUBLIC_URL ${publicUrl} is plain http: did:web resolves over https only, so no one else can verify the Data Integrity proofs of OB 3.0 credentials. Serve the service over https.`;
}
