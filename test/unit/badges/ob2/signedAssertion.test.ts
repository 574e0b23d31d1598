import { expect } from 'chai';
import { compactVerify, decodeProtectedHeader, importSPKI } from 'jose';
import { buildOb2CryptographicKey } from '../../../../src/badges/keys/ob2CryptographicKey.js';
import { buildSignedAssertion } from '../../../../src/badges/ob2/assertion.js';
import { buildOb2IssuerProfile } from '../../../../src/badges/ob2/issuerProfile.js';
import { signOb2Assertion } from '../../../../src/badges/ob2/signAssertion.js';
import { keySetFixture } from '../keys/keySetFixtures.js';
import { certificationAward, publicSiteUrls } from '../ob3/awardFixtures.js';
import { rejectionOf } from '../ob3/rejection.js';

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

describe('the OB 2.0 signed assertion', () => {
  const urls = publicSiteUrls();

  it('is a compact RS256 JWS whose payload is the assertion itself, verifiable with the published SPKI PEM', async () => {
    const keySet = await keySetFixture();
    const assertion = buildSignedAssertion(certificationAward(), urls);
    const jws = await signOb2Assertion(assertion, keySet);
    expect(jws.split('.')).to.have.length(3);
    expect(decodeProtectedHeader(jws)).to.deep.equal({ alg: 'RS256' });
    const key = buildOb2CryptographicKey(keySet, urls);
    const { payload } = await compactVerify(jws, await importSPKI(key.publicKeyPem, 'RS256'));
    expect(JSON.parse(new TextDecoder().decode(payload))).to.deep.equal(assertion);
  });

  it('names a creator key that the issuer Profile lists and that names the Profile as owner', async () => {
    const keySet = await keySetFixture();
    const assertion = buildSignedAssertion(certificationAward(), urls);
    const profile = buildOb2IssuerProfile(certificationAward().issuer, [keySet.id], urls);
    const key = buildOb2CryptographicKey(keySet, urls);
    expect(assertion.verification).to.have.property('creator', key.id);
    expect(profile.publicKey).to.include(key.id);
    expect(key.owner).to.equal(profile.id);
  });

  it('fails verification once its payload is altered', async () => {
    const keySet = await keySetFixture();
    const assertion = buildSignedAssertion(certificationAward(), urls);
    const [header, , signature] = (await signOb2Assertion(assertion, keySet)).split('.');
    const forged = `${header}.${base64url(JSON.stringify({ ...assertion, expires: '2099-01-01T00:00:00Z' }))}.${signature}`;
    const key = await importSPKI(keySet.rsa.publicKeyPem, 'RS256');
    const error = await rejectionOf(compactVerify(forged, key));
    expect(error).to.have.property('code', 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('does not verify with another key set', async () => {
    const assertion = buildSignedAssertion(certificationAward(), urls);
    const jws = await signOb2Assertion(assertion, await keySetFixture());
    const otherKey = await importSPKI((await keySetFixture('ks-other')).rsa.publicKeyPem, 'RS256');
    const error = await rejectionOf(compactVerify(jws, otherKey));
    expect(error).to.have.property('code', 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('is identical every time the same award is signed', async () => {
    const keySet = await keySetFixture();
    const first = await signOb2Assertion(buildSignedAssertion(certificationAward(), urls), keySet);
    const second = await signOb2Assertion(buildSignedAssertion(certificationAward(), urls), keySet);
    expect(second).to.equal(first);
  });
});
