import { expect } from 'chai';
import { cacheLifetimeMs } from '../../../../src/adapters/fetch-safe/cacheLifetime.js';
import { withCache } from '../../../../src/adapters/fetch-safe/responseCache.js';
import { AccoladeError } from '../../../../src/errors.js';
import { fixedClock } from '../../../../src/ports/clock.js';
import type { FetchedResponse, Fetcher, FetcherInit } from '../../../../src/ports/fetcher.js';

interface CountingFetcher extends Fetcher {
  readonly calls: Array<{ url: string; accept: string | undefined }>;
}

/** A stand-in issuer: answers every URL with its path, status and headers as configured. */
function issuerAnswering(status = 200, headers: Record<string, string> = {}, bodySize = 0): CountingFetcher {
  const calls: CountingFetcher['calls'] = [];
  const fetcher = async (url: string, init: FetcherInit = {}): Promise<FetchedResponse> => {
    calls.push({ url, accept: init.accept });
    const body = bodySize > 0 ? Buffer.alloc(bodySize, 0x61) : Buffer.from(`${url} #${calls.length}`);
    return { url, status, contentType: 'application/json', headers, body };
  };
  return Object.assign(fetcher, { calls });
}

function failingIssuer(): CountingFetcher {
  const calls: CountingFetcher['calls'] = [];
  const fetcher = async (url: string, init: FetcherInit = {}): Promise<FetchedResponse> => {
    calls.push({ url, accept: init.accept });
    throw new AccoladeError('fetch_failed', 'down', { reason: 'network', url });
  };
  return Object.assign(fetcher, { calls });
}

const limits = { defaultTtlMs: 60_000, maxTtlMs: 600_000 };

describe('fetched document cache', () => {
  const url = 'https://issuer.example/profile';

  it('serves a repeated fetch from the cache for the default lifetime, then fetches again', async () => {
    const clock = fixedClock('2025-03-01T10:00:00Z');
    const issuer = issuerAnswering();
    const cached = withCache(issuer, { clock });
    const first = await cached(url);
    clock.advance(59_000);
    const second = await cached(url);
    expect(second.body.toString()).to.equal(first.body.toString());
    expect(issuer.calls).to.have.length(1);
    clock.advance(1_000);
    await cached(url);
    expect(issuer.calls).to.have.length(2);
  });

  it('keeps a response for its max-age, capped by the maximum lifetime', async () => {
    const clock = fixedClock('2025-03-01T10:00:00Z');
    const issuer = issuerAnswering(200, { 'cache-control': 'public, max-age=86400' });
    const cached = withCache(issuer, { clock, maxTtlMs: 600_000 });
    await cached(url);
    clock.advance(599_000);
    await cached(url);
    expect(issuer.calls).to.have.length(1);
    clock.advance(1_000);
    await cached(url);
    expect(issuer.calls).to.have.length(2);
  });

  for (const cacheControl of ['no-store', 'no-cache', 'max-age=0', 'private, no-cache="set-cookie"']) {
    it(`does not keep a response marked "${cacheControl}"`, async () => {
      const issuer = issuerAnswering(200, { 'cache-control': cacheControl });
      const cached = withCache(issuer, { clock: fixedClock('2025-03-01T10:00:00Z') });
      await cached(url);
      await cached(url);
      expect(issuer.calls).to.have.length(2);
    });
  }

  it('does not keep responses other than 200', async () => {
    const issuer = issuerAnswering(410);
    const cached = withCache(issuer, { clock: fixedClock('2025-03-01T10:00:00Z') });
    expect((await cached(url)).status).to.equal(410);
    await cached(url);
    expect(issuer.calls).to.have.length(2);
  });

  it('does not keep failures', async () => {
    const issuer = failingIssuer();
    const cached = withCache(issuer, { clock: fixedClock('2025-03-01T10:00:00Z') });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await cached(url);
        expect.fail('expected the fetch to fail');
      } catch (error) {
        expect((error as AccoladeError).code).to.equal('fetch_failed');
      }
    }
    expect(issuer.calls).to.have.length(2);
  });

  it('keeps responses for different Accept headers apart', async () => {
    const issuer = issuerAnswering();
    const cached = withCache(issuer, { clock: fixedClock('2025-03-01T10:00:00Z') });
    await cached(url, { accept: 'application/json' });
    await cached(url, { accept: 'text/html' });
    await cached(url, { accept: 'application/json' });
    expect(issuer.calls.map((call) => call.accept)).to.deep.equal(['application/json', 'text/html']);
  });

  it('evicts the least recently used entry when full', async () => {
    const issuer = issuerAnswering();
    const cached = withCache(issuer, { clock: fixedClock('2025-03-01T10:00:00Z'), maxEntries: 2 });
    await cached('https://a.example/');
    await cached('https://b.example/');
    await cached('https://a.example/');
    await cached('https://c.example/');
    await cached('https://a.example/');
    expect(issuer.calls).to.have.length(3);
    await cached('https://b.example/');
    expect(issuer.calls.map((call) => call.url)).to.deep.equal([
      'https://a.example/',
      'https://b.example/',
      'https://c.example/',
      'https://b.example/',
    ]);
  });

  it('evicts entries when their bodies exceed the byte budget', async () => {
    const issuer = issuerAnswering(200, {}, 600);
    const cached = withCache(issuer, { clock: fixedClock('2025-03-01T10:00:00Z'), maxTotalBytes: 1000 });
    await cached('https://a.example/');
    await cached('https://b.example/');
    await cached('https://a.example/');
    expect(issuer.calls).to.have.length(3);
  });

  it('shares one fetch between concurrent identical requests', async () => {
    const issuer = issuerAnswering(200, { 'cache-control': 'no-store' });
    const cached = withCache(issuer, { clock: fixedClock('2025-03-01T10:00:00Z') });
    const answers = await Promise.all([cached(url), cached(url), cached(url)]);
    expect(issuer.calls).to.have.length(1);
    expect(new Set(answers.map((answer) => answer.body.toString())).size).to.equal(1);
  });

  it('gives each caller its own body, so one cannot alter what the next reads', async () => {
    const cached = withCache(issuerAnswering(), { clock: fixedClock('2025-03-01T10:00:00Z') });
    const first = await cached(url);
    first.body.fill(0);
    expect((await cached(url)).body.toString()).to.equal(`${url} #1`);
  });
});

describe('cache lifetime of a response', () => {
  it('uses the default when the response says nothing', () => {
    expect(cacheLifetimeMs({}, limits)).to.equal(60_000);
  });

  it('takes max-age less the Age already spent', () => {
    expect(cacheLifetimeMs({ 'cache-control': 'max-age=300', age: '100' }, limits)).to.equal(200_000);
  });

  it('reads directives case-insensitively among others', () => {
    expect(cacheLifetimeMs({ 'cache-control': 'public, Max-Age=30, must-revalidate' }, limits)).to.equal(30_000);
  });

  it('measures Expires against the response Date', () => {
    const headers = { date: 'Sat, 01 Mar 2025 10:00:00 GMT', expires: 'Sat, 01 Mar 2025 10:02:00 GMT' };
    expect(cacheLifetimeMs(headers, limits)).to.equal(120_000);
  });

  it('treats an unparseable Expires as already expired', () => {
    expect(cacheLifetimeMs({ expires: '0' }, limits)).to.equal(0);
  });

  it('never exceeds the maximum lifetime', () => {
    expect(cacheLifetimeMs({ 'cache-control': 'max-age=31536000' }, limits)).to.equal(600_000);
  });
});
