// Thin typed wrapper over the untyped @digitalbazaar/ed25519-multikey, so `any` stays here.
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

export interface Ed25519MultibasePair {
  readonly publicKeyMultibase: string;
  readonly secretKeyMultibase: string;
}

/** The object jsonld-signatures suites call to sign; `id` becomes `proof.verificationMethod`. */
export interface Ed25519Signer {
  readonly id: string;
  readonly algorithm: string;
  sign(input: { data: Uint8Array }): Promise<Uint8Array>;
}

/**
 * A new Ed25519 key pair in Multikey multibase form (vc-di-eddsa §2.1.1: `z6Mk…` public keys).
 * `seed` (32 bytes) makes it reproducible, as the spec's test vector needs.
 */
export async function generateEd25519Multikey(seed?: Uint8Array): Promise<Ed25519MultibasePair> {
  const keyPair = await Ed25519Multikey.generate(seed === undefined ? {} : { seed });
  return {
    publicKeyMultibase: keyPair.publicKeyMultibase as string,
    secretKeyMultibase: keyPair.secretKeyMultibase as string,
  };
}

/** A signer for `eddsa-rdfc-2022`, whose proofs name `verificationMethod`. */
export async function ed25519Signer(
  pair: Ed25519MultibasePair,
  verificationMethod: string,
  controller: string,
): Promise<Ed25519Signer> {
  const keyPair = await Ed25519Multikey.from({
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey',
    id: verificationMethod,
    controller,
    publicKeyMultibase: pair.publicKeyMultibase,
    secretKeyMultibase: pair.secretKeyMultibase,
  });
  return keyPair.signer() as Ed25519Signer;
}
