import type { VerifyEnv } from '../env.js';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { asArray, stringOf } from '../json/values.js';
import { couldNotRun } from '../net/documents.js';
import { indeterminate } from '../report.js';
import { revocationDetailsOf, revokedBy, type StatusResult, statusFailure } from '../status/statusResult.js';
import { fetchHostedDocument } from './hostedDocument.js';

/** An entry names the assertion by id (a string or `{id}`), or by legacy 1.x `uid`. */
function entryMatches(entry: unknown, assertion: JsonObject): boolean {
  const id = stringOf(assertion['id']);
  const uid = stringOf(assertion['uid']);
  if (typeof entry === 'string') return entry === id;
  if (!isJsonObject(entry)) return false;
  return (id !== undefined && entry['id'] === id) || (uid !== undefined && entry['uid'] === uid);
}

/**
 * Signed assertions (docs/open-badges.md A4 step 6): fetch the issuer's `revocationList`; the
 * assertion is revoked if it appears in `revokedAssertions`.
 */
export async function checkOb2RevocationList(
  profile: JsonObject,
  assertion: JsonObject,
  env: VerifyEnv,
): Promise<StatusResult> {
  const listId = stringOf(profile['revocationList']);
  if (listId === undefined) return { ok: true, message: 'the issuer publishes no revocation list' };
  const fetched = await fetchHostedDocument(listId, 'RevocationList', env);
  if (!fetched.ok) return statusFailure(couldNotRun(fetched));
  const revoked = fetched.value['revokedAssertions'];
  if (!Array.isArray(revoked))
    return statusFailure(indeterminate(`the RevocationList at ${listId} has no revokedAssertions`));
  const hit = asArray(revoked).find((entry) => entryMatches(entry, assertion));
  if (hit === undefined) return { ok: true, message: `not in the RevocationList ${listId}` };
  return revokedBy(`RevocationList ${listId}`, revocationDetailsOf(isJsonObject(hit) ? hit : undefined));
}
