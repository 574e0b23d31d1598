import { expect } from 'chai';
import { publishedUuid } from '../../src/badges/publishedUuid.js';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, expectError, fetchJson, fetchPublic, type IssuedAward, issueNew } from './support/api.js';
import { azureAdministratorPass, azureFundamentalsPass } from './support/awardRequests.js';
import { verifyDataIntegrity } from './support/dataIntegrity.js';

const REASON = 'Exam result annulled after an integrity review';

interface RevokedAward extends IssuedAward {
  readonly revokedAt: string;
  readonly revocationReason: string;
}

describe('POST /api/v1/awards/:id/revoke', () => {
  const clock = fixedClock('2024-06-01T12:00:00Z');
  let service: TestService;
  let award: IssuedAward;
  let kept: IssuedAward;
  let revoked: RevokedAward;
  let credential: object;

  const revoke = (id: string, body?: unknown) =>
    call<RevokedAward>(service, 'POST', `/api/v1/awards/${id}/revoke`, body === undefined ? {} : { body });

  before(async () => {
    service = await startTestService({ clock });
    award = await issueNew(service, azureAdministratorPass());
    kept = await issueNew(service, azureFundamentalsPass());
    credential = await fetchJson(award.links.credential, 'application/vc+ld+json');
    for (const body of [undefined, {}, { reason: '   ' }, { reason: REASON, by: 'me' }]) {
      expectError(await revoke(award.id, body), 400, 'validation_failed');
    }
    const answer = await revoke(award.id, { reason: REASON });
    expect(answer.status).to.equal(200);
    revoked = answer.body;
  });
  after(() => service.close());

  it('refuses a revocation without a reason, leaving the award as it was', async () => {
    const answer = await call<IssuedAward>(service, 'GET', `/api/v1/awards/${kept.id}`);
    expectError(await revoke(kept.id, {}), 400, 'validation_failed');

    expect((await call<IssuedAward>(service, 'GET', `/api/v1/awards/${kept.id}`)).body).to.deep.equal(answer.body);
  });

  it('answers 200 with the award revoked, its time and its reason', () => {
    expect(revoked).to.include({ id: award.id, status: 'revoked', revocationReason: REASON });
    expect(Date.parse(revoked.revokedAt)).to.equal(Date.parse('2024-06-01T12:00:00Z'));
  });

  it('answers 404 not_found for an unknown award', async () => {
    expectError(await revoke('0190c2a4-0000-7000-8000-000000000000', { reason: REASON }), 404, 'not_found');
  });

  it('answers the hosted assertion with 410 and { id, revoked: true, revocationReason }', async () => {
    const fetched = await fetchPublic(award.links.assertion);

    expect(fetched.status).to.equal(410);
    expect(fetched.contentType).to.match(/^application\/ld\+json/);
    expect(JSON.parse(fetched.text)).to.include({
      id: award.links.assertion,
      revoked: true,
      revocationReason: REASON,
    });
  });

  it('lists the hosted URL and the urn:uuid of the signed assertion in the OB 2.0 RevocationList', async () => {
    const list = await fetchJson<{ revokedAssertions: { id: string; revocationReason?: string }[] }>(
      `${service.baseUrl}/ob2/revocations`,
      'application/ld+json',
    );

    expect(list.revokedAssertions.map((entry) => entry.id)).to.have.members([
      award.links.assertion,
      `urn:uuid:${publishedUuid(award.id)}`,
    ]);
    for (const entry of list.revokedAssertions) expect(entry.revocationReason).to.equal(REASON);
  });

  it('lists the credential id in the OB 3.0 revocation list', async () => {
    const list = await fetchJson<{ revokedCredential: { id: string; revoked?: boolean }[] }>(
      `${service.baseUrl}/ob3/revocations`,
      'application/json',
    );

    expect(list.revokedCredential.map((entry) => entry.id)).to.deep.equal([(credential as { id: string }).id]);
    expect(list.revokedCredential[0]!.revoked).not.to.equal(false);
  });

  it('makes a Data Integrity verifier that checks the status refuse the credential', async () => {
    const outcome = await verifyDataIntegrity(credential, clock.now());

    expect(outcome).to.include({ verified: false, statusVerified: false });
  });

  it('answers a second revocation with the same time and reason', async () => {
    clock.advance(3_600_000);

    const again = await revoke(award.id, { reason: 'Another reason' });

    expect(again.status).to.equal(200);
    // The award email goes on its own meanwhile; everything about the revocation stays as it was.
    expect({ ...again.body, notification: revoked.notification }).to.deep.equal(revoked);
  });

  it('keeps serving the signed documents and images of the revoked award', async () => {
    for (const link of [
      award.links.signedAssertion,
      award.links.credentialJwt,
      award.links.credential,
      award.links.png,
    ]) {
      expect((await fetchPublic(link)).status, link).to.equal(200);
    }
  });

  it('shows the badge page as revoked, with the reason', async () => {
    const page = await fetchPublic(award.links.page, { accept: 'text/html' });

    expect(page.status).to.equal(200);
    expect(page.text).to.include('data-status="revoked"');
    expect(page.text).to.include('Revoked');
    expect(page.text).to.include(REASON);
  });

  it('lists the award under status=revoked', async () => {
    const list = await call<{ items: IssuedAward[] }>(service, 'GET', '/api/v1/awards?status=revoked');

    expect(list.body.items.map((item) => item.id)).to.deep.equal([award.id]);
  });
});
