import { OB2_CONTEXT } from '../ob2/context.js';
import type { UrlLayout } from '../urls.js';
import type { KeySetMaterial } from './keySetMaterial.js';
import { rsaPublicKeyPem } from './publicKeys.js';

export interface Ob2CryptographicKey {
  readonly '@context': typeof OB2_CONTEXT;
  readonly type: 'CryptographicKey';
  readonly id: string;
  readonly owner: string;
  readonly publicKeyPem: string;
}

/**
 * OB 2.0 §CryptographicKey: the key named by a signed assertion's `verification.creator`. Its
 * `owner` points back at the issuer Profile, which lists it in `publicKey`: verifiers check both
 * directions (docs/open-badges.md A1, A4).
 */
export function buildOb2CryptographicKey(keySet: KeySetMaterial, urls: UrlLayout): Ob2CryptographicKey {
  return {
    '@context': OB2_CONTEXT,
    type: 'CryptographicKey',
    id: urls.ob2Key(keySet.id),
    owner: urls.ob2Issuer,
    publicKeyPem: rsaPublicKeyPem(keySet),
  };
}
