import { checkParsedJson, isJsonObject } from '../json/safeJson.js';
import { isHttpUrl } from '../json/values.js';
import { type CheckLog, invalid } from '../report.js';
import type { Payload } from './payload.js';
import { type PayloadResult, payloadFromText } from './textPayload.js';
import { unbakeImage } from './unbake.js';

/** What the verifier is handed: a badge URL, a credential (JSON object or text), or a baked image. */
export type BadgeInput =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'credential'; readonly credential: unknown }
  | { readonly kind: 'image'; readonly contentType: 'image/png' | 'image/svg+xml'; readonly bytes: Buffer };

function fromCredential(credential: unknown): PayloadResult {
  if (typeof credential === 'string') return payloadFromText(credential, 'the credential', true);
  const problem = checkParsedJson(credential, 'the credential');
  if (problem) return { ok: false, problem };
  if (!isJsonObject(credential))
    return { ok: false, problem: invalid('the credential must be a JSON object or a compact JWS') };
  return { ok: true, payload: { kind: 'json', value: credential } };
}

function fromImage(log: CheckLog, bytes: unknown): PayloadResult | undefined {
  if (!Buffer.isBuffer(bytes)) return { ok: false, problem: invalid('the image bytes are missing') };
  const unbaked = unbakeImage(bytes);
  if (!unbaked.ok) {
    log.fail('image.unbake', unbaked.problem);
    return undefined;
  }
  log.pass('image.unbake', `a badge was baked in the ${unbaked.image.toUpperCase()}`);
  return payloadFromText(unbaked.text, 'the baked badge', unbaked.allowUrl);
}

/** Reads the input into a payload, recording `input.parse` (and `image.unbake` for images). */
export function readInput(log: CheckLog, input: BadgeInput): Payload | undefined {
  let result: PayloadResult | undefined;
  if (input.kind === 'url') {
    result =
      typeof input.url === 'string' && isHttpUrl(input.url)
        ? { ok: true, payload: { kind: 'url', url: input.url } }
        : { ok: false, problem: invalid('the badge URL must be an http(s) URL') };
  } else if (input.kind === 'credential') {
    result = fromCredential(input.credential);
  } else if (input.kind === 'image') {
    result = fromImage(log, input.bytes);
  } else {
    result = { ok: false, problem: invalid('unknown input kind') };
  }
  if (result === undefined) return undefined;
  if (!result.ok) {
    log.fail('input.parse', result.problem);
    return undefined;
  }
  log.pass(
    'input.parse',
    `read a ${result.payload.kind === 'jws' ? 'compact JWS' : result.payload.kind === 'url' ? 'badge URL' : 'JSON document'}`,
  );
  return result.payload;
}
