import type { AwardDocumentInput, IssuerProfileInput } from '../../badges/documentInput.js';
import type { UrlLayout } from '../../badges/urls.js';
import { achievementInputOf } from './achievementSnapshot.js';
import type { AwardRecord } from './awardRecord.js';

/**
 * One award record, as every badge format reads it. Built from the record alone (plus the
 * issuer's settings), so all formats of one award say the same thing and never change with the
 * catalog.
 */
export function documentInputOf(award: AwardRecord, issuer: IssuerProfileInput, urls: UrlLayout): AwardDocumentInput {
  const lang = award.recipientLocale;
  return {
    awardId: award._id,
    subjectId: award.subjectId,
    recipient: { identityHash: award.identityHash, salt: award.salt, name: award.recipientName },
    achievement: achievementInputOf(award.achievementId, award.achievement, lang),
    // What both standards call the issue date (OB 2.0 `issuedOn`, OB 3.0 `validFrom`) is when the
    // achievement was awarded, i.e. earned. Using the day the record was made instead would put a
    // backfilled, already expired certification's issue date after its expiry, which validators
    // refuse (VCDM 2.0 validFrom <= validUntil; 1EdTech's expired-before-issued check).
    issuedOn: award.earnedOn,
    earnedOn: award.earnedOn,
    ...(award.expires === undefined ? {} : { expires: award.expires }),
    ...(award.evidence === undefined ? {} : { evidence: award.evidence }),
    issuer: { ...issuer, imageUrl: issuer.imageUrl ?? urls.issuerImage },
    keySetId: award.keySetId,
    lang,
  };
}
