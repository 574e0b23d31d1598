import { isJsonObject, type JsonObject, parseUntrustedJson } from '../json/safeJson.js';
import { invalid, type Problem } from '../report.js';

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeCompactJws(text: string): boolean {
  return COMPACT_JWS.test(text);
}

export interface DecodedJws {
  readonly token: string;
  readonly header: JsonObject;
  readonly payload: JsonObject;
}

export type DecodedJwsResult =
  | { readonly ok: true; readonly jws: DecodedJws }
  | { readonly ok: false; readonly problem: Problem };

function decodeSegment(
  segment: string,
  what: string,
): { ok: true; value: JsonObject } | { ok: false; problem: Problem } {
  const parsed = parseUntrustedJson(Buffer.from(segment, 'base64url').toString('utf8'), what);
  if (!parsed.ok) return parsed;
  if (!isJsonObject(parsed.value)) return { ok: false, problem: invalid(`${what} is not a JSON object`) };
  return { ok: true, value: parsed.value };
}

/**
 * Reads a compact JWS without verifying it (RFC 7515 §7.1): the header says which key and
 * algorithm to use, the payload which document it signs. Verification comes later.
 */
export function decodeCompactJws(token: string): DecodedJwsResult {
  if (!looksLikeCompactJws(token))
    return { ok: false, problem: invalid('not a compact JWS (three base64url segments)') };
  const [headerPart, payloadPart] = token.split('.') as [string, string, string];
  const header = decodeSegment(headerPart, 'JWS header');
  if (!header.ok) return header;
  const payload = decodeSegment(payloadPart, 'JWS payload');
  if (!payload.ok) return payload;
  return { ok: true, jws: { token, header: header.value, payload: payload.value } };
}

/**
 * `alg: none` and the HMAC algorithms are refused outright: none carries no signature, and
 * HS256 "verified" with a public key would let anyone who holds that public key forge badges.
 */
export function refusedAlgorithm(alg: unknown, allowed: readonly string[]): Problem | undefined {
  if (typeof alg !== 'string') return invalid('JWS header has no alg');
  if (alg.toLowerCase() === 'none') return invalid('JWS alg "none" carries no signature and is refused');
  if (/^HS\d+$/i.test(alg)) {
    return invalid(`JWS alg "${alg}" is a shared-secret MAC, not a signature with the issuer's public key; refused`);
  }
  if (!allowed.includes(alg)) return invalid(`JWS alg "${alg}" is not accepted (accepted: ${allowed.join(', ')})`);
  return undefined;
}
