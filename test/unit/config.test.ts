import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { CONFIG_KEYS, loadConfig, publicUrlWarning } from '../../src/config.js';
import { AccoladeError } from '../../src/errors.js';
import { projectPath } from '../../src/paths.js';

/**
 * Environment variables src/ reads that are not the service's settings, each with why. Every
 * other variable read anywhere in src/ must be in the settings table.
 */
const NOT_SERVICE_SETTINGS: Readonly<Record<string, string>> = {
  ACCOLADE_API_KEY: "the rules:check command's key for --against (docs/catalog.md), not the service's",
  INIT_CWD: 'set by npm: the folder `npm run rules:check` was started from, to resolve the file it names',
  FONTCONFIG_FILE: "fontconfig's own variable, set (when unset) to the shipped fonts, never a setting",
};

/** Variable names a source text reads from the environment, by the ways src/ reads them. */
function variablesRead(source: string): string[] {
  const patterns = [
    /\benv\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/g,
    /\benv\.([A-Z][A-Z0-9_]*)\b/g,
    /\b(?:text|integer)\(\s*env\s*,\s*['"`]([A-Z][A-Z0-9_]*)['"`]/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]!));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function configError(env: Record<string, string>): AccoladeError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof AccoladeError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to refuse the environment');
}

describe('configuration', () => {
  it('starts with no settings at all, on working defaults', () => {
    const config = loadConfig({});
    expect(config.port).to.equal(3000);
    expect(config.publicUrl).to.equal('http://localhost:3000');
    expect(config.dataDir).to.equal('./data');
    expect(config.mongodbUri).to.equal(undefined);
    expect(config.logLevel).to.equal('info');
    expect(config.rateLimitPerMinute).to.equal(120);
    expect(config.keyRotationOverlapHours).to.equal(24);
    expect(config.issuer.url).to.equal('http://localhost:3000');
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('derives PUBLIC_URL from PORT and drops a trailing slash from an explicit one', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).to.equal('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://badges.example/awards/' }).publicUrl).to.equal(
      'https://badges.example/awards',
    );
  });

  for (const [name, value] of [
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PUBLIC_URL', 'ftp://example.org'],
    ['PUBLIC_URL', 'not a url'],
    ['LOG_LEVEL', 'verbose'],
    ['RATE_LIMIT_PER_MINUTE', '-1'],
    ['KEY_ENCRYPTION_SECRET', 'short'],
    ['ADMIN_TOKEN', 'short'],
    ['MONGODB_URI', 'http://db'],
    ['VERIFY_ALLOWED_HOSTS', 'good.example, bad host'],
    ['TRUST_PROXY', 'maybe'],
    ['ISSUER_EMAIL', 'ana..silva@contoso.com'],
  ] as const) {
    it(`refuses ${name}=${JSON.stringify(value)} with an error naming the variable`, () => {
      const error = configError({ [name]: value });
      expect(error.code).to.equal('config_invalid');
      expect(error.details).to.deep.equal({ variable: name });
    });
  }

  it('parses allowed verification hosts, with and without ports', () => {
    const config = loadConfig({ VERIFY_ALLOWED_HOSTS: '127.0.0.1:8080, Issuer.Internal ,[::1]:9000' });
    expect(config.verifyAllowedHosts).to.deep.equal(['127.0.0.1:8080', 'issuer.internal', '[::1]:9000']);
  });

  it('lists each variable once in its table', () => {
    const names = CONFIG_KEYS.map((key) => key.name);
    expect(new Set(names).size).to.equal(names.length);
    expect(names).to.include.members(['PORT', 'PUBLIC_URL', 'DATA_DIR', 'MONGODB_URI', 'ADMIN_TOKEN', 'LOG_LEVEL']);
  });

  it('finds the variables a source reads, however it reads them', () => {
    const source = "const a = process.env['ONE']; const b = env.TWO; const c = text(env, 'THREE'); env[name];";
    expect(variablesRead(source)).to.have.members(['ONE', 'TWO', 'THREE']);
  });

  it('has in its table every environment variable read anywhere in src/', () => {
    const read = new Set(sourceFiles(projectPath('src')).flatMap((file) => variablesRead(readFileSync(file, 'utf8'))));
    // The exceptions are read as the scan sees them, so the scan works and the list stays true.
    expect([...read]).to.include.members(Object.keys(NOT_SERVICE_SETTINGS));
    const documented = new Set(CONFIG_KEYS.map((key) => key.name));
    const missing = [...read].filter((name) => !documented.has(name) && !(name in NOT_SERVICE_SETTINGS));
    expect(missing, 'variables read in src/ but missing from the settings table').to.deep.equal([]);
  });

  it('reads every variable of its table, and no other', () => {
    const asked: string[] = [];
    const env = new Proxy({} as Record<string, string | undefined>, {
      get: (_target, name) => {
        if (typeof name === 'string') asked.push(name);
        return undefined;
      },
    });
    loadConfig(env);
    expect([...new Set(asked)].sort()).to.deep.equal(CONFIG_KEYS.map((key) => key.name).sort());
  });

  describe('a PUBLIC_URL that will not serve', () => {
    it('is warned about on plain http at a host other than this machine, since did:web needs https', () => {
      expect(publicUrlWarning('http://badges.example.org')).to.include('did:web');
      expect(publicUrlWarning('http://203.0.113.7:3000/badges')).to.include('https');
    });

    it('is not warned about on https, or on plain http at this machine', () => {
      for (const url of [
        'https://badges.example.org',
        'http://localhost:3000',
        'http://127.0.0.1:8080/a',
        'http://[::1]:3000',
      ]) {
        expect(publicUrlWarning(url), url).to.equal(undefined);
      }
    });
  });

  it('comes from REMINDER_SCHEDULE and REMINDER_CRON, with daily 09:00 UTC and P3D,P10D,P30D,P90D by default', () => {
    const defaults = loadConfig({});
    expect(defaults.reminders.cron).to.equal('0 9 * * *');
    expect(defaults.reminders.schedule.map((d) => d.text)).to.deep.equal(['P3D', 'P10D', 'P30D', 'P90D']);
    const fast = loadConfig({ REMINDER_CRON: '*/1 * * * * *', REMINDER_SCHEDULE: 'PT2S, PT4S' });
    expect(fast.reminders.cron).to.equal('*/1 * * * * *');
    expect(fast.reminders.schedule.map((d) => d.text)).to.deep.equal(['PT2S', 'PT4S']);
  });

  for (const cron of ['every day', '61 * * * *', '* * * * * * *', '0 25 * * *']) {
    it(`refuses REMINDER_CRON "${cron}" at start, naming the variable`, () => {
      const error = configError({ REMINDER_CRON: cron });
      expect(error.code).to.equal('config_invalid');
      expect(error.details).to.deep.equal({ variable: 'REMINDER_CRON' });
      expect(error.message).to.include(cron);
    });
  }

  for (const [schedule, problem] of [
    ['3 days', /not an ISO 8601 duration/],
    ['P10D,P3D', /increasing order/],
    ['P3D,P3D', /increasing order/],
    ['PT0S', /zero/],
    ['P3D,,P10D', /not an ISO 8601 duration/],
  ] as const) {
    it(`refuses REMINDER_SCHEDULE "${schedule}"`, () => {
      const error = configError({ REMINDER_SCHEDULE: schedule });
      expect(error.code).to.equal('config_invalid');
      expect(error.details).to.deep.equal({ variable: 'REMINDER_SCHEDULE' });
      expect(error.message).to.match(problem);
    });
  }
});
