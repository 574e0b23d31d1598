import type { VerifyEnv } from '../env.js';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { idOf } from '../json/values.js';
import { couldNotRun } from '../net/documents.js';
import { indeterminate, invalid } from '../report.js';
import { revocationDetailsOf, revokedBy, type StatusResult, statusFailure } from './statusResult.js';

/**
 * 1EdTechRevocationList (docs/open-badges.md B6, SPEC verification.md step 4): GET the list; the
 * credential is revoked when its id appears in `revokedCredential[]` with `revoked` true or absent.
 */
export async function checkRevocationList1EdTech(
  entry: JsonObject,
  credentialId: string | undefined,
  env: VerifyEnv,
): Promise<StatusResult> {
  const url = idOf(entry);
  if (!url) return statusFailure(invalid('the 1EdTechRevocationList entry has no id'));
  const fetched = await env.documents.json(url, 'revocation list', 'application/json');
  if (!fetched.ok) return statusFailure(couldNotRun(fetched));
  const list = isJsonObject(fetched.value) ? fetched.value['revokedCredential'] : undefined;
  if (!Array.isArray(list))
    return statusFailure(indeterminate(`the revocation list at ${url} has no revokedCredential array`));
  const hit = list.find(
    (item): item is JsonObject =>
      isJsonObject(item) && credentialId !== undefined && item['id'] === credentialId && item['revoked'] !== false,
  );
  if (!hit) return { ok: true, message: `not in the revocation list ${url}` };
  return revokedBy(`1EdTechRevocationList ${url}`, revocationDetailsOf(hit));
}
