import { expect } from 'chai';
import { buildDidDocument } from '../../../../src/badges/keys/didDocument.js';
import type { KeySetMaterial } from '../../../../src/badges/keys/keySetMaterial.js';
import { buildOb2CryptographicKey } from '../../../../src/badges/keys/ob2CryptographicKey.js';
import { rsaPublicJwk } from '../../../../src/badges/keys/publicKeys.js';
import { buildHostedAssertion, buildSignedAssertion } from '../../../../src/badges/ob2/assertion.js';
import { buildBadgeClass } from '../../../../src/badges/ob2/badgeClass.js';
import { buildOb2IssuerProfile } from '../../../../src/badges/ob2/issuerProfile.js';
import { buildOb2RevocationList } from '../../../../src/badges/ob2/revocationList.js';
import { signOb2Assertion } from '../../../../src/badges/ob2/signAssertion.js';
import { buildOpenBadgeCredential } from '../../../../src/badges/ob3/credential.js';
import { dataIntegrityKey } from '../../../../src/badges/ob3/dataIntegrity/key.js';
import { signDataIntegrity } from '../../../../src/badges/ob3/dataIntegrity/signCredential.js';
import { buildOb3RevocationList } from '../../../../src/badges/ob3/revocationList.js';
import { signCredentialJwt } from '../../../../src/badges/ob3/vcJwt.js';
import { verifyBadge } from '../../../../src/badges/verify/index.js';
import { fixedClock } from '../../../../src/ports/clock.js';
import { expectVerdict } from '../../../fixtures/verify/expectations.js';
import { memoryFetcher } from '../../../fixtures/verify/memoryFetcher.js';
import { localDocumentLoader, standards } from '../../../support/standards.js';
import { keySetFixture } from '../keys/keySetFixtures.js';
import { certificationAward, publicSiteUrls, RECIPIENT_EMAIL } from '../ob3/awardFixtures.js';

/**
 * The service's own documents, built by its format builders and served from memory as the
 * integrator's in-process fetcher will: every format must verify, recipient included.
 */
describe("verifying the service's own badges", () => {
  const urls = publicSiteUrls();
  const award = certificationAward();
  const clock = fixedClock('2025-06-01T00:00:00Z');
  let keySet: KeySetMaterial;
  let documents: Map<string, unknown>;

  before(async () => {
    keySet = await keySetFixture();
    const hosted = buildHostedAssertion(award, urls);
    documents = new Map<string, unknown>([
      [hosted.id, hosted],
      [urls.badgeClass(award.achievement.id), buildBadgeClass(award, urls)],
      [urls.ob2Issuer, buildOb2IssuerProfile(award.issuer, [keySet.id], urls)],
      [urls.ob2Key(keySet.id), buildOb2CryptographicKey(keySet, urls)],
      [urls.ob2RevocationList, buildOb2RevocationList([], urls)],
      [urls.jwk(keySet.id), rsaPublicJwk(keySet, urls)],
      [urls.didDocument, buildDidDocument([keySet], urls)],
      [urls.ob3RevocationList, buildOb3RevocationList([], urls)],
    ]);
  });

  const verify = (credential: unknown) =>
    verifyBadge(
      { kind: 'credential', credential, recipient: RECIPIENT_EMAIL },
      { fetcher: memoryFetcher(documents), clock, standards },
    );

  it('verifies the hosted OB 2.0 assertion', async () => {
    const report = await verifyBadge(
      { kind: 'url', url: urls.assertion(award.awardId), recipient: RECIPIENT_EMAIL },
      { fetcher: memoryFetcher(documents), clock, standards },
    );
    expectVerdict(report, 'valid');
    expect(report.badge?.recipientMatch).to.equal(true);
  });

  it('verifies the signed OB 2.0 assertion', async () => {
    expectVerdict(await verify(await signOb2Assertion(buildSignedAssertion(award, urls), keySet)), 'valid');
  });

  it('verifies the OB 3.0 VC-JWT', async () => {
    const report = await verify(await signCredentialJwt(buildOpenBadgeCredential(award, urls), keySet, urls));
    expectVerdict(report, 'valid');
    expect(report.format).to.equal('ob3-jwt');
  });

  it('verifies the OB 3.0 credential with its Data Integrity proof', async () => {
    const signed = await signDataIntegrity(
      buildOpenBadgeCredential(award, urls),
      dataIntegrityKey(keySet, urls),
      localDocumentLoader,
    );
    const report = await verify(signed);
    expectVerdict(report, 'valid');
    expect(report.badge?.name).to.equal(award.achievement.name);
  });
});
