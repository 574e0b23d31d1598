import { createHash, createPrivateKey, sign } from 'node:crypto';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { expect } from 'chai';
import { generateEd25519Multikey } from '../../../../src/badges/keys/ed25519Multikey.js';
import { signDataIntegrity } from '../../../../src/badges/ob3/dataIntegrity/signCredential.js';
import { localDocumentLoader } from '../../../support/standards.js';
import { singleKeyController, verifyWithDigitalBazaar } from './dataIntegrityVerifier.js';
import { specTeamworkCredential } from './specFixtures.js';

/**
 * "Linked Data Proof Test Vector for Open Badges 3.0", OB 3.0 Implementation Guide (Final
 * Release 2.0, 7 April 2025; 1EdTech openbadges-specification, ob_v3p0/impl). The credential
 * uses the 3.0.3 context; the expected values below are copied from the guide.
 */
const VECTOR = {
  publicKeyHex: '4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5',
  secretKeyHex:
    '6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be44bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5',
  publicKeyMultibase: 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi',
  secretKeyMultibase: 'zrv2bqTbNwCTsRrHFcJCPjVAduh4Ezcnoq1A3ZxH1GWTNkxipLVuaAoMFmze2gFN9oNXfJjufxSHWVZzsJiUsMHFMcx',
  controller: 'https://example.edu/issuers/565049',
  verificationMethod: 'https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi',
  created: '2010-01-01T19:23:24Z',
  documentHashHex: '87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773',
  proofHashHex: 'd34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19',
  signatureHex:
    'f7a017acf7d27983267ec362657c0fb08e955549f49dac5bf36a03c4f2c3a4f1e3738a6c5ecd7ffba7135cb9cd754e6196f4b73082ea8df8e703c8ecd4333503',
  proofValue: 'z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr',
} as const;

function proofOptions() {
  return {
    '@context': specTeamworkCredential()['@context'],
    type: 'DataIntegrityProof',
    created: VECTOR.created,
    verificationMethod: VECTOR.verificationMethod,
    cryptosuite: 'eddsa-rdfc-2022',
    proofPurpose: 'assertionMethod',
  };
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function vectorKey() {
  const pair = await generateEd25519Multikey(Buffer.from(VECTOR.secretKeyHex.slice(0, 64), 'hex'));
  return { verificationMethod: VECTOR.verificationMethod, controller: VECTOR.controller, ...pair };
}

describe('the OB 3.0 Data Integrity test vector', () => {
  it('derives the Multikey encodings the guide gives from the hex key pair', async () => {
    const key = await vectorKey();
    expect(key.publicKeyMultibase).to.equal(VECTOR.publicKeyMultibase);
    expect(key.secretKeyMultibase).to.equal(VECTOR.secretKeyMultibase);
    expect(VECTOR.secretKeyHex.slice(64)).to.equal(VECTOR.publicKeyHex);
  });

  it('canonicalises the credential and the proof options to the hashes the guide gives', async () => {
    const options = { documentLoader: localDocumentLoader };
    expect(sha256Hex(await cryptosuite.canonize(specTeamworkCredential(), options))).to.equal(VECTOR.documentHashHex);
    expect(sha256Hex(await cryptosuite.canonize(proofOptions(), options))).to.equal(VECTOR.proofHashHex);
  });

  it('signs proof hash then document hash to the signature the guide gives', () => {
    const pkcs8 = Buffer.concat([
      Buffer.from('302e020100300506032b657004220420', 'hex'),
      Buffer.from(VECTOR.secretKeyHex.slice(0, 64), 'hex'),
    ]);
    const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    const data = Buffer.from(VECTOR.proofHashHex + VECTOR.documentHashHex, 'hex');
    expect(sign(null, data, privateKey).toString('hex')).to.equal(VECTOR.signatureHex);
  });

  it('reproduces the expected proofValue exactly with our signer', async () => {
    const signed = await signDataIntegrity(specTeamworkCredential(), await vectorKey(), localDocumentLoader, {
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

  it('verifies with @digitalbazaar/vc against the issuer controller document', async () => {
    const signed = await signDataIntegrity(specTeamworkCredential(), await vectorKey(), localDocumentLoader, {
      created: VECTOR.created,
    });
    const controller = singleKeyController(VECTOR);
    expect(await verifyWithDigitalBazaar(signed, [controller], '2011-01-01T00:00:00Z')).to.deep.equal({
      verified: true,
    });
  });
});
