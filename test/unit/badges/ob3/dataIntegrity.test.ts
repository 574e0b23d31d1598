import { expect } from 'chai';
import { buildDidDocument } from '../../../../src/badges/keys/didDocument.js';
import { buildOpenBadgeCredential } from '../../../../src/badges/ob3/credential.js';
import { dataIntegrityKey } from '../../../../src/badges/ob3/dataIntegrity/key.js';
import { signDataIntegrity } from '../../../../src/badges/ob3/dataIntegrity/signCredential.js';
import { checkJsonLdSafeMode } from '../../../support/jsonldSafeMode.js';
import { localDocumentLoader, validateOb3Credential } from '../../../support/standards.js';
import { atShiftedSystemTime } from '../../../support/systemTime.js';
import { keySetFixture } from '../keys/keySetFixtures.js';
import { bareExamAward, certificationAward, publicSiteUrls } from './awardFixtures.js';
import { verifyWithDigitalBazaar } from './dataIntegrityVerifier.js';

const DAY_MS = 24 * 3_600_000;

const DURING_VALIDITY = '2025-06-01T00:00:00Z';

async function signedCertification() {
  const urls = publicSiteUrls();
  const keySet = await keySetFixture();
  const award = certificationAward();
  const signed = await signDataIntegrity(
    buildOpenBadgeCredential(award, urls),
    dataIntegrityKey(keySet, urls),
    localDocumentLoader,
  );
  return { urls, keySet, award, signed, didDocument: buildDidDocument([keySet], urls) };
}

describe('the OB 3.0 credential with a Data Integrity proof', () => {
  it('verifies with @digitalbazaar/vc, the key resolved from our DID document', async () => {
    const { signed, didDocument } = await signedCertification();
    expect(await verifyWithDigitalBazaar(signed, [didDocument], DURING_VALIDITY)).to.deep.equal({ verified: true });
  });

  it('carries one eddsa-rdfc-2022 proof, in an array, created at the issue date, for assertions', async () => {
    const { signed, urls, keySet, award } = await signedCertification();
    expect(signed.proof).to.have.length(1);
    const [proof] = signed.proof;
    expect(proof).to.include({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: urls.verificationMethod(keySet.id),
      created: award.issuedOn,
    });
    expect(proof?.proofValue).to.match(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/);
  });

  it('stays valid against the official schema and JSON-LD safe mode once signed', async () => {
    const { signed } = await signedCertification();
    expect(validateOb3Credential(signed).errors).to.deep.equal([]);
    expect(await checkJsonLdSafeMode(signed)).to.deep.equal({ ok: true });
  });

  it('leaves the credential it was given untouched', async () => {
    const urls = publicSiteUrls();
    const credential = buildOpenBadgeCredential(bareExamAward(), urls);
    const before = structuredClone(credential);
    await signDataIntegrity(credential, dataIntegrityKey(await keySetFixture(), urls), localDocumentLoader);
    expect(credential).to.deep.equal(before);
  });

  it('fails verification once a signed field is altered', async () => {
    const { signed, didDocument } = await signedCertification();
    const tampered = structuredClone(signed) as unknown as { credentialSubject: { achievement: { name: string } } };
    tampered.credentialSubject.achievement.name = 'Something grander';
    expect((await verifyWithDigitalBazaar(tampered, [didDocument], DURING_VALIDITY)).verified).to.equal(false);
  });

  it('fails verification when the DID document publishes another key under that id', async () => {
    const { signed, urls } = await signedCertification();
    const impostor = { ...(await keySetFixture('ks-impostor')), id: 'ks-2025-1' };
    const outcome = await verifyWithDigitalBazaar(signed, [buildDidDocument([impostor], urls)], DURING_VALIDITY);
    expect(outcome.verified).to.equal(false);
  });

  it('fails verification when the DID document does not authorise the key for assertions', async () => {
    const { signed, didDocument } = await signedCertification();
    const outcome = await verifyWithDigitalBazaar(signed, [{ ...didDocument, assertionMethod: [] }], DURING_VALIDITY);
    expect(outcome.verified).to.equal(false);
  });

  it('is identical every time the same award is signed', async () => {
    const first = (await signedCertification()).signed;
    const second = (await atShiftedSystemTime(DAY_MS, signedCertification)).signed;
    expect(second).to.deep.equal(first);
  });
});
