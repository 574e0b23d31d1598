import type { UrlLayout } from '../urls.js';
import type { KeySetMaterial } from './keySetMaterial.js';
import { type RsaPublicJwk, rsaPublicJwk } from './publicKeys.js';

export interface Jwks {
  readonly keys: readonly RsaPublicJwk[];
}

/**
 * `/.well-known/jwks.json`: every key set's RS256 key, so a verifier can check that a VC-JWT
 * `kid` belongs to the issuer (OB 3.0 Implementation Guide §Key provenance, docs/open-badges.md B5).
 * Retired key sets stay listed: the badges they signed must keep verifying.
 */
export function buildJwks(keySets: readonly KeySetMaterial[], urls: UrlLayout): Jwks {
  return { keys: keySets.map((keySet) => rsaPublicJwk(keySet, urls)) };
}
