import type { VerifyEnv } from '../env.js';
import type { JsonObject } from '../json/safeJson.js';
import { idOf } from '../json/values.js';
import type { BadgeSummary } from '../report.js';
import { fetchHostedDocument } from './hostedDocument.js';
import { ob2Summary } from './summary.js';

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/**
 * Which badge a revoked hosted assertion was, when its issuer names the BadgeClass in the 410
 * answer (`badge`): the report can then say what was revoked and by whom. Only a BadgeClass on the
 * assertion's own origin is read, so a 410 cannot dress itself in another issuer's badge; nothing
 * in it changes the verdict, which is revoked whatever these documents say.
 */
export async function revokedOb2Summary(
  assertionUrl: string,
  gone: JsonObject | undefined,
  env: VerifyEnv,
): Promise<BadgeSummary | undefined> {
  const badgeId = idOf(gone?.['badge']);
  if (gone === undefined || badgeId === undefined || !sameOrigin(badgeId, assertionUrl)) return undefined;
  const badge = await fetchHostedDocument(badgeId, 'BadgeClass', env);
  if (!badge.ok) return undefined;
  const profile = await fetchHostedDocument(idOf(badge.value['issuer']), 'issuer Profile', env);
  return ob2Summary(gone, badge.value, profile.ok ? profile.value : undefined, undefined);
}
