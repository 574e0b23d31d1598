/**
 * Caps on untrusted input. Everything a stranger hands the verifier (pasted text, uploaded
 * images, documents fetched from other issuers) is bounded before it is parsed or walked, so a
 * hostile badge produces a failed check, never a crash or a hang.
 */
export const LIMITS = {
  /** Largest JSON or JWS text accepted, in bytes. */
  maxTextBytes: 1024 * 1024,
  /** Largest baked image accepted, in bytes. */
  maxImageBytes: 10 * 1024 * 1024,
  /** Deepest nesting of arrays and objects in any JSON document. */
  maxJsonDepth: 64,
  /** Most values (objects, arrays, scalars) in one already-parsed document. */
  maxJsonNodes: 200_000,
  /** Most documents fetched while verifying one badge, endorsements and status lists included. */
  maxFetches: 40,
  /** Most embedded endorsements verified for one badge. */
  maxEndorsements: 10,
  /** How deep verifications may nest (a badge's endorsement's status list...). */
  maxNesting: 3,
  /** Largest decompressed status list bitstring, in bytes (the W3C minimum list is 16 KiB). */
  maxStatusListBytes: 16 * 1024 * 1024,
} as const;
