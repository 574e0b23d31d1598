import { CompactSign } from 'jose';
import type { KeySetMaterial } from '../keys/keySetMaterial.js';
import { rsaSigningKey } from '../keys/rsaSigningKey.js';
import type { Ob2Assertion } from './assertion.js';

const encoder = new TextEncoder();

/**
 * OB 2.0 §SignedBadge: a compact JWS whose payload is the assertion JSON itself (not a JWT claims
 * set), signed RS256 with header `{"alg":"RS256"}` as in the spec's example; both validators
 * accept only RSA keys (docs/open-badges.md A4). RS256 is deterministic: same assertion, same JWS.
 */
export async function signOb2Assertion(assertion: Ob2Assertion, keySet: KeySetMaterial): Promise<string> {
  const key = await rsaSigningKey(keySet);
  return new CompactSign(encoder.encode(JSON.stringify(assertion))).setProtectedHeader({ alg: 'RS256' }).sign(key);
}
