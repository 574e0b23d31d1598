import type { VerifyEnv } from '../env.js';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { asArray, stringOf } from '../json/values.js';
import { type CheckLog, indeterminate } from '../report.js';
import { checkBitstringStatus } from './bitstring.js';
import type { NestedVerifier } from './nested.js';
import { checkRevocationList1EdTech } from './revocationList1EdTech.js';
import type { StatusResult } from './statusResult.js';

async function checkEntry(
  entry: JsonObject,
  credential: JsonObject,
  env: VerifyEnv,
  verifyNested: NestedVerifier,
): Promise<StatusResult> {
  const type = stringOf(entry['type']);
  if (type === '1EdTechRevocationList') return checkRevocationList1EdTech(entry, stringOf(credential['id']), env);
  if (type === 'BitstringStatusListEntry') return checkBitstringStatus(entry, env, verifyNested);
  return {
    ok: false,
    problem: indeterminate(
      `credentialStatus type ${type ?? '(none)'} is not supported; revocation could not be checked`,
    ),
  };
}

/**
 * `credentialStatus` (docs/open-badges.md B6): each entry is checked; no entry means the issuer
 * offers no revocation for this credential.
 */
export async function checkCredentialStatus(
  log: CheckLog,
  credential: JsonObject,
  env: VerifyEnv,
  verifyNested: NestedVerifier,
): Promise<void> {
  const entries = asArray(credential['credentialStatus']).filter(isJsonObject);
  if (entries.length === 0) {
    log.pass('status.revocation', 'the credential has no credentialStatus');
    return;
  }
  for (const entry of entries) {
    const result = await checkEntry(entry, credential, env, verifyNested);
    if (result.ok) log.pass('status.revocation', result.message);
    else {
      log.fail('status.revocation', result.problem);
      log.noteRevocation(result.revocation);
    }
  }
}
