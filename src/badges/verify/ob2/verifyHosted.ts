import type { VerifyEnv } from '../env.js';
import type { JsonObject } from '../json/safeJson.js';
import { idOf, stringOf } from '../json/values.js';
import { type BadgeSummary, type CheckLog, combine } from '../report.js';
import { revocationDetailsOf } from '../status/statusResult.js';
import { checkOb2Documents } from './common.js';
import { fetchHostedDocument, sameIdProblem } from './hostedDocument.js';
import { revokedOb2Summary } from './revokedSummary.js';
import { scopeProblem } from './scope.js';

function revokedMessage(reason: unknown): string {
  return `the issuer has revoked this assertion${typeof reason === 'string' ? `: ${reason}` : ''}`;
}

/**
 * Hosted OB 2.0 (docs/open-badges.md A3): re-fetch the assertion from its id and trust only that
 * copy, fetch its BadgeClass and issuer Profile from theirs, then check the Profile's scope.
 * 410 Gone or `revoked: true` mean revoked.
 */
export async function verifyOb2Hosted(
  log: CheckLog,
  given: JsonObject,
  env: VerifyEnv,
): Promise<BadgeSummary | undefined> {
  const id = stringOf(given['id']);
  const fetched = await fetchHostedDocument(id, 'assertion', env);
  if (!fetched.ok) {
    if (fetched.status === 410) {
      const details = revocationDetailsOf(fetched.gone);
      log.fail('status.revocation', {
        category: 'revoked',
        message: `${id} answered 410 Gone: ${revokedMessage(details?.reason)}`,
      });
      log.noteRevocation(details);
      return id === undefined ? undefined : revokedOb2Summary(id, fetched.gone, env);
    }
    log.fail('ob2.hosted_fetch', fetched.problem);
    return undefined;
  }
  const assertion = fetched.value;
  if (assertion['revoked'] === true) {
    log.fail('status.revocation', { category: 'revoked', message: revokedMessage(assertion['revocationReason']) });
    log.noteRevocation(revocationDetailsOf(assertion));
    return undefined;
  }
  const badgeId = idOf(assertion['badge']);
  const badge = await fetchHostedDocument(badgeId, 'BadgeClass', env);
  if (!badge.ok) {
    log.fail('ob2.hosted_fetch', badge.problem);
    return checkOb2Documents(log, assertion, undefined, undefined, env);
  }
  const profileId = idOf(badge.value['issuer']);
  const profile = await fetchHostedDocument(profileId, 'issuer Profile', env);
  if (!profile.ok) {
    log.fail('ob2.hosted_fetch', profile.problem);
    return checkOb2Documents(log, assertion, badge.value, undefined, env);
  }
  const mismatch = combine([
    sameIdProblem(assertion, id as string, 'assertion'),
    sameIdProblem(badge.value, badgeId as string, 'BadgeClass'),
    sameIdProblem(profile.value, profileId as string, 'issuer Profile'),
  ]);
  log.outcome('ob2.hosted_fetch', mismatch, 'the assertion, BadgeClass and issuer Profile were fetched from their ids');
  const summary = checkOb2Documents(log, assertion, badge.value, profile.value, env);
  log.outcome(
    'ob2.origin',
    scopeProblem(id as string, profile.value),
    'the assertion id is within the issuer verification policy',
  );
  log.pass('status.revocation', 'the issuer still serves the assertion and has not marked it revoked');
  return summary;
}
