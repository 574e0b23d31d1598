import { createPublicKey, type JsonWebKey } from 'node:crypto';

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** base58btc (the multibase `z` prefix), as used by did:key and publicKeyMultibase. */
export function decodeBase58btc(text: string): Uint8Array | undefined {
  const bytes: number[] = [];
  for (const char of text) {
    let carry = BASE58_ALPHABET.indexOf(char);
    if (carry < 0) return undefined;
    for (let i = 0; i < bytes.length; i++) {
      carry += bytes[i]! * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (const char of text) {
    if (char !== '1') break;
    bytes.push(0);
  }
  return Uint8Array.from(bytes.reverse());
}

// SubjectPublicKeyInfo header for a compressed P-256 point (RFC 5480), so node:crypto decompresses it.
const P256_COMPRESSED_SPKI_PREFIX = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');

/**
 * A Multikey `publicKeyMultibase` (W3C Controlled Identifiers §2.2.2) as a public JWK.
 * Multicodec prefixes: 0xed01 Ed25519, 0x8024 P-256 (compressed point).
 */
export function multikeyToJwk(publicKeyMultibase: string): JsonWebKey | undefined {
  if (!publicKeyMultibase.startsWith('z')) return undefined;
  const bytes = decodeBase58btc(publicKeyMultibase.slice(1));
  if (!bytes) return undefined;
  if (bytes[0] === 0xed && bytes[1] === 0x01 && bytes.length === 34) {
    return { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bytes.subarray(2)).toString('base64url') };
  }
  if (bytes[0] === 0x80 && bytes[1] === 0x24 && bytes.length === 35) {
    try {
      const spki = Buffer.concat([P256_COMPRESSED_SPKI_PREFIX, bytes.subarray(2)]);
      return createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ format: 'jwk' });
    } catch {
      return undefined;
    }
  }
  return undefined;
}
