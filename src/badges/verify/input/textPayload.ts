import { isJsonObject, parseUntrustedJson } from '../json/safeJson.js';
import { isHttpUrl } from '../json/values.js';
import { invalid, type Problem } from '../report.js';
import { looksLikeCompactJws } from './jws.js';
import type { Payload } from './payload.js';

export type PayloadResult =
  | { readonly ok: true; readonly payload: Payload }
  | { readonly ok: false; readonly problem: Problem };

/**
 * Text pasted, fetched or unbaked: a compact JWS (three base64url segments), a URL to fetch
 * (only where `allowUrl`), or a JSON object.
 */
export function payloadFromText(raw: string, what: string, allowUrl: boolean): PayloadResult {
  const text = raw.trim();
  if (looksLikeCompactJws(text)) return { ok: true, payload: { kind: 'jws', token: text } };
  if (isHttpUrl(text) && !/\s/.test(text)) {
    if (allowUrl) return { ok: true, payload: { kind: 'url', url: text } };
    return { ok: false, problem: invalid(`${what} holds a URL where a badge was expected`) };
  }
  const parsed = parseUntrustedJson(text, what);
  if (!parsed.ok) return parsed;
  if (!isJsonObject(parsed.value)) return { ok: false, problem: invalid(`${what} is not a JSON object`) };
  return { ok: true, payload: { kind: 'json', value: parsed.value } };
}
