import type { AwardRecord } from './awardRecord.js';

/**
 * The three dates of a badge, each with one meaning wherever it appears (page, every document,
 * verify report, LinkedIn link):
 * - `earned`: the day the exam was passed or the certification completed. OB 3.0 `awardedDate`,
 *   LinkedIn's issue month, and the one date of any format that carries a single date (OB 2.0
 *   `issuedOn`, OB 3.0 `validFrom`, the VC-JWT `nbf`), so a badge never expires before it begins.
 * - `issued`: the day this service created the badge (later than earned for a backfilled pass).
 * - `expires`: counted from earned, when the achievement has a validity.
 */
export interface AwardDates {
  readonly earned: string;
  readonly issued: string;
  readonly expires?: string;
}

export function awardDates(award: AwardRecord): AwardDates {
  return {
    earned: award.earnedOn,
    issued: award.issuedOn,
    ...(award.expires === undefined ? {} : { expires: award.expires }),
  };
}
