import type { JsonObject } from '../json/safeJson.js';
import { definedOnly, stringOf } from '../json/values.js';
import type { Problem, RevocationDetails } from '../report.js';

/** One status entry's answer: fine (with what was checked), or a problem (revoked or otherwise). */
export type StatusResult =
  | { readonly ok: true; readonly message: string }
  | { readonly ok: false; readonly problem: Problem; readonly revocation?: RevocationDetails };

export function statusFailure(problem: Problem): StatusResult {
  return { ok: false, problem };
}

/**
 * What an issuer's revocation entry or 410 body says: `revocationReason` (OB 2.0, 1EdTech
 * Revocation List) and a date when it gives one (`revokedAt`, or `revocationDate`).
 */
export function revocationDetailsOf(entry: JsonObject | undefined): RevocationDetails | undefined {
  if (entry === undefined) return undefined;
  const revokedOn = stringOf(entry['revokedAt']) ?? stringOf(entry['revocationDate']);
  const details = definedOnly({
    reason: stringOf(entry['revocationReason']),
    revokedOn: revokedOn !== undefined && !Number.isNaN(Date.parse(revokedOn)) ? revokedOn : undefined,
  });
  return Object.keys(details).length === 0 ? undefined : details;
}

export function revokedBy(source: string, details?: RevocationDetails): StatusResult {
  const reason = details?.reason;
  return {
    ok: false,
    problem: { category: 'revoked', message: `revoked (${source})${reason ? `: ${reason}` : ''}` },
    ...(details === undefined ? {} : { revocation: details }),
  };
}
