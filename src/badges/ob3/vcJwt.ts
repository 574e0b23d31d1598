import { SignJWT } from 'jose';
import type { KeySetMaterial } from '../keys/keySetMaterial.js';
import { rsaSigningKey } from '../keys/rsaSigningKey.js';
import type { UrlLayout } from '../urls.js';
import type { OpenBadgeCredential } from './credential.js';

function numericDate(dateTime: string): number {
  return Math.floor(Date.parse(dateTime) / 1000);
}

/**
 * OB 3.0 §JSON Web Token Proof Format (docs/open-badges.md B3): the payload is the credential itself
 * plus `iss` = issuer.id, `jti` = id, `sub` = credentialSubject.id, `nbf` = validFrom and `exp` =
 * validUntil, each equal to its field (docs/open-badges.md C18). The header has `alg: RS256` (the one algorithm
 * every verifier supports, C5), `typ: JWT` and a `kid` URL answering the bare public JWK (docs/open-badges.md C4).
 * `iat` is the day the service issued the badge (not the signing time, so the JWT of an award is
 * the same whenever it is produced), while `nbf` is the earned date (src/app/awards/awardDates.ts). A credential that already has a Data Integrity proof may be passed in: the
 * spec has the proof added before the JWT is built.
 */
export async function signCredentialJwt(
  credential: OpenBadgeCredential,
  keySet: KeySetMaterial,
  urls: UrlLayout,
  /** When the service made the badge (AwardDates `issued`); the credential's own date by default. */
  issuedAt: string = credential.validFrom,
): Promise<string> {
  const jwt = new SignJWT({ ...credential })
    .setProtectedHeader({ alg: 'RS256', kid: urls.jwk(keySet.id), typ: 'JWT' })
    .setIssuer(credential.issuer.id)
    .setJti(credential.id)
    .setSubject(credential.credentialSubject.id)
    .setNotBefore(numericDate(credential.validFrom))
    .setIssuedAt(numericDate(issuedAt));
  if (credential.validUntil !== undefined) jwt.setExpirationTime(numericDate(credential.validUntil));
  return jwt.sign(await rsaSigningKey(keySet));
}
