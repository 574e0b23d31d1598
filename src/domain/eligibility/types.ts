import type { AchievementKind, Catalog } from '../catalog/types.js';

export type PriorAwardStatus = 'pending' | 'accepted' | 'declined' | 'revoked';

/** One of the recipient's earlier awards, across every email of their profile. */
export interface PriorAward {
  readonly achievementId: string;
  readonly earnedOn: Date;
  readonly status: PriorAwardStatus;
  readonly expires?: Date;
  /** The exam whose pass led to this award, when it is a certification's badge, or `direct`. */
  readonly earnedBy?: string;
}

export interface EligibilityRequest {
  readonly catalog: Catalog;
  /** An exam, or a certification an operator awards directly. */
  readonly achievementId: string;
  readonly earnedOn: Date;
  readonly now: Date;
  readonly history: readonly PriorAward[];
}

/** The closed list of rules that refuse a badge; `details.rule` of a `not_eligible` error. */
export const REFUSAL_RULES = [
  'unknown_achievement',
  'excluded',
  'no_badge_legacy',
  'earned_in_future',
  'earned_before_release',
  'earned_after_retirement',
] as const;

export type RefusalRule = (typeof REFUSAL_RULES)[number];

/** Why the badge was granted: the exam's own, a certification it completed, or a certification awarded directly. */
export type EligibilityBasis = 'exam_passed' | 'certification_completed' | 'certification_awarded';

/**
 * `earnedBy` of a certification awarded on request rather than through an exam pass on record:
 * a backfill from another system, or a certification without exams. Reserved as an id.
 */
export const DIRECT = 'direct';

export interface AwardDecision {
  /** The catalog's spelling of the id. */
  readonly achievementId: string;
  readonly kind: AchievementKind;
  /**
   * The request's date for the main award. A certification that was waiting is completed when
   * its last requirement was earned, which a backfilled pass can place later than the pass.
   */
  readonly earnedOn: Date;
  /** The exam just passed, when the badge is a certification's; `direct` when it was asked for itself. */
  readonly earnedBy?: string;
  readonly expires?: Date;
}

export type EligibilityDecision =
  | {
      readonly eligible: true;
      readonly award: AwardDecision;
      /** Other certifications the new award completes, to be issued with it (never already held). */
      readonly alsoCompletes: readonly AwardDecision[];
      readonly basis: EligibilityBasis;
      readonly reason: string;
    }
  | {
      readonly eligible: false;
      readonly rule: RefusalRule;
      readonly message: string;
      /** The family whose rule refused it, when the achievement leaves that rule to its family. */
      readonly family?: string;
    };
