// Thin typed wrapper over the untyped @digitalbazaar/ed25519-multikey, so `any` stays here.
import { createPrivateKey, type JsonWebKey, sign } from 'node:crypto';
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

/**
 * A signer for `eddsa-rdfc-2022`, whose proofs name `verificationMethod`. The secret key is
 * imported once: the library's own signer imports it again for every signature, which costs
 * about as much as the signature itself.
 */
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
  // The raw export gives the 32-byte seed, which is what a JWK's `d` holds (RFC 8037 §2).
  const raw = (await keyPair.export({ secretKey: true, raw: true, canonicalize: true })) as {
    publicKey: Uint8Array;
    secretKey: Uint8Array;
  };
  const jwk: JsonWebKey = {
    kty: 'OKP',
    crv: 'Ed25519',
    x: Buffer.from(raw.publicKey).toString('base64url'),
    d: Buffer.from(raw.secretKey).toString('base64url'),
  };
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  return {
    id: verificationMethod,
    algorithm: 'Ed25519',
    sign: async ({ data }) => sign(null, data, privateKey),
  };
}
