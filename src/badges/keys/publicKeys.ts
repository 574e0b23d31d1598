import type { UrlLayout } from '../urls.js';
import type { KeySetMaterial } from './keySetMaterial.js';

/** A public RSA JWK as the VC-JWT `kid` URL and the JWKS publish it (RFC 7517, docs/open-badges.md B3/B5). */
export interface RsaPublicJwk {
  readonly kty: 'RSA';
  readonly n: string;
  readonly e: string;
  readonly kid: string;
  readonly alg: 'RS256';
  readonly use: 'sig';
}

/** A Multikey verification method (Controlled Identifiers §2.2.2 Multikey; vc-di-eddsa §2.1.1). */
export interface MultikeyVerificationMethod {
  readonly id: string;
  readonly type: 'Multikey';
  readonly controller: string;
  readonly publicKeyMultibase: string;
}

/** The SPKI PEM of the RSA key: what OB 2.0 `CryptographicKey.publicKeyPem` carries (docs/open-badges.md A1). */
export function rsaPublicKeyPem(material: KeySetMaterial): string {
  return material.rsa.publicKeyPem;
}

/** The RSA key as a JWK whose `kid` is the URL that serves exactly this JWK (docs/open-badges.md C4). */
export function rsaPublicJwk(material: KeySetMaterial, urls: UrlLayout): RsaPublicJwk {
  return { kty: 'RSA', n: material.rsa.n, e: material.rsa.e, kid: urls.jwk(material.id), alg: 'RS256', use: 'sig' };
}

export function ed25519PublicKeyMultibase(material: KeySetMaterial): string {
  return material.ed25519.publicKeyMultibase;
}

/**
 * The Ed25519 key as it appears in the DID document: absolute id, controller = the issuer DID,
 * because verifiers require the key's controller to be `issuer.id` (docs/open-badges.md B4, C8, C23).
 */
export function ed25519VerificationMethod(material: KeySetMaterial, urls: UrlLayout): MultikeyVerificationMethod {
  return {
    id: urls.verificationMethod(material.id),
    type: 'Multikey',
    controller: urls.did,
    publicKeyMultibase: material.ed25519.publicKeyMultibase,
  };
}
