import { omitUndefined } from '../jsonld/omitUndefined.js';
import type { UrlLayout } from '../urls.js';
import { OB2_CONTEXT } from './context.js';

/** One revoked award, as the revocation documents of both versions need it. */
export interface RevokedAward {
  readonly awardId: string;
  readonly reason?: string;
  /** When it was revoked (ISO 8601), published where no JSON-LD processor reads it. */
  readonly revokedAt?: string;
}

export interface Ob2RevokedAssertion {
  readonly id: string;
  readonly revocationReason?: string;
}

export interface Ob2RevocationList {
  readonly '@context': typeof OB2_CONTEXT;
  readonly id: string;
  readonly type: 'RevocationList';
  readonly issuer: string;
  readonly revokedAssertions: readonly Ob2RevokedAssertion[];
}

export interface Ob2RevokedAssertionBody {
  readonly '@context': typeof OB2_CONTEXT;
  readonly id: string;
  readonly revoked: true;
  readonly revocationReason?: string;
  readonly revokedAt?: string;
  /** The BadgeClass, so that a verifier can say which badge was revoked. */
  readonly badge?: string;
}

/**
 * OB 2.0 §RevocationList, named by the issuer Profile's `revocationList`. Each award is listed
 * under both of its assertion ids, the hosted URL and the signed `urn:uuid:`, since a verifier
 * looks up the id of whichever assertion it holds (docs/open-badges.md A1, A4 step 6).
 */
export function buildOb2RevocationList(revoked: readonly RevokedAward[], urls: UrlLayout): Ob2RevocationList {
  return {
    '@context': OB2_CONTEXT,
    id: urls.ob2RevocationList,
    type: 'RevocationList',
    issuer: urls.ob2Issuer,
    revokedAssertions: revoked.flatMap((award) =>
      [urls.assertion(award.awardId), urls.signedAssertionId(award.awardId)].map((id) =>
        omitUndefined({ id, revocationReason: award.reason }),
      ),
    ),
  };
}

/** The body of the `410 Gone` answered at a revoked hosted assertion's URL (OB 2.0, docs/open-badges.md A3). */
export function buildRevokedAssertionBody(
  award: RevokedAward,
  urls: UrlLayout,
  badgeClass?: string,
): Ob2RevokedAssertionBody {
  return omitUndefined({
    '@context': OB2_CONTEXT,
    id: urls.assertion(award.awardId),
    revoked: true,
    revocationReason: award.reason,
    // Not an OB 2.0 term: the 410 answer is read as plain JSON, never expanded, and a verifier
    // shows the date beside the reason.
    revokedAt: award.revokedAt,
    badge: badgeClass,
  } as const);
}
