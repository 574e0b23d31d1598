import { expect } from 'chai';
import { CLR_CREDENTIAL_CONTEXTS } from '../../../../src/badges/clr/context.js';
import { checkJsonLdSafeMode } from '../../../support/jsonldSafeMode.js';
import { validateClrCredential, validateOb3Credential } from '../../../support/standards.js';
import { verifyWithDigitalBazaar } from '../ob3/dataIntegrityVerifier.js';
import { CLR_MADE_AT, signedCandidateRecord } from './clrFixtures.js';

const DURING_VALIDITY = '2025-06-02T00:00:00Z';

describe('the CLR 2.0 ClrCredential we build', () => {
  it('names the VC v2, CLR 2.0.1 and OB 3.0.3 contexts in that order', async () => {
    const { signed } = await signedCandidateRecord();
    expect(signed['@context']).to.deep.equal(CLR_CREDENTIAL_CONTEXTS);
    expect(signed['@context'].slice(0, 3)).to.deep.equal([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(signed.type).to.deep.equal(['VerifiableCredential', 'ClrCredential']);
  });

  it('is signed eddsa-rdfc-2022 by our did:web key, created when the record was made', async () => {
    const { signed, urls, keySet } = await signedCandidateRecord();
    expect(signed.issuer.id).to.equal(urls.did);
    expect(signed.proof).to.have.length(1);
    expect(signed.proof[0]).to.include({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: urls.verificationMethod(keySet.id),
      created: CLR_MADE_AT,
    });
  });

  it('is valid against the official ClrCredential schema and in JSON-LD safe mode', async () => {
    const { signed } = await signedCandidateRecord();
    expect(validateClrCredential(signed).errors).to.deep.equal([]);
    expect(await checkJsonLdSafeMode(signed)).to.deep.equal({ ok: true });
  });

  it('verifies with @digitalbazaar/vc, the key resolved from our DID document', async () => {
    const { signed, didDocument } = await signedCandidateRecord();
    expect(await verifyWithDigitalBazaar(signed, [didDocument], DURING_VALIDITY)).to.deep.equal({ verified: true });
  });

  it('wraps each credential unchanged, and each still verifies on its own', async () => {
    const { signed, exam, certification, didDocument } = await signedCandidateRecord();
    expect(signed.credentialSubject.verifiableCredential).to.deep.equal([exam, certification]);
    for (const nested of signed.credentialSubject.verifiableCredential) {
      expect(validateOb3Credential(nested).errors).to.deep.equal([]);
      expect(await verifyWithDigitalBazaar(nested, [didDocument], DURING_VALIDITY)).to.deep.equal({ verified: true });
    }
  });

  it('relates the exam to the certification it is part of', async () => {
    const { signed, urls } = await signedCandidateRecord();
    expect(signed.credentialSubject.association).to.deep.equal([
      {
        type: 'Association',
        associationType: 'isPartOf',
        sourceId: urls.badgeClass('AZ-104', 'en'),
        targetId: urls.badgeClass('azure-administrator', 'en'),
      },
    ]);
    expect(signed.credentialSubject.achievement?.map((achievement) => achievement.id)).to.deep.equal([
      urls.badgeClass('AZ-104', 'en'),
    ]);
  });

  it('fails verification once a wrapped credential is altered', async () => {
    const { signed, didDocument } = await signedCandidateRecord();
    const [exam, certification] = signed.credentialSubject.verifiableCredential as [object, object];
    const tampered = {
      ...signed,
      credentialSubject: {
        ...signed.credentialSubject,
        verifiableCredential: [{ ...exam, name: 'Azure Solutions Architect Expert' }, certification],
      },
    };
    expect((await verifyWithDigitalBazaar(tampered, [didDocument], DURING_VALIDITY)).verified).to.equal(false);
  });
});
