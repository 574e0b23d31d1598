import { expect } from 'chai';
import { buildDidDocument } from '../../../../src/badges/keys/didDocument.js';
import { buildOpenBadgeCredential } from '../../../../src/badges/ob3/credential.js';
import { dataIntegrityKey } from '../../../../src/badges/ob3/dataIntegrity/key.js';
import { signDataIntegrity } from '../../../../src/badges/ob3/dataIntegrity/signCredential.js';
import { createDataIntegritySigner } from '../../../../src/badges/ob3/dataIntegrity/signer.js';
import { contextDocuments, localDocumentLoader } from '../../../support/standards.js';
import { keySetFixture } from '../keys/keySetFixtures.js';
import { bareExamAward, certificationAward, publicSiteUrls } from './awardFixtures.js';
import { verifyWithDigitalBazaar } from './dataIntegrityVerifier.js';
import { rejectionOf } from './rejection.js';

describe('the Data Integrity signer', () => {
  const urls = publicSiteUrls();

  it('signs in the calling thread when given no workers', async () => {
    const keySet = await keySetFixture();
    const credential = buildOpenBadgeCredential(certificationAward(), urls);
    const signer = createDataIntegritySigner({ workers: 0, contexts: contextDocuments });
    const signed = await signer.sign(credential, dataIntegrityKey(keySet, urls));
    await signer.close();
    expect(signed).to.deep.equal(
      await signDataIntegrity(credential, dataIntegrityKey(keySet, urls), localDocumentLoader),
    );
  });

  it('signs in worker threads exactly as in the calling thread, many requests at once', async () => {
    const keySet = await keySetFixture();
    const key = dataIntegrityKey(keySet, urls);
    const credentials = [certificationAward(), bareExamAward()].map((award) => buildOpenBadgeCredential(award, urls));
    const signer = createDataIntegritySigner({ workers: 2, contexts: contextDocuments });
    try {
      const requests = Array.from({ length: 12 }, (_, index) => credentials[index % 2]!);
      const signed = await Promise.all(requests.map((credential) => signer.sign(credential, key)));
      const expected = await Promise.all(
        credentials.map((credential) => signDataIntegrity(credential, key, localDocumentLoader)),
      );
      expect(signed).to.deep.equal(requests.map((_, index) => expected[index % 2]));
      const verified = await verifyWithDigitalBazaar(
        signed[0]!,
        [buildDidDocument([keySet], urls)],
        '2025-06-01T00:00:00Z',
      );
      expect(verified).to.deep.equal({ verified: true });
    } finally {
      await signer.close();
    }
  });

  it('reports a request it cannot sign as an internal error and keeps serving the others', async () => {
    const keySet = await keySetFixture();
    const key = dataIntegrityKey(keySet, urls);
    const signer = createDataIntegritySigner({ workers: 1, contexts: contextDocuments });
    try {
      const undefinedTerm = { ...buildOpenBadgeCredential(certificationAward(), urls), notATerm: true };
      const error = await rejectionOf(signer.sign(undefinedTerm, key));
      expect(error).to.have.property('code', 'internal_error');
      const signed = await signer.sign(buildOpenBadgeCredential(certificationAward(), urls), key);
      expect(signed.proof).to.have.length(1);
    } finally {
      await signer.close();
    }
  });

  it('refuses to sign once closed', async () => {
    const signer = createDataIntegritySigner({ workers: 1, contexts: contextDocuments });
    await signer.close();
    const error = await rejectionOf(
      signer.sign(buildOpenBadgeCredential(certificationAward(), urls), dataIntegrityKey(await keySetFixture(), urls)),
    );
    expect(error).to.have.property('code', 'internal_error');
  });
});
