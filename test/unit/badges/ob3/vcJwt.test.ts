import { expect } from 'chai';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { rsaPublicJwk } from '../../../../src/badges/keys/publicKeys.js';
import { buildOpenBadgeCredential } from '../../../../src/badges/ob3/credential.js';
import { signCredentialJwt } from '../../../../src/badges/ob3/vcJwt.js';
import { validateOb3Credential } from '../../../support/standards.js';
import { atShiftedSystemTime } from '../../../support/systemTime.js';
import { keySetFixture } from '../keys/keySetFixtures.js';
import { bareExamAward, certificationAward, publicSiteUrls } from './awardFixtures.js';
import { rejectionOf } from './rejection.js';

const DAY_MS = 24 * 3_600_000;

const seconds = (dateTime: string) => Date.parse(dateTime) / 1000;

describe('the OB 3.0 VC-JWT', () => {
  const urls = publicSiteUrls();

  it('has an RS256 header whose kid is the URL of the public JWK, and typ JWT', async () => {
    const keySet = await keySetFixture();
    const jwt = await signCredentialJwt(buildOpenBadgeCredential(certificationAward(), urls), keySet, urls);
    expect(decodeProtectedHeader(jwt)).to.deep.equal({ alg: 'RS256', kid: urls.jwk(keySet.id), typ: 'JWT' });
  });

  it('verifies with the published JWK and carries claims equal to the credential fields', async () => {
    const keySet = await keySetFixture();
    const award = certificationAward();
    const credential = buildOpenBadgeCredential(award, urls);
    const jwt = await signCredentialJwt(credential, keySet, urls);
    const key = await importJWK(rsaPublicJwk(keySet, urls), 'RS256');
    const { payload } = await jwtVerify(jwt, key, { currentDate: new Date('2025-06-01T00:00:00Z') });
    expect(payload.iss).to.equal(credential.issuer.id);
    expect(payload.jti).to.equal(credential.id);
    expect(payload.sub).to.equal(credential.credentialSubject.id);
    expect(payload.nbf).to.equal(seconds(award.issuedOn));
    expect(payload.iat).to.equal(seconds(award.issuedOn));
    expect(payload.exp).to.equal(seconds(award.expires!));
    const { iss: _iss, jti: _jti, sub: _sub, nbf: _nbf, iat: _iat, exp: _exp, ...embedded } = payload;
    expect(embedded).to.deep.equal(credential);
    expect(validateOb3Credential(payload).ok).to.equal(true);
  });

  it('has no exp when the award does not expire', async () => {
    const keySet = await keySetFixture();
    const jwt = await signCredentialJwt(buildOpenBadgeCredential(bareExamAward(), urls), keySet, urls);
    const { payload } = await jwtVerify(jwt, await importJWK(rsaPublicJwk(keySet, urls), 'RS256'));
    expect(payload).to.not.have.property('exp');
    expect(payload.nbf).to.equal(seconds('2024-11-30T23:59:59Z'));
  });

  it('is rejected by a verifier after the credential expires', async () => {
    const keySet = await keySetFixture();
    const jwt = await signCredentialJwt(buildOpenBadgeCredential(certificationAward(), urls), keySet, urls);
    const error = await rejectionOf(
      jwtVerify(jwt, await importJWK(rsaPublicJwk(keySet, urls), 'RS256'), {
        currentDate: new Date('2026-04-01T00:00:00Z'),
      }),
    );
    expect(error).to.have.property('code', 'ERR_JWT_EXPIRED');
  });

  it('fails verification once its payload is altered', async () => {
    const keySet = await keySetFixture();
    const jwt = await signCredentialJwt(buildOpenBadgeCredential(certificationAward(), urls), keySet, urls);
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    claims.credentialSubject.achievement.name = 'Something grander';
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const error = await rejectionOf(jwtVerify(forged, await importJWK(rsaPublicJwk(keySet, urls), 'RS256')));
    expect(error).to.have.property('code', 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('is identical every time the same award is signed, whatever the time', async () => {
    const keySet = await keySetFixture();
    const first = await signCredentialJwt(buildOpenBadgeCredential(certificationAward(), urls), keySet, urls);
    const second = await atShiftedSystemTime(DAY_MS, () =>
      signCredentialJwt(buildOpenBadgeCredential(certificationAward(), urls), keySet, urls),
    );
    expect(second).to.equal(first);
  });
});
