import { createHash } from 'node:crypto';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { expect } from 'chai';
import { generateEd25519Multikey } from '../../../../src/badges/keys/ed25519Multikey.js';
import { signDataIntegrity } from '../../../../src/badges/ob3/dataIntegrity/signCredential.js';
import { clrExample, clrSpecText, clrTestVectorExample } from '../../../fixtures/clr/specClr.js';
import { checkJsonLdSafeMode } from '../../../support/jsonldSafeMode.js';
import { localDocumentLoader, validateClrCredential } from '../../../support/standards.js';
import { singleKeyController, verifyWithDigitalBazaar } from '../ob3/dataIntegrityVerifier.js';

/**
 * "Linked Data Proof Test Vector for Comprehensive Learner Record 2.0" (OB 3.0 Implementation
 * Guide, ob_v3p0/impl; test/fixtures/spec/clr/SOURCES.md): the key pair, hashes and proof value
 * below are the ones the page gives; the credential and the canonical forms are read from the
 * copied page and files themselves.
 */
const VECTOR = {
  secretKeyHex:
    '6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be44bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5',
  publicKeyMultibase: 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi',
  controller: 'https://example.edu/issuers/565049',
  verificationMethod: 'https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi',
  created: '2010-01-01T19:23:24Z',
  documentHashHex: '768d7015ae69e0210e1c2a45194d9c1d15d7a6022e52b946574a2a27f6fa85fe',
  proofHashHex: 'd34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19',
  proofValue: 'zF52sU1nfPAjcwCqtgxPNSor6SJnAzRBwZW5VNQXPt8xXCHkd39sgqj32DnMjhFCzbyHsLkhQ8HpBqQTkMgXy329',
} as const;

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function vectorKey() {
  const pair = await generateEd25519Multikey(Buffer.from(VECTOR.secretKeyHex.slice(0, 64), 'hex'));
  return { verificationMethod: VECTOR.verificationMethod, controller: VECTOR.controller, ...pair };
}

const vectorController = () => singleKeyController(VECTOR);

describe('the CLR 2.0 Data Integrity test vector', () => {
  it('canonicalises the ClrCredential to the published canonical form and its hash', async () => {
    const canonical = await cryptosuite.canonize(clrTestVectorExample('Credential'), {
      documentLoader: localDocumentLoader,
    });
    expect(canonical).to.equal(clrSpecText('test-vectors', 'document-canon.txt'));
    expect(sha256Hex(canonical)).to.equal(VECTOR.documentHashHex);
  });

  it('canonicalises the proof options to the published canonical form and its hash', async () => {
    const options = {
      '@context': clrTestVectorExample('Credential')['@context'],
      type: 'DataIntegrityProof',
      created: VECTOR.created,
      verificationMethod: VECTOR.verificationMethod,
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
    };
    const canonical = await cryptosuite.canonize(options, { documentLoader: localDocumentLoader });
    expect(canonical).to.equal(clrSpecText('test-vectors', 'proof-canon.txt'));
    expect(sha256Hex(canonical)).to.equal(VECTOR.proofHashHex);
  });

  it('reproduces the published proofValue with the signer our OpenBadgeCredentials use', async () => {
    const signed = await signDataIntegrity(clrTestVectorExample('Credential'), await vectorKey(), localDocumentLoader, {
      created: VECTOR.created,
    });
    expect(signed.proof).to.deep.equal([
      {
        type: 'DataIntegrityProof',
        created: VECTOR.created,
        verificationMethod: VECTOR.verificationMethod,
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
        proofValue: VECTOR.proofValue,
      },
    ]);
  });

  it('verifies the published signed credential with @digitalbazaar/vc, and not once altered', async () => {
    const signed = clrTestVectorExample('Signed credential');
    expect(await verifyWithDigitalBazaar(signed, [vectorController()], '2011-01-01T00:00:00Z')).to.deep.equal({
      verified: true,
    });
    const altered = { ...signed, name: 'Forged Transcript' };
    expect((await verifyWithDigitalBazaar(altered, [vectorController()], '2011-01-01T00:00:00Z')).verified).to.equal(
      false,
    );
  });

  it('is read in JSON-LD safe mode with the local CLR 2.0.1 context', async () => {
    expect(await checkJsonLdSafeMode(clrTestVectorExample('Signed credential'))).to.deep.equal({ ok: true });
  });
});

describe('the official ClrCredential schema', () => {
  it("accepts 1EdTech's validator's own valid examples", () => {
    expect(validateClrCredential(clrExample('simple')).errors).to.deep.equal([]);
    expect(validateClrCredential(clrExample('complex')).errors).to.deep.equal([]);
  });

  it('refuses a record that wraps no credential', () => {
    const example = clrExample('simple');
    const subject = { ...(example['credentialSubject'] as object), verifiableCredential: [] };
    const result = validateClrCredential({ ...example, credentialSubject: subject });
    expect(result.ok).to.equal(false);
    expect(result.errors.map((error) => error.path)).to.include('/credentialSubject/verifiableCredential');
  });

  it('refuses an association of a type the vocabulary does not define', () => {
    const example = clrExample('simple');
    const subject = example['credentialSubject'] as { association: object[] };
    const association = [{ ...subject.association[0], associationType: 'isPrerequisiteOf' }];
    const result = validateClrCredential({ ...example, credentialSubject: { ...subject, association } });
    expect(result.ok).to.equal(false);
    expect(result.errors.map((error) => error.path)).to.include('/credentialSubject/association/0/associationType');
  });

  it('refuses a record without a start date under either VC Data Model name', () => {
    const { validFrom: _dropped, ...example } = clrExample('simple');
    expect(validateClrCredential(example).ok).to.equal(false);
  });
});
