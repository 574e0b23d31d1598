import { omitUndefined } from '../jsonld/omitUndefined.js';
import type { RevokedAward } from '../ob2/revocationList.js';
import type { UrlLayout } from '../urls.js';

export interface Ob3RevokedCredential {
  readonly id: string;
  readonly revoked: true;
  readonly revocationReason?: string;
  readonly revokedAt?: string;
}

export interface Ob3RevocationList {
  readonly id: string;
  readonly issuer: string;
  readonly revokedCredential: readonly Ob3RevokedCredential[];
}

/**
 * The `1EdTechRevocationList` that every credential's `credentialStatus` names (1EdTech VC
 * Revocation List 1.0; docs/open-badges.md B6): a verifier GETs it and treats the credential as
 * revoked when its `id` is listed with `revoked` true or absent.
 */
export function buildOb3RevocationList(revoked: readonly RevokedAward[], urls: UrlLayout): Ob3RevocationList {
  return {
    id: urls.ob3RevocationList,
    issuer: urls.did,
    revokedCredential: revoked.map((award) =>
      omitUndefined({
        id: urls.credential(award.awardId),
        revoked: true,
        revocationReason: award.reason,
        revokedAt: award.revokedAt,
      } as const),
    ),
  };
}
