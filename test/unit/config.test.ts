import { expect } from 'chai';
import { CONFIG_KEYS, loadConfig, publicUrlWarning } from '../../src/config.js';
import { AccoladeError } from '../../src/errors.js';

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

  it('documents every key it reads', () => {
    const names = CONFIG_KEYS.map((key) => key.name);
    expect(new Set(names).size).to.equal(names.length);
    for (const required of [
      'PORT',
      'PUBLIC_URL',
      'DATA_DIR',
      'MONGODB_URI',
      'ADMIN_TOKEN',
      'RULES_PATH',
      'LOG_LEVEL',
    ]) {
      expect(names).to.include(required);
    }
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
});
