import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { generateEd25519Multikey } from './ed25519Multikey.js';

/**
 * One signing key set, as plain JSON so the app can store it (sealing the private parts).
 * - `rsa`: RSA-2048 for RS256, the one algorithm every OB 2.0 verifier accepts for signed
 *   assertions (docs/open-badges.md A4) and the one OB 3.0 VC-JWT verifiers must support (docs/open-badges.md B3, C5).
 * - `ed25519`: a Multikey for `eddsa-rdfc-2022` Data Integrity proofs (docs/open-badges.md B4), the cryptosuite
 *   OB 3.0 certification requires.
 */
export interface KeySetMaterial {
  readonly id: string;
  /** ISO 8601 date-time with a zone. */
  readonly createdAt: string;
  readonly rsa: {
    /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`), the form OB 2.0 CryptographicKey publishes. */
    readonly publicKeyPem: string;
    /** PKCS#8 PEM. Secret. */
    readonly privateKeyPem: string;
    /** Public modulus and exponent, base64url (RFC 7518 §6.3.1). */
    readonly n: string;
    readonly e: string;
  };
  readonly ed25519: {
    /** `z6Mk…`: multibase base58btc of the multicodec-prefixed public key. */
    readonly publicKeyMultibase: string;
    /** `zrv…`: multibase of the multicodec-prefixed secret key. Secret. */
    readonly secretKeyMultibase: string;
  };
}

const generateKeyPairAsync = promisify(generateKeyPair);

function rsaComponents(publicKey: KeyObject): { n: string; e: string } {
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new TypeError('RSA public key without n/e');
  return { n: jwk.n, e: jwk.e };
}

/** Creates a fresh key set. Time comes from the caller, so tests and rotations are reproducible. */
export async function generateKeySet(id: string, createdAt: Date): Promise<KeySetMaterial> {
  const [rsa, ed25519] = await Promise.all([
    generateKeyPairAsync('rsa', { modulusLength: 2048, publicExponent: 0x10001 }),
    generateEd25519Multikey(),
  ]);
  return {
    id,
    createdAt: createdAt.toISOString(),
    rsa: {
      publicKeyPem: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKeyPem: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      ...rsaComponents(rsa.publicKey),
    },
    ed25519,
  };
}
