import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import { AccoladeError } from '../../src/errors.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call } from './support/api.js';

const NOT_A_BADGE = 'not a badge';

/** Ten verifications, each claiming another client address in the part of X-Forwarded-For a client writes. */
async function spoofedBurst(service: TestService, realClient?: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 1; i <= 10; i++) {
    const forwarded = realClient === undefined ? `198.51.100.${i}` : `198.51.100.${i}, ${realClient}`;
    const answer = await call(service, 'POST', '/api/v1/verify', {
      body: { credential: NOT_A_BADGE },
      token: null,
      headers: { 'x-forwarded-for': forwarded },
    });
    statuses.push(answer.status);
  }
  return statuses;
}

const FIVE_PASS = [200, 200, 200, 200, 200, 429, 429, 429, 429, 429];

describe('TRUST_PROXY and the rate-limit key', () => {
  let service: TestService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  async function start(trustProxy: string): Promise<TestService> {
    service = await startTestService({ env: { RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: trustProxy } });
    return service;
  }

  it('with one proxy hop, counts the address the proxy appended, whatever the client wrote before it', async () => {
    const started = await start('1');

    expect(await spoofedBurst(started, '203.0.113.7')).to.deep.equal(FIVE_PASS);
    // Another real client behind the same proxy has a budget of its own.
    expect((await spoofedBurst(started, '203.0.113.8'))[0]).to.equal(200);
  });

  it('with the proxy named by address or CIDR, counts the first address the proxy did not write', async () => {
    expect(await spoofedBurst(await start('127.0.0.1'), '203.0.113.7')).to.deep.equal(FIVE_PASS);
    await service?.close();
    expect(await spoofedBurst(await start('10.0.0.0/8, 127.0.0.0/8'), '203.0.113.7')).to.deep.equal(FIVE_PASS);
  });

  it('ignores X-Forwarded-For from a peer that is not a listed proxy', async () => {
    expect(await spoofedBurst(await start('10.9.9.9'))).to.deep.equal(FIVE_PASS);
  });

  it('sends a Retry-After equal to the reset of the RateLimit header', async () => {
    const started = await start('false');
    await spoofedBurst(started);
    const refused = await call(started, 'POST', '/api/v1/verify', {
      body: { credential: NOT_A_BADGE },
      token: null,
    });

    expect(refused.status).to.equal(429);
    const reset = /\breset=(\d+)/.exec(refused.headers.get('ratelimit') ?? '')?.[1];
    expect(reset).to.be.a('string');
    expect(refused.headers.get('retry-after')).to.equal(reset);
  });

  it('refuses TRUST_PROXY=true at start, which would let any client choose its own address', () => {
    for (const value of ['true', 'TRUE', 'yes']) {
      let refusal: unknown;
      try {
        loadConfig({ TRUST_PROXY: value });
      } catch (error) {
        refusal = error;
      }
      expect(refusal).to.be.instanceOf(AccoladeError);
      expect((refusal as AccoladeError).code).to.equal('config_invalid');
      expect((refusal as AccoladeError).details).to.deep.equal({ variable: 'TRUST_PROXY' });
    }
  });

  it('takes what Express takes: a hop count, addresses, CIDR ranges and range names', () => {
    expect(loadConfig({}).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).to.equal(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, fd00::/8 ,loopback' }).trustProxy).to.deep.equal([
      '10.0.0.1',
      'fd00::/8',
      'loopback',
    ]);
    for (const bad of ['10.0.0.300', 'proxy.internal', '10.0.0.0/33', '0x0a.0.0.1']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).to.throw(AccoladeError);
    }
  });
});
