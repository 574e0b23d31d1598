import type { KeySetMaterial } from '../../keys/keySetMaterial.js';
import type { UrlLayout } from '../../urls.js';

/**
 * What a Data Integrity signer needs, as plain data so it can cross to a worker thread:
 * the verification method the proof names, its controller (the issuer DID) and the key pair.
 */
export interface DataIntegrityKey {
  readonly verificationMethod: string;
  readonly controller: string;
  readonly publicKeyMultibase: string;
  readonly secretKeyMultibase: string;
}

export function dataIntegrityKey(keySet: KeySetMaterial, urls: UrlLayout): DataIntegrityKey {
  return {
    verificationMethod: urls.verificationMethod(keySet.id),
    controller: urls.did,
    publicKeyMultibase: keySet.ed25519.publicKeyMultibase,
    secretKeyMultibase: keySet.ed25519.secretKeyMultibase,
  };
}
