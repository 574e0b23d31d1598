import type { Catalog } from '../../domain/catalog/types.js';
import { parseEarnedOn } from '../../domain/dates.js';
import { decideEligibility } from '../../domain/eligibility/decideEligibility.js';
import type { EligibilityDecision } from '../../domain/eligibility/types.js';
import { normalizeEmail } from '../../domain/email.js';
import type { Clock } from '../../ports/clock.js';
import type { Collection } from '../../ports/store.js';
import { blockingAward, priorAwardsOf } from '../awards/awardHistory.js';
import type { AwardRecord } from '../awards/awardRecord.js';

export interface EligibilityExplanation {
  readonly achievement: string;
  readonly earnedOn: string;
  readonly recipient?: string;
  readonly rulesVersion: string;
  readonly decision: EligibilityDecision;
  /**
   * The award a POST would answer with `duplicate: true` instead of issuing: the recipient
   * already holds this badge, still valid on the pass's date.
   */
  readonly duplicateOf?: string;
  /** The recipient's awards the decision took into account. */
  readonly history: readonly { readonly achievementId: string; readonly earnedOn: string; readonly status: string }[];
}

/** What the rules would decide for a pass, without issuing anything (`GET /api/v1/eligibility`). */
export function createExplainEligibility(deps: {
  awards: Collection<AwardRecord>;
  catalog: { current(): { readonly catalog: Catalog; readonly version: string } };
  clock: Clock;
}) {
  return async function explainEligibility(query: {
    achievement: string;
    earnedOn: string;
    recipient?: string;
  }): Promise<EligibilityExplanation> {
    const earnedOn = parseEarnedOn(query.earnedOn);
    const email = query.recipient === undefined ? undefined : normalizeEmail(query.recipient);
    const records = email === undefined ? [] : await deps.awards.find({ recipientEmail: email }, { sort: { _id: 1 } });
    const rules = deps.catalog.current();
    const decision = decideEligibility({
      catalog: rules.catalog,
      achievementId: query.achievement,
      earnedOn: earnedOn.instant,
      now: deps.clock.now(),
      history: priorAwardsOf(records),
    });
    const duplicate = decision.eligible
      ? blockingAward(records, decision.award.achievementId, decision.award.earnedOn)
      : undefined;
    return {
      achievement: query.achievement,
      earnedOn: earnedOn.iso,
      ...(email === undefined ? {} : { recipient: email }),
      rulesVersion: rules.version,
      decision,
      ...(duplicate === undefined ? {} : { duplicateOf: duplicate._id }),
      history: records.map((record) => ({
        achievementId: record.achievementId,
        earnedOn: record.earnedOn,
        status: record.status,
      })),
    };
  };
}
