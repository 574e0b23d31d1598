import { expect } from 'chai';
import { verifyBadge } from '../../../../src/badges/verify/index.js';
import { checkOf, expectVerdict } from '../../../fixtures/verify/expectations.js';
import { testFetcher } from '../../../fixtures/verify/fetcher.js';
import { intercept, offline, resetIntercepts } from '../../../fixtures/verify/hosting.js';
import {
  createOb2Issuer,
  hostedAssertion,
  type Ob2Issuer,
  RECIPIENT_EMAIL,
  serveOb2Issuer,
  signedAssertion,
  signOb2,
  unsignedJws,
} from '../../../fixtures/verify/ob2Issuer.js';
import { clockAtNow, FUTURE, ISSUER, LONG_AGO } from '../../../fixtures/verify/scenario.js';
import { standards } from '../../../support/standards.js';

describe('verifying Open Badges 2.0', () => {
  offline();
  let issuer: Ob2Issuer;
  before(() => {
    issuer = createOb2Issuer();
  });

  const deps = (blocked?: (url: string) => boolean) => ({
    fetcher: testFetcher(blocked ? { blocked } : {}),
    clock: clockAtNow(),
    standards,
  });

  describe('hosted assertions', () => {
    it('accepts a hosted assertion re-fetched from its id and summarises it', async () => {
      const assertion = hostedAssertion(issuer, { expires: FUTURE });
      serveOb2Issuer(issuer, { assertions: [assertion] });
      const report = await verifyBadge({ kind: 'url', url: String(assertion['id']) }, deps());
      expectVerdict(report, 'valid');
      expect(report.format).to.equal('ob2-hosted');
      expect(report.badge).to.deep.include({
        name: 'Azure Fundamentals',
        description: 'Passed exam AZ-900.',
        expires: FUTURE,
      });
      expect(report.badge?.issuer).to.deep.equal({
        id: `${ISSUER}/issuer`,
        name: 'Example Issuer',
        url: ISSUER,
        domain: 'issuer.example',
        known: false,
        own: false,
      });
      expect(report.verifiedAt).to.equal('2025-06-01T00:00:00.000Z');
    });

    it('judges a pasted assertion on the copy fetched from its id, not on the pasted one', async () => {
      const hosted = hostedAssertion(issuer);
      serveOb2Issuer(issuer, { assertions: [hosted] });
      const pasted = { ...hosted, recipient: { type: 'email', hashed: false, identity: 'mallory@example.org' } };
      const report = await verifyBadge({ kind: 'credential', credential: pasted, recipient: RECIPIENT_EMAIL }, deps());
      expectVerdict(report, 'valid');
      expect(report.badge?.recipientMatch).to.equal(true);
    });

    it('reports a recipient mismatch as invalid', async () => {
      const assertion = hostedAssertion(issuer);
      serveOb2Issuer(issuer, { assertions: [assertion] });
      const report = await verifyBadge(
        { kind: 'credential', credential: assertion, recipient: 'bob@example.org' },
        deps(),
      );
      expectVerdict(report, 'invalid', 'recipient');
      expect(report.badge?.recipientMatch).to.equal(false);
    });

    it('matches the recipient whatever the case of the email and of the hash', async () => {
      const assertion = hostedAssertion(issuer);
      const recipient = assertion['recipient'] as Record<string, unknown>;
      const upper = {
        ...assertion,
        recipient: {
          ...recipient,
          identity: String(recipient['identity']).toUpperCase().replace('SHA256$', 'sha256$'),
        },
      };
      serveOb2Issuer(issuer, { assertions: [upper] });
      const report = await verifyBadge(
        { kind: 'credential', credential: upper, recipient: 'Alice@Example.org' },
        deps(),
      );
      expectVerdict(report, 'valid');
    });

    it('treats 410 Gone as revoked', async () => {
      serveOb2Issuer(issuer);
      intercept(ISSUER)
        .get('/assertions/gone')
        .reply(410, { id: `${ISSUER}/assertions/gone`, revoked: true });
      const report = await verifyBadge({ kind: 'url', url: `${ISSUER}/assertions/gone` }, deps());
      expectVerdict(report, 'revoked', 'status.revocation');
      expect(report.format).to.equal('ob2-hosted');
    });

    it('reads the reason, date and badge a 410 answer gives, and a badge only on its own origin', async () => {
      serveOb2Issuer(issuer);
      const badge = String(hostedAssertion(issuer)['badge']);
      const gone = { id: `${ISSUER}/assertions/gone`, revoked: true, revocationReason: 'fraud' };
      intercept(ISSUER)
        .get('/assertions/gone')
        .reply(410, { ...gone, revokedAt: '2024-03-01T10:00:00Z', badge })
        .get('/assertions/elsewhere')
        .reply(410, { ...gone, badge: 'https://other.example/badges/famous' });

      const own = await verifyBadge({ kind: 'url', url: `${ISSUER}/assertions/gone` }, deps());
      const elsewhere = await verifyBadge({ kind: 'url', url: `${ISSUER}/assertions/elsewhere` }, deps());

      expectVerdict(own, 'revoked', 'status.revocation');
      expect(own.revocation).to.deep.equal({ reason: 'fraud', revokedOn: '2024-03-01T10:00:00Z' });
      expect(own.badge?.name).to.equal('Azure Fundamentals');
      expectVerdict(elsewhere, 'revoked', 'status.revocation');
      expect(elsewhere.revocation).to.deep.equal({ reason: 'fraud' });
      expect(elsewhere).not.to.have.property('badge');
    });

    it('treats a hosted copy marked revoked: true as revoked', async () => {
      const assertion = hostedAssertion(issuer);
      serveOb2Issuer(issuer, { assertions: [{ id: assertion['id'], revoked: true, revocationReason: 'cheating' }] });
      const report = await verifyBadge({ kind: 'credential', credential: assertion }, deps());
      expectVerdict(report, 'revoked', 'status.revocation');
      expect(checkOf(report, 'status.revocation')?.message).to.contain('cheating');
    });

    it('reports an assertion past its expires date as expired', async () => {
      const assertion = hostedAssertion(issuer, { issuedOn: LONG_AGO, expires: '2024-01-01T00:00:00Z' });
      serveOb2Issuer(issuer, { assertions: [assertion] });
      const report = await verifyBadge({ kind: 'credential', credential: assertion }, deps());
      expectVerdict(report, 'expired', 'time.expiry');
    });

    it('reports an assertion issued in the future as not yet valid (expired category)', async () => {
      const assertion = hostedAssertion(issuer, { issuedOn: FUTURE });
      serveOb2Issuer(issuer, { assertions: [assertion] });
      const report = await verifyBadge({ kind: 'credential', credential: assertion }, deps());
      expectVerdict(report, 'expired', 'time.not_before');
    });

    it('refuses an issuedOn without a time zone', async () => {
      const assertion = hostedAssertion(issuer, { issuedOn: '2024-01-15T10:00:00' });
      serveOb2Issuer(issuer, { assertions: [assertion] });
      const report = await verifyBadge({ kind: 'credential', credential: assertion }, deps());
      expectVerdict(report, 'invalid', 'ob2.structure');
    });

    it('refuses a BadgeClass without criteria', async () => {
      const assertion = hostedAssertion(issuer);
      serveOb2Issuer(issuer, { assertions: [assertion] });
      const { criteria: _criteria, ...badgeClass } = issuer.badgeClass;
      resetIntercepts();
      serveOb2Issuer({ ...issuer, badgeClass }, { assertions: [assertion] });
      const report = await verifyBadge({ kind: 'credential', credential: assertion }, deps());
      expectVerdict(report, 'invalid', 'ob2.structure');
    });

    it('refuses an assertion hosted outside the issuer origin', async () => {
      const assertion = hostedAssertion(issuer, { id: 'https://elsewhere.example/assertions/1' });
      serveOb2Issuer(issuer);
      intercept('https://elsewhere.example').get('/assertions/1').reply(200, assertion);
      const report = await verifyBadge({ kind: 'credential', credential: assertion }, deps());
      expectVerdict(report, 'invalid', 'ob2.origin');
    });

    it('applies the issuer startsWith policy', async () => {
      const assertion = hostedAssertion(issuer);
      const profile = {
        ...issuer.profile,
        verification: { type: 'VerificationObject', startsWith: `${ISSUER}/badges-only/` },
      };
      serveOb2Issuer(issuer, { assertions: [assertion], profile });
      const report = await verifyBadge({ kind: 'credential', credential: assertion }, deps());
      expectVerdict(report, 'invalid', 'ob2.origin');
    });

    it('accepts an assertion on a host the issuer lists in allowedOrigins', async () => {
      const assertion = hostedAssertion(issuer, { id: 'https://cdn.example/assertions/1' });
      const profile = {
        ...issuer.profile,
        verification: { type: 'VerificationObject', allowedOrigins: ['cdn.example'] },
      };
      serveOb2Issuer(issuer, { profile });
      intercept('https://cdn.example').get('/assertions/1').reply(200, assertion);
      const report = await verifyBadge({ kind: 'credential', credential: assertion }, deps());
      expectVerdict(report, 'valid');
    });

    it('cannot judge a badge whose issuer server is down (indeterminate)', async () => {
      const assertion = hostedAssertion(issuer);
      intercept(ISSUER).get('/assertions/1').reply(503);
      const report = await verifyBadge({ kind: 'credential', credential: assertion }, deps());
      expectVerdict(report, 'indeterminate', 'ob2.hosted_fetch');
    });

    it('cannot judge a badge whose issuer server is too slow (indeterminate)', async () => {
      const assertion = hostedAssertion(issuer);
      const stalled = (url: string) => url === `${ISSUER}/assertions/1`;
      const report = await verifyBadge(
        { kind: 'credential', credential: assertion },
        { ...deps(), fetcher: testFetcher({ stalled }) },
      );
      expectVerdict(report, 'indeterminate', 'ob2.hosted_fetch');
    });

    it('refuses a badge whose id is a target the fetcher blocks (invalid)', async () => {
      const assertion = hostedAssertion(issuer, { id: 'https://10.0.0.1/assertions/1' });
      const report = await verifyBadge(
        { kind: 'credential', credential: assertion },
        deps((url) => url.includes('10.0.0.1')),
      );
      expectVerdict(report, 'invalid', 'ob2.hosted_fetch');
    });

    it('reports a badge URL that answers 404 as invalid', async () => {
      intercept(ISSUER).get('/assertions/missing').reply(404);
      const report = await verifyBadge({ kind: 'url', url: `${ISSUER}/assertions/missing` }, deps());
      expectVerdict(report, 'invalid', 'input.fetch');
    });
  });

  describe('signed assertions', () => {
    it('accepts an RS256 JWS whose key the hosted issuer Profile lists and owns', async () => {
      serveOb2Issuer(issuer);
      const jws = await signOb2(signedAssertion(issuer, { expires: FUTURE }), issuer.privateKey);
      const report = await verifyBadge({ kind: 'credential', credential: jws, recipient: RECIPIENT_EMAIL }, deps());
      expectVerdict(report, 'valid');
      expect(report.format).to.equal('ob2-signed');
      expect(checkOf(report, 'ob2.signature')?.ok).to.equal(true);
      expect(checkOf(report, 'ob2.key_ownership')?.ok).to.equal(true);
      expect(report.badge?.recipientMatch).to.equal(true);
    });

    it('refuses a JWS whose payload was altered after signing', async () => {
      serveOb2Issuer(issuer);
      const jws = await signOb2(signedAssertion(issuer), issuer.privateKey);
      const [header, , signature] = jws.split('.');
      const forged = Buffer.from(
        JSON.stringify(signedAssertion(issuer, { issuedOn: '2024-02-01T00:00:00Z' })),
      ).toString('base64url');
      const report = await verifyBadge({ kind: 'credential', credential: `${header}.${forged}.${signature}` }, deps());
      expectVerdict(report, 'invalid', 'ob2.signature');
    });

    it('refuses a JWS signed by a key that is not the one the Profile lists', async () => {
      serveOb2Issuer(issuer);
      const impostor = createOb2Issuer();
      const jws = await signOb2(signedAssertion(issuer), impostor.privateKey);
      const report = await verifyBadge({ kind: 'credential', credential: jws }, deps());
      expectVerdict(report, 'invalid', 'ob2.signature');
    });

    it('finds the assertion id in the issuer RevocationList and reports it revoked', async () => {
      const assertion = signedAssertion(issuer);
      serveOb2Issuer(issuer, { revokedAssertions: [{ id: assertion['id'], revocationReason: 'issued in error' }] });
      const report = await verifyBadge(
        { kind: 'credential', credential: await signOb2(assertion, issuer.privateKey) },
        deps(),
      );
      expectVerdict(report, 'revoked', 'status.revocation');
    });

    it('accepts RevocationList entries given as bare ids', async () => {
      const assertion = signedAssertion(issuer);
      serveOb2Issuer(issuer, { revokedAssertions: [assertion['id']] });
      const report = await verifyBadge(
        { kind: 'credential', credential: await signOb2(assertion, issuer.privateKey) },
        deps(),
      );
      expectVerdict(report, 'revoked', 'status.revocation');
    });

    it('refuses a key whose owner is not the issuer Profile', async () => {
      serveOb2Issuer(issuer, { key: { ...issuer.key, owner: 'https://other.example/issuer' } });
      const report = await verifyBadge(
        { kind: 'credential', credential: await signOb2(signedAssertion(issuer), issuer.privateKey) },
        deps(),
      );
      expectVerdict(report, 'invalid', 'ob2.key_ownership');
    });

    it('refuses a creator the hosted Profile does not list in publicKey', async () => {
      serveOb2Issuer(issuer, { profile: { ...issuer.profile, publicKey: [`${ISSUER}/keys/2`] } });
      const report = await verifyBadge(
        { kind: 'credential', credential: await signOb2(signedAssertion(issuer), issuer.privateKey) },
        deps(),
      );
      expectVerdict(report, 'invalid', 'ob2.key_ownership');
    });

    it('refuses a key that the issuer no longer serves (rotated away)', async () => {
      const assertion = signedAssertion(issuer, {
        verification: { type: 'SignedBadge', creator: `${ISSUER}/keys/old` },
      });
      serveOb2Issuer(issuer, { profile: { ...issuer.profile, publicKey: [`${ISSUER}/keys/1`, `${ISSUER}/keys/old`] } });
      intercept(ISSUER).get('/keys/old').reply(404);
      const report = await verifyBadge(
        { kind: 'credential', credential: await signOb2(assertion, issuer.privateKey) },
        deps(),
      );
      expectVerdict(report, 'invalid', 'ob2.key_ownership');
    });

    it('refuses alg none with a clear message', async () => {
      serveOb2Issuer(issuer);
      const jws = unsignedJws({ alg: 'none' }, signedAssertion(issuer));
      const report = await verifyBadge({ kind: 'credential', credential: jws }, deps());
      expectVerdict(report, 'invalid', 'ob2.signature');
      expect(checkOf(report, 'ob2.signature')?.message).to.contain('none');
    });

    it('refuses HS256 even when "keyed" with the public key', async () => {
      serveOb2Issuer(issuer);
      const jws = unsignedJws({ alg: 'HS256' }, signedAssertion(issuer), 'c2lnbmF0dXJl');
      const report = await verifyBadge({ kind: 'credential', credential: jws }, deps());
      expectVerdict(report, 'invalid', 'ob2.signature');
    });

    it('reports an expired signed assertion as expired', async () => {
      serveOb2Issuer(issuer);
      const assertion = signedAssertion(issuer, { issuedOn: LONG_AGO, expires: '2024-06-01T00:00:00Z' });
      const report = await verifyBadge(
        { kind: 'credential', credential: await signOb2(assertion, issuer.privateKey) },
        deps(),
      );
      expectVerdict(report, 'expired', 'time.expiry');
    });

    it('cannot judge a signed badge while its issuer Profile is unreachable', async () => {
      intercept(ISSUER).get('/issuer').replyWithError('connection refused');
      const report = await verifyBadge(
        { kind: 'credential', credential: await signOb2(signedAssertion(issuer), issuer.privateKey) },
        deps(),
      );
      expectVerdict(report, 'indeterminate', 'ob2.hosted_fetch');
    });

    it('cannot judge revocation while the RevocationList answers 500', async () => {
      serveOb2Issuer(issuer);
      resetIntercepts();
      const profile = { ...issuer.profile, revocationList: `${ISSUER}/revocations-down` };
      serveOb2Issuer(issuer, { profile });
      intercept(ISSUER).get('/revocations-down').reply(500);
      const report = await verifyBadge(
        { kind: 'credential', credential: await signOb2(signedAssertion(issuer), issuer.privateKey) },
        deps(),
      );
      expectVerdict(report, 'indeterminate', 'status.revocation');
    });

    it('asks for the JWS when handed the JSON of a signed assertion', async () => {
      const report = await verifyBadge({ kind: 'credential', credential: signedAssertion(issuer) }, deps());
      expectVerdict(report, 'invalid', 'ob2.signature');
      expect(report.format).to.equal('ob2-signed');
    });
  });
});
