import type { VerifyEnv } from '../env.js';
import { type DecodedJws, refusedAlgorithm } from '../input/jws.js';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { asArray, idOf, objectOf, stringOf } from '../json/values.js';
import type { Resolution } from '../keys/didDocument.js';
import { jwsSignatureProblem } from '../keys/verifyJws.js';
import { type BadgeSummary, type CheckLog, invalid } from '../report.js';
import { checkOb2Documents } from './common.js';
import { fetchHostedDocument, sameIdProblem } from './hostedDocument.js';
import { checkOb2RevocationList } from './revocationList.js';

/** Both validators take RSA only, and the spec recommends RS256 (docs/open-badges.md A4). */
const OB2_ALGORITHMS = ['RS256'];

/**
 * The key, only through the hosted issuer Profile (docs/open-badges.md A4 steps 3-4, VAL2 verify_key_ownership):
 * `verification.creator` must be listed in the Profile's `publicKey`, and the fetched
 * CryptographicKey must name that Profile as its `owner`.
 */
async function ownedKey(assertion: JsonObject, profile: JsonObject, env: VerifyEnv): Promise<Resolution<string>> {
  const verification = objectOf(assertion['verification'] ?? assertion['verify']);
  const creator = stringOf(verification?.['creator']);
  if (!creator) return { ok: false, problem: invalid('verification.creator is missing: the signing key is not named') };
  const listed = asArray(profile['publicKey']).map(idOf);
  if (!listed.includes(creator)) {
    return { ok: false, problem: invalid(`the issuer Profile does not list ${creator} in publicKey`) };
  }
  const key = await fetchHostedDocument(creator, 'CryptographicKey', env);
  if (!key.ok) return key;
  const mismatch = sameIdProblem(key.value, creator, 'CryptographicKey');
  if (mismatch) return { ok: false, problem: mismatch };
  if (key.value['owner'] !== profile['id']) {
    return {
      ok: false,
      problem: invalid(`the key ${creator} is owned by ${String(key.value['owner'])}, not by ${String(profile['id'])}`),
    };
  }
  const pem = stringOf(key.value['publicKeyPem']);
  if (!pem) return { ok: false, problem: invalid(`the key ${creator} has no publicKeyPem`) };
  return { ok: true, value: pem };
}

/**
 * Signed OB 2.0 (docs/open-badges.md A4): the JWS payload is the assertion. An embedded BadgeClass
 * may be trusted as the values at issue time, but the issuer Profile, and so the key, always
 * comes from its hosted copy; then the signature and the issuer's RevocationList.
 */
export async function verifyOb2Signed(
  log: CheckLog,
  jws: DecodedJws,
  env: VerifyEnv,
): Promise<BadgeSummary | undefined> {
  const assertion = jws.payload;
  const embeddedBadge = isJsonObject(assertion['badge']) ? assertion['badge'] : undefined;
  let badge = embeddedBadge;
  if (!badge) {
    const fetched = await fetchHostedDocument(idOf(assertion['badge']), 'BadgeClass', env);
    if (!fetched.ok) {
      log.fail('ob2.hosted_fetch', fetched.problem);
      return checkOb2Documents(log, assertion, undefined, undefined, env);
    }
    badge = fetched.value;
  }
  const profileId = idOf(badge['issuer']);
  const profile = await fetchHostedDocument(profileId, 'issuer Profile', env);
  if (!profile.ok) {
    log.fail('ob2.hosted_fetch', profile.problem);
    return checkOb2Documents(log, assertion, badge, undefined, env);
  }
  log.outcome(
    'ob2.hosted_fetch',
    sameIdProblem(profile.value, profileId as string, 'issuer Profile'),
    'the issuer Profile was fetched from its id',
  );
  const summary = checkOb2Documents(log, assertion, badge, profile.value, env);
  const key = await ownedKey(assertion, profile.value, env);
  if (!key.ok) log.fail('ob2.key_ownership', key.problem);
  else log.pass('ob2.key_ownership', 'the key is listed by the hosted issuer Profile and owned by it');
  const alg = jws.header['alg'];
  const refused = refusedAlgorithm(alg, OB2_ALGORITHMS);
  if (refused) log.fail('ob2.signature', refused);
  else if (key.ok)
    log.outcome(
      'ob2.signature',
      await jwsSignatureProblem(jws.token, { spkiPem: key.value }, 'RS256'),
      'RS256 signature verified',
    );
  const status = await checkOb2RevocationList(profile.value, assertion, env);
  if (status.ok) log.pass('status.revocation', status.message);
  else {
    log.fail('status.revocation', status.problem);
    log.noteRevocation(status.revocation);
  }
  return summary;
}
