import { gunzipSync } from 'node:zlib';
import type { VerifyEnv } from '../env.js';
import { payloadFromText } from '../input/textPayload.js';
import type { JsonObject } from '../json/safeJson.js';
import { objectOf, stringOf } from '../json/values.js';
import { LIMITS } from '../limits.js';
import { couldNotRun } from '../net/documents.js';
import { indeterminate, invalid } from '../report.js';
import type { NestedVerifier } from './nested.js';
import { revokedBy, type StatusResult, statusFailure } from './statusResult.js';

/**
 * `encodedList`: multibase base64url (`u` prefix) of the GZIP of the bitstring (W3C Bitstring
 * Status List §3.2); plain base64 as written by StatusList2021 issuers is read too. The gunzip
 * output is capped, so a small list cannot inflate without bound.
 */
function decodeList(encoded: string): Buffer | undefined {
  try {
    const compressed = encoded.startsWith('u')
      ? Buffer.from(encoded.slice(1), 'base64url')
      : Buffer.from(encoded, 'base64');
    return gunzipSync(compressed, { maxOutputLength: LIMITS.maxStatusListBytes });
  } catch {
    return undefined;
  }
}

function indexOf(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : stringOf(value);
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined;
  return Number(text);
}

/**
 * BitstringStatusListEntry (docs/open-badges.md B6; VAL3 BitstringStatusListProbe): only
 * `statusPurpose: revocation` is evaluated. The list credential is fetched (JSON or VC-JWT),
 * verified by the same engine, and bit `statusListIndex` read, most significant bit first.
 */
export async function checkBitstringStatus(
  entry: JsonObject,
  env: VerifyEnv,
  verifyNested: NestedVerifier,
): Promise<StatusResult> {
  const purpose = stringOf(entry['statusPurpose']);
  if (purpose !== 'revocation') return { ok: true, message: `status purpose ${purpose ?? '(none)'} is not evaluated` };
  const index = indexOf(entry['statusListIndex']);
  const url = stringOf(entry['statusListCredential']);
  if (index === undefined || !url)
    return statusFailure(invalid('the status entry needs statusListIndex and statusListCredential'));
  if (env.nesting >= LIMITS.maxNesting)
    return statusFailure(indeterminate(`status list ${url} is nested too deep to check`));
  const refused = env.budget.nestedProblem(`status list ${url}`);
  if (refused) return statusFailure(refused);
  const fetched = await env.documents.fetch(
    url,
    'application/vc+ld+json, application/ld+json, application/json, application/vc+jwt, text/plain',
  );
  if (!fetched.ok) return statusFailure(couldNotRun(fetched));
  const payload = payloadFromText(fetched.text, `status list ${url}`, false);
  if (!payload.ok) return statusFailure(indeterminate(payload.problem.message));
  const nested = await verifyNested(payload.payload, 'statusList', {
    ...env,
    nesting: env.nesting + 1,
    recipient: undefined,
  });
  const listProblem = nested.log.worst();
  // A list that cannot be trusted says nothing either way about this credential.
  if (listProblem) return statusFailure(indeterminate(`status list ${url} does not verify: ${listProblem.message}`));
  const subject = objectOf(nested.credential?.['credentialSubject']);
  if (subject?.['statusPurpose'] !== purpose) {
    return statusFailure(
      invalid(`status list ${url} is for purpose ${String(subject?.['statusPurpose'])}, not ${purpose}`),
    );
  }
  const encoded = stringOf(subject['encodedList']);
  const bits = encoded === undefined ? undefined : decodeList(encoded);
  if (!bits) return statusFailure(indeterminate(`status list ${url} has no readable encodedList`));
  if (index >= bits.length * 8) {
    return statusFailure(
      invalid(`statusListIndex ${index} is outside status list ${url} (${bits.length * 8} entries)`),
    );
  }
  const set = ((bits[index >> 3]! >> (7 - (index & 7))) & 1) === 1;
  if (set) return revokedBy(`BitstringStatusList ${url}, index ${index}`);
  return { ok: true, message: `not revoked in status list ${url}` };
}
