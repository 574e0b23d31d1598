import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { validate as isCronExpression } from 'node-cron';
import { type IsoDuration, parseReminderSchedule } from './app/reminders/reminderSchedule.js';
import { parseTrustedIssuers, type TrustedIssuer } from './app/verify/trustedIssuers.js';
import { isEmailAddress } from './domain/email.js';
import { AccoladeError } from './errors.js';

/**
 * The service's settings, all from environment variables, validated once at start-up: a bad value
 * stops the start with a `config_invalid` error naming the variable. SETTINGS below is the one
 * table of them (variable, default, meaning, parser); Config is built from it and the README's
 * table is printed from it.
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

type Env = Readonly<Record<string, string | undefined>>;

/** A leaf of Config, named by its path: `port`, `issuer.name`, `reminders.schedule` … */
type Leaf = string | number | boolean | undefined | readonly unknown[];
type PathsOf<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends Leaf ? `${Prefix}${K}` : PathsOf<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
type ValueAt<T, P extends string> = P extends `${infer K}.${infer Rest}`
  ? K extends keyof T
    ? ValueAt<T[K], Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never;
export type SettingPath = PathsOf<Config>;

/** Another setting's value, for a setting whose default or meaning depends on it. */
type Get = <P extends SettingPath>(path: P) => ValueAt<Config, P>;

/** One environment variable as the README's configuration table shows it: name, default, meaning. */
export interface ConfigKey {
  readonly name: string;
  readonly default: string;
  readonly doc: string;
}

/** A row of the settings table: the variable as documented, and how its value is read. */
interface Setting<T> extends ConfigKey {
  /**
   * The value from the variable's text (trimmed; undefined when unset or blank). A bad value
   * throws `Problem`, which the loader reports under this variable's name.
   */
  parse(raw: string | undefined, get: Get): T;
}

/** What is wrong with a variable's value, finished as "NAME <problem>" by the loader. */
class Problem extends Error {}

function problem(text: string): never {
  throw new Problem(text);
}

/** A setting whose default is a value of the variable itself: unset or blank reads as `default`. */
function valued<T>(name: string, default_: string, doc: string, parse: (text: string, get: Get) => T): Setting<T> {
  return { name, default: default_, doc, parse: (raw, get) => parse(raw ?? default_, get) };
}

/** A setting that may stay unset, or whose default is worked out (the README's default says how). */
function derived<T>(
  name: string,
  shownDefault: string,
  doc: string,
  parse: (raw: string | undefined, get: Get) => T,
): Setting<T> {
  return { name, default: shownDefault, doc, parse };
}

const asIs = (text: string): string => text;

function wholeNumber(min: number, max: number): (text: string) => number {
  return (text) => {
    if (!/^\d+$/.test(text)) problem(`must be a whole number, got "${text}"`);
    const value = Number(text);
    if (value < min || value > max) problem(`must be between ${min} and ${max}, got ${value}`);
    return value;
  };
}

function httpUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problem(`must be an absolute http(s) URL, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') problem(`must use http or https, got "${text}"`);
  if (url.search || url.hash) problem('must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}

function optional<T>(parse: (text: string) => T): (raw: string | undefined) => T | undefined {
  return (raw) => (raw === undefined ? undefined : parse(raw));
}

function atLeastCharacters(length: number): (text: string) => string {
  return (text) => {
    if (text.length < length) problem(`must be at least ${length} characters long`);
    return text;
  };
}

function logLevel(text: string): LogLevel {
  const level = text.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    problem(`must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  }
  return level as LogLevel;
}

function mongodbUri(text: string): string {
  if (!/^mongodb(\+srv)?:\/\//.test(text)) problem('must start with mongodb:// or mongodb+srv://');
  return text;
}

function smtpUrl(text: string): string {
  if (!/^smtps?:\/\/[^/]/.test(text)) problem('must start with smtp:// or smtps://');
  return text;
}

function emailAddress(text: string): string {
  if (!isEmailAddress(text)) problem(`is not an email address: "${text}"`);
  return text;
}

function hostList(raw: string | undefined): readonly string[] {
  const hosts = (raw ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry.length > 0);
  for (const host of hosts) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(host)) problem(`has an invalid host "${host}"`);
  }
  return Object.freeze(hosts);
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
function trustProxy(text: string): TrustProxy {
  const raw = text.toLowerCase();
  if (['0', 'false', 'no'].includes(raw)) return false;
  if (['true', 'yes', 'all'].includes(raw)) {
    problem(
      `must not be "${raw}": it would trust every X-Forwarded-For hop, so any client could choose its own address. Give the number of proxies in front of the service (e.g. 1) or their addresses or CIDR ranges`,
    );
  }
  if (/^\d+$/.test(raw)) return wholeNumber(1, 100)(raw);
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    if (!isProxyAddress(entry)) {
      problem(
        `has "${entry}", which is neither a hop count, an IP address, a CIDR range nor loopback, linklocal or uniquelocal`,
      );
    }
  }
  return Object.freeze(entries);
}

function trustedIssuers(path: string | undefined): readonly TrustedIssuer[] {
  if (path === undefined) return Object.freeze([]);
  let contents: string;
  try {
    contents = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    problem(`names a file that cannot be read: ${path} (${reason})`);
  }
  // Its own errors are config_invalid already, naming the variable and the entry at fault.
  return Object.freeze(parseTrustedIssuers(contents, path));
}

function cronExpression(text: string): string {
  if (!isCronExpression(text)) problem(`is not a cron expression (five fields, or six with seconds), got "${text}"`);
  return text;
}

function reminderSchedule(text: string): readonly IsoDuration[] {
  try {
    return Object.freeze(parseReminderSchedule(text));
  } catch (error) {
    problem((error as Error).message);
  }
}

/**
 * Every setting the service reads: its variable, its default and meaning (printed into the
 * README by `scripts/print-config-table.ts`; a test holds the two equal) and how its value is
 * read and checked. Config is built from this table alone. To add a setting, add its field to
 * Config and its entry here (in the order the README lists it).
 */
const SETTINGS: { readonly [P in SettingPath]: Setting<ValueAt<Config, P>> } = {
  port: valued('PORT', '3000', 'TCP port the HTTP server listens on.', wholeNumber(0, 65535)),
  host: valued(
    'HOST',
    '127.0.0.1',
    'Address the HTTP server binds to; set `0.0.0.0` to accept connections from other machines.',
    asIs,
  ),
  publicUrl: derived(
    'PUBLIC_URL',
    'http://localhost:PORT',
    "Base of every URL the service publishes (badge ids, keys, DID). Its path, if any, is where the service is mounted. Use https in production: the issuer's DID is did:web, which resolves over https only, so on plain http (any host but localhost, 127.0.0.1, [::1]) no one else can verify the Data Integrity proofs of its OB 3.0 credentials; the service logs a warning at start.",
    (raw, get) => httpUrl(raw ?? `http://localhost:${get('port')}`),
  ),
  dataDir: valued('DATA_DIR', './data', 'Directory of the embedded store and of the generated key secret.', asIs),
  mongodbUri: derived(
    'MONGODB_URI',
    '(unset)',
    'When set, MongoDB is used instead of the embedded store.',
    optional(mongodbUri),
  ),
  mongodbDb: valued('MONGODB_DB', 'accolade', 'MongoDB database name.', asIs),
  adminToken: derived(
    'ADMIN_TOKEN',
    '(unset)',
    'When set, accepted as an admin API key with every scope.',
    optional(atLeastCharacters(16)),
  ),
  // Unset, the service reads the catalog it ships (wherever it is installed), hence undefined.
  rulesPath: derived(
    'RULES_PATH',
    'assets/catalog.json',
    'The programme catalog and eligibility rules (JSON); reloaded when it changes and on SIGHUP.',
    optional(asIs),
  ),
  logLevel: valued('LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace or silent.', logLevel),
  rateLimitPerMinute: valued(
    'RATE_LIMIT_PER_MINUTE',
    '120',
    'Requests per minute per client IP on public endpoints (verify); 0 turns limiting off.',
    wholeNumber(0, 1_000_000),
  ),
  adminAuthFailuresPerMinute: valued(
    'ADMIN_AUTH_FAILURES_PER_MINUTE',
    '20',
    'Failed API-key authentications per client IP per minute; beyond it every API request from that address answers 429 `rate_limited` (with `Retry-After`) until the minute ends, whatever key it carries. 0 turns it off.',
    wholeNumber(0, 1_000_000),
  ),
  keyEncryptionSecret: derived(
    'KEY_ENCRYPTION_SECRET',
    '(generated under DATA_DIR)',
    'Secret that encrypts signing keys at rest. Production must set it (at least 32 characters); when unset a generated one is kept in DATA_DIR and a warning is logged.',
    optional(atLeastCharacters(32)),
  ),
  keyRotationOverlapHours: valued(
    'KEY_ROTATION_OVERLAP_HOURS',
    '24',
    'After a rotation, hours during which the next key is published but not yet used to sign; 0 switches at once.',
    wholeNumber(0, 24 * 365),
  ),
  'issuer.name': valued('ISSUER_NAME', 'Accolade Certification Programme', 'Issuer name in every badge.', asIs),
  'issuer.url': derived('ISSUER_URL', 'PUBLIC_URL', 'Issuer home page.', (raw, get) =>
    raw === undefined ? get('publicUrl') : httpUrl(raw),
  ),
  'issuer.email': valued(
    'ISSUER_EMAIL',
    'badges@example.org',
    'Issuer contact email (required by Open Badges 2.0).',
    emailAddress,
  ),
  'issuer.description': derived(
    'ISSUER_DESCRIPTION',
    '(a short default)',
    'Issuer description shown on badges and pages.',
    (raw) => raw ?? 'Digital badges for the exams and certifications of the Accolade certification programme.',
  ),
  'issuer.descriptionFr': derived(
    'ISSUER_DESCRIPTION_FR',
    '(a short default)',
    'The issuer description in French, for the French pages (badges carry `ISSUER_DESCRIPTION`).',
    (raw) => raw ?? 'Badges numériques pour les examens et certifications du programme de certification Accolade.',
  ),
  // Unset, the service serves its own logo under PUBLIC_URL, hence undefined.
  'issuer.imageUrl': derived('ISSUER_IMAGE_URL', 'PUBLIC_URL/images/issuer.png', 'Issuer logo URL.', optional(httpUrl)),
  'issuer.linkedInOrganizationId': derived(
    'ISSUER_LINKEDIN_ORGANIZATION_ID',
    '(unset)',
    'LinkedIn organisation id for add-to-profile links (and OB 3.0 `otherIdentifier`).',
    optional(asIs),
  ),
  verifyAllowedHosts: derived(
    'VERIFY_ALLOWED_HOSTS',
    '(none)',
    'Comma-separated `host` or `host:port` the verifier may fetch although private or loopback (plain http allowed for them).',
    hostList,
  ),
  verifyTrustedIssuers: derived(
    'VERIFY_TRUSTED_ISSUERS',
    '(none)',
    'A JSON file listing the issuers the verifier names as known: `[{ "id": "…" \\| "domain": "…", "name": "…" }]` (an exact issuer id, or a domain that vouches through did:web or an https id). Read and checked at start.',
    trustedIssuers,
  ),
  verifyFetchTimeoutMs: valued(
    'VERIFY_FETCH_TIMEOUT_MS',
    '5000',
    'Timeout of each fetch the verifier makes.',
    wholeNumber(100, 120_000),
  ),
  verifyMaxResponseBytes: valued(
    'VERIFY_MAX_RESPONSE_BYTES',
    '2000000',
    'Largest response the verifier reads.',
    wholeNumber(1024, 100_000_000),
  ),
  bodyLimitBytes: valued(
    'BODY_LIMIT_BYTES',
    '1000000',
    'Largest JSON request body (bulk CSV and images have their own limits).',
    wholeNumber(1024, 100_000_000),
  ),
  bulkMaxRows: valued('BULK_MAX_ROWS', '100000', 'Most rows in one bulk job.', wholeNumber(1, 1_000_000)),
  trustProxy: valued(
    'TRUST_PROXY',
    'false',
    'Reverse proxies whose X-Forwarded-For is believed for client IPs (rate limits): `false`, the number of proxies in front of the service (e.g. `1`), or a comma-separated list of their addresses and CIDR ranges (also `loopback`, `linklocal`, `uniquelocal`). `true` is refused: it would let any client choose its own address.',
    trustProxy,
  ),
  'mail.smtpUrl': derived(
    'SMTP_URL',
    '(unset)',
    'SMTP server for outgoing mail, as `smtp://user:pass@host:587` or `smtps://…:465` (pooled connections). Unset, each message is written as an RFC 5322 `.eml` file under `DATA_DIR/outbox/`.',
    optional(smtpUrl),
  ),
  'mail.from': derived(
    'MAIL_FROM',
    'ISSUER_NAME <ISSUER_EMAIL>',
    'The From address of every email.',
    (raw, get) => raw ?? `"${get('issuer.name').replace(/["\\]/g, '')}" <${get('issuer.email')}>`,
  ),
  'reminders.cron': valued(
    'REMINDER_CRON',
    '0 9 * * *',
    'When the reminder job runs (node-cron, UTC): five fields, or six with seconds first (`*/10 * * * * *`).',
    cronExpression,
  ),
  'reminders.schedule': valued(
    'REMINDER_SCHEDULE',
    'P3D,P10D,P30D,P90D',
    'Comma-separated ISO 8601 durations after `issuedOn` when a badge still pending is due a reminder (seconds allowed, e.g. `PT2S`); none after the last.',
    reminderSchedule,
  ),
};

/** The settings in the README's order: variable, default, meaning. */
export const CONFIG_KEYS: readonly ConfigKey[] = Object.values(SETTINGS).map(({ name, default: shown, doc }) => ({
  name,
  default: shown,
  doc,
}));

/** Reads and validates the configuration once, from SETTINGS alone; the result is frozen. */
export function loadConfig(env: Env = process.env): Config {
  const values = new Map<string, unknown>();
  const get = (<P extends SettingPath>(path: P): ValueAt<Config, P> => {
    if (!values.has(path)) {
      const setting = SETTINGS[path] as Setting<unknown>;
      const raw = env[setting.name]?.trim();
      try {
        values.set(path, setting.parse(raw === '' ? undefined : raw, get));
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        throw new AccoladeError('config_invalid', `${setting.name} ${error.message}`, { variable: setting.name });
      }
    }
    return values.get(path) as ValueAt<Config, P>;
  }) as Get;

  const config: Record<string, unknown> = {};
  const groups: Record<string, Record<string, unknown>> = {};
  for (const path of Object.keys(SETTINGS) as SettingPath[]) {
    const [key, field] = path.split('.') as [string, string | undefined];
    if (field === undefined) {
      config[key] = get(path);
    } else {
      if (groups[key] === undefined) {
        groups[key] = {};
        config[key] = groups[key];
      }
      groups[key][field] = get(path);
    }
  }
  for (const group of Object.values(groups)) Object.freeze(group);
  return Object.freeze(config) as unknown as Config;
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
