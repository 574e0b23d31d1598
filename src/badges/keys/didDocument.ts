import type { UrlLayout } from '../urls.js';
import type { KeySetMaterial } from './keySetMaterial.js';
import { ed25519VerificationMethod, type MultikeyVerificationMethod } from './publicKeys.js';

export const DID_CONTEXT_V1 = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_CONTEXT_V1 = 'https://w3id.org/security/multikey/v1';

export interface DidDocument {
  readonly '@context': readonly [typeof DID_CONTEXT_V1, typeof MULTIKEY_CONTEXT_V1];
  readonly id: string;
  readonly verificationMethod: readonly MultikeyVerificationMethod[];
  readonly assertionMethod: readonly string[];
}

/**
 * The issuer's did:web document. Every key set's Ed25519 key is a Multikey with an absolute id,
 * controlled by the DID, and authorised for `assertionMethod`, the proof purpose OB 3.0 Data
 * Integrity proofs use (docs/open-badges.md B4, B5, C23). Both contexts are needed: the DID context
 * does not define `Multikey` or `publicKeyMultibase`.
 */
export function buildDidDocument(keySets: readonly KeySetMaterial[], urls: UrlLayout): DidDocument {
  const verificationMethod = keySets.map((keySet) => ed25519VerificationMethod(keySet, urls));
  return {
    '@context': [DID_CONTEXT_V1, MULTIKEY_CONTEXT_V1],
    id: urls.did,
    verificationMethod,
    assertionMethod: verificationMethod.map((method) => method.id),
  };
}
