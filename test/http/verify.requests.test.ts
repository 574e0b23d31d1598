import { expect } from 'chai';
import type { VerificationReport } from '../../src/badges/verify/index.js';
import { CHECK_IDS } from '../../src/badges/verify/index.js';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { type Answer, call, expectError, problemPaths } from './support/api.js';

const NOT_A_BADGE = { '@context': 'https://example.org/not-a-badge', hello: 'world' };

describe('POST /api/v1/verify requests', () => {
  let service: TestService;

  const post = (body: unknown, headers: Record<string, string> = {}, path = '/api/v1/verify') =>
    call<VerificationReport>(service, 'POST', path, { body, headers, token: null });
  const postRaw = (rawBody: string | Buffer, contentType: string, path = '/api/v1/verify') =>
    call<VerificationReport>(service, 'POST', path, { rawBody, headers: { 'content-type': contentType }, token: null });

  before(async () => {
    service = await startTestService({ clock: fixedClock('2024-06-01T12:00:00Z') });
  });
  after(() => service.close());

  it('needs no API key and answers 200 with the report even when the badge is not verified', async () => {
    const answer = await post({ credential: NOT_A_BADGE });

    expect(answer.status).to.equal(200);
    expect(answer.headers.get('cache-control')).to.equal('no-store');
    expect(answer.body).to.include({ verified: false, status: 'invalid', format: 'unknown' });
    expect(answer.body.verifiedAt).to.equal('2024-06-01T12:00:00.000Z');
    for (const check of answer.body.checks) {
      expect(CHECK_IDS).to.include(check.id);
      expect(check.ok).to.be.a('boolean');
      expect(check.message).to.be.a('string').and.not.equal('');
    }
  });

  it('refuses an unknown field with 400 validation_failed naming it', async () => {
    expect(problemPaths(await post({ url: 'https://issuer.example/a/1', format: 'ob2' }))).to.include('/format');
  });

  it('refuses a body with both url and credential, or neither', async () => {
    for (const body of [
      { url: 'https://issuer.example/a/1', credential: 'x.y.z' },
      {},
      { recipient: 'a@example.org' },
    ]) {
      expectError(await post(body), 400, 'validation_failed');
    }
  });

  it('refuses fields of the wrong type', async () => {
    for (const body of [{ url: 42 }, { credential: ['a'] }, { credential: '' }, { url: 'x', recipient: 7 }, []]) {
      expectError(await post(body), 400, 'validation_failed');
    }
  });

  it('answers 400 malformed_json to a body that is not JSON', async () => {
    expectError(await postRaw('{"url": ', 'application/json'), 400, 'malformed_json');
  });

  it('answers 400 validation_failed to a request without a body', async () => {
    expectError(await call(service, 'POST', '/api/v1/verify', { token: null }), 400, 'validation_failed');
  });

  it('answers 415 unsupported_media_type to a body it cannot read', async () => {
    expectError(await postRaw('<badge/>', 'application/xml'), 415, 'unsupported_media_type');
  });

  it('accepts a credential as application/ld+json too', async () => {
    const answer = await postRaw(JSON.stringify({ credential: NOT_A_BADGE }), 'application/ld+json');

    expect(answer.status).to.equal(200);
    expect(answer.body.status).to.equal('invalid');
  });

  it('refuses a ?recipient= given twice', async () => {
    expectError(
      await postRaw('a.b.c', 'text/plain', '/api/v1/verify?recipient=a@example.org&recipient=b@example.org'),
      400,
      'validation_failed',
    );
  });

  it('reports a URL that is not http(s) as a failed input.parse, not as a malformed request', async () => {
    const answer = await post({ url: 'javascript:alert(1)' });

    expect(answer.status).to.equal(200);
    expect(answer.body.checks.find((check) => check.id === 'input.parse')?.ok).to.equal(false);
  });
});

describe('rate limiting of public verification', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  after(() => service.close());

  const verify = (): Promise<Answer<unknown>> =>
    call(service, 'POST', '/api/v1/verify', { body: { credential: NOT_A_BADGE }, token: null });

  it('answers 429 rate_limited with Retry-After to the 4th request in a minute, API and page together', async () => {
    const statuses = [(await verify()).status, (await verify()).status];
    // A private address: refused before any connection or DNS lookup.
    const page = await call(service, 'GET', `/verify?url=${encodeURIComponent('https://10.0.0.1/badge')}`, {
      token: null,
      headers: { accept: 'text/html' },
    });
    statuses.push(page.status);

    const refused = await verify();
    const refusedPage = await call(service, 'GET', '/verify?url=https%3A%2F%2F10.0.0.1%2Fbadge', {
      token: null,
    });

    expect(statuses).to.deep.equal([200, 200, 200]);
    expectError(refused, 429, 'rate_limited');
    expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
    expect(refusedPage.status).to.equal(429);
    expect(refusedPage.headers.get('content-type')).to.match(/^text\/html/);
    expect(refusedPage.headers.get('retry-after')).to.not.equal(null);
  });

  it('never limits the empty verify form, which costs nothing', async () => {
    const answer = await call(service, 'GET', '/verify', { token: null });

    expect(answer.status).to.equal(200);
  });
});
