import { expect } from 'chai';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, expectError, issueNew, postAward } from './support/api.js';
import { azureFundamentalsPass } from './support/awardRequests.js';

const WRONG_KEY = 'acl_not-a-key-at-all-000000000000';

describe('admin API requests', () => {
  const clock = fixedClock('2024-06-01T12:00:00Z');
  let service: TestService;
  before(async () => {
    service = await startTestService({ clock, env: { ADMIN_AUTH_FAILURES_PER_MINUTE: '10' } });
  });
  after(() => service.close());

  describe('are authenticated before their body is read', () => {
    for (const path of [
      '/api/v1/awards',
      '/api/v1/api-keys',
      '/api/v1/profiles/merge',
      '/api/v1/profiles/ACC-0000-0000/name-changes',
      '/api/v1/name-changes/x/approve',
    ]) {
      it(`answers 401, not malformed_json, to a stranger sending broken JSON to ${path}`, async () => {
        const answer = await call(service, 'POST', path, {
          rawBody: '{"recipient": ',
          headers: { 'content-type': 'application/json' },
          token: null,
        });

        expectError(answer, 401, 'unauthorized');
      });
    }

    it('answers 401, not payload_too_large, to a stranger sending more than BODY_LIMIT_BYTES', async () => {
      const answer = await call(service, 'POST', '/api/v1/api-keys', {
        rawBody: `{"name":"${'x'.repeat(1_100_000)}"}`,
        headers: { 'content-type': 'application/json' },
        token: null,
      });

      expectError(answer, 401, 'unauthorized');
    });

    it('still reads the body once the key is good: broken JSON is then malformed_json', async () => {
      const answer = await call(service, 'POST', '/api/v1/awards', {
        rawBody: '{"recipient": ',
        headers: { 'content-type': 'application/json' },
      });

      expectError(answer, 400, 'malformed_json');
    });
  });

  describe('with a body that is not JSON', () => {
    it('answers 415 unsupported_media_type to a text/plain award request', async () => {
      const body = JSON.stringify(azureFundamentalsPass());
      const answer = await call(service, 'POST', '/api/v1/awards', {
        rawBody: body,
        headers: { 'content-type': 'text/plain' },
      });

      expectError(answer, 415, 'unsupported_media_type');
    });

    it('answers 415 to a body without any Content-Type', async () => {
      const answer = await call(service, 'POST', '/api/v1/api-keys', {
        rawBody: Buffer.from('{"name":"x","scopes":["read"]}'),
        headers: {},
      });

      expectError(answer, 415, 'unsupported_media_type');
    });

    it('lets routes without a body work with no body and no Content-Type', async () => {
      const rotated = await call(service, 'POST', '/api/v1/keys/rotate');
      const award = await issueNew(service, azureFundamentalsPass());
      // Revocation needs its reason: without a body it is a validation problem, not a media type one.
      const revoke = await call(service, 'POST', `/api/v1/awards/${award.id}/revoke`);

      expect(rotated.status, rotated.text).to.equal(201);
      expectError(revoke, 400, 'validation_failed');
    });
  });

  it('keeps the first revokedAt when an API key is revoked twice', async () => {
    const created = await call<{ id: string }>(service, 'POST', '/api/v1/api-keys', {
      body: { name: 'twice', scopes: ['read'] },
    });
    const first = await call<{ revokedAt: string }>(service, 'DELETE', `/api/v1/api-keys/${created.body.id}`);
    clock.advance(3_600_000);
    const second = await call<{ revokedAt: string }>(service, 'DELETE', `/api/v1/api-keys/${created.body.id}`);

    expect(first.body.revokedAt).to.equal('2024-06-01T12:00:00.000Z');
    expect(second.status).to.equal(200);
    expect(second.body.revokedAt).to.equal(first.body.revokedAt);
  });

  it('throttles a client after 10 failed authentications in a minute, good key or not, until the minute ends', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await call(service, 'GET', '/api/v1/awards', { token: `${WRONG_KEY}${i}` })).status);
    }
    const goodKey = await call(service, 'GET', '/api/v1/awards');
    const verify = await call(service, 'POST', '/api/v1/verify', { body: { credential: 'x' }, token: null });

    expect(statuses).to.deep.equal([...Array(10).fill(401), 429, 429]);
    expectError(goodKey, 429, 'rate_limited');
    expect(Number(goodKey.headers.get('retry-after'))).to.be.within(1, 60);
    // Public verification has its own limit and is not affected.
    expect(verify.status).to.equal(200);

    clock.advance(60_000);
    expect((await call(service, 'GET', '/api/v1/awards')).status).to.equal(200);
    expect((await postAward(service, azureFundamentalsPass())).status).to.equal(201);
  });
});
