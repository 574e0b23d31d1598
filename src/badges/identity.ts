import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Recipient identity hashes, shared by OB 2.0 (`recipient.identity`) and OB 3.0
 * (`IdentityObject.identityHash`): `<alg>$` + hex(hash(UTF-8(identifier + salt))).
 * OB 2.0 §IdentityHash, OB 3.0 §IdentityHash (docs/open-badges.md A2).
 */
type HashAlgorithm = 'sha256' | 'md5';

function digestHex(algorithm: HashAlgorithm, identifier: string, salt: string): string {
  // The one-shot hash: no Hash object per award (strings are hashed as UTF-8).
  return hash(algorithm, identifier + salt, 'hex');
}

/** `sha256$<lowercase hex>` of the already normalised email followed by the salt. */
export function hashIdentity(normalisedEmail: string, salt: string): string {
  return `sha256$${digestHex('sha256', normalisedEmail, salt)}`;
}

/**
 * A fresh salt: 128 random bits as hex, so equal emails never share a hash across awards.
 * Random bytes are drawn 4 KiB at a time: one call into the CSPRNG per 256 salts rather than one
 * per salt, which showed in bulk issuance profiles.
 */
const SALT_BYTES = 16;
let pool = Buffer.alloc(0);
let offset = 0;

export function newSalt(): string {
  if (offset + SALT_BYTES > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const salt = pool.toString('hex', offset, offset + SALT_BYTES);
  offset += SALT_BYTES;
  return salt;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

const HASH_FORM = /^(sha256|md5)\$([0-9a-f]+)$/i;

/**
 * Whether `candidateEmail` is the recipient named by an identity value found in a badge.
 * Hex may be upper or lower case and `md5$` is legal (OB 2.0 §IdentityHash; validator PR #218,
 * docs/open-badges.md C15). The candidate is tried as typed and trimmed/lowercased, because issuers
 * normalise before hashing while verifiers hash what they were given.
 */
export function identityMatches(
  hashOrPlain: string,
  hashed: boolean,
  salt: string | undefined,
  candidateEmail: string,
): boolean {
  const candidates = [...new Set([candidateEmail, candidateEmail.trim().toLowerCase()])];
  if (!hashed) {
    const plain = hashOrPlain.trim().toLowerCase();
    return candidates.some((candidate) => sameText(candidate.trim().toLowerCase(), plain));
  }
  const match = HASH_FORM.exec(hashOrPlain.trim());
  if (match === null) return false;
  const algorithm = match[1]!.toLowerCase() as HashAlgorithm;
  const expected = match[2]!.toLowerCase();
  return candidates.some((candidate) => sameText(digestHex(algorithm, candidate, salt ?? ''), expected));
}
