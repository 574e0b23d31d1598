/**
 * The programme catalog: every exam and certification, whether it has a badge, and what a
 * certification requires. Read from a JSON file that maintainers edit (assets/catalog.json,
 * checked by schemas/catalog.schema.json); the types are read-only because a loaded catalog is
 * shared by every request until the next reload replaces it whole.
 */
export type AchievementKind = 'exam' | 'certification';
export type AchievementStatus = 'active' | 'retired';

export interface LocalisedText {
  readonly en: string;
  readonly fr: string;
}

export interface Criteria {
  readonly narrative: LocalisedText;
  readonly url?: string;
}

/**
 * Whether the programme awards a badge. `excluded`: the programme decided this one has none
 * (74-343, MOS 2010, the Dynamics CRM exams); `legacy`: it predates badges and never had one.
 */
export type BadgeAvailability =
  | {
      readonly available: true;
      /** A file under `assets/`; absent means the service draws one. */
      readonly image?: string;
    }
  | NoBadge;

export type NoBadgeReason = 'excluded' | 'legacy';

export interface NoBadge {
  readonly available: false;
  readonly reason: NoBadgeReason;
}

/**
 * The fields of the programme's rule that a family states once for all its members: a member
 * that does not state one of them takes its family's (the programme rules in groups: "MOS 2010
 * exams and certifications: no badge", the Dynamics CRM exams "all retired 31 December 2019").
 */
export const RULE_FIELDS = ['status', 'retirementDate', 'badge'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/** A group of achievements that the programme rules on together. */
export interface Family {
  /** Lower-case words joined by hyphens, e.g. `mos-2010`; members name it in their `family`. */
  readonly id: string;
  readonly name: LocalisedText;
  readonly description?: LocalisedText;
  readonly status?: AchievementStatus;
  readonly retirementDate?: string;
  /** Families only ever take the badge away: a member gets one unless told otherwise. */
  readonly badge?: NoBadge;
  readonly note?: string;
}

/** Every id in `allOf` and, when given, at least one id in `oneOf`. */
export interface RequirementGroup {
  readonly allOf?: readonly string[];
  readonly oneOf?: readonly string[];
}

export interface Requirements {
  readonly exams?: RequirementGroup;
  /** Prerequisite certifications; one counts only while it has not expired. */
  readonly certifications?: RequirementGroup;
}

export interface Validity {
  readonly months: number;
  readonly renewalUrl?: string;
}

interface AchievementFields {
  readonly id: string;
  readonly title: LocalisedText;
  readonly description: LocalisedText;
  readonly criteria: Criteria;
  readonly family: string;
  readonly tags?: readonly string[];
  /** `YYYY-MM-DD`, a UTC day. */
  readonly releaseDate: string;
  readonly status: AchievementStatus;
  /** `YYYY-MM-DD`, the last UTC day a pass counts; required when retired, allowed ahead of time. */
  readonly retirementDate?: string;
  readonly badge: BadgeAvailability;
  /** Older achievements of the same kind this one replaces (AZ-104 supersedes AZ-103); informative. */
  readonly supersedes?: readonly string[];
  /** A maintainer's remark; never shown to recipients. */
  readonly note?: string;
  /**
   * The rule fields this entry takes from its family because it does not state them; the
   * fields above already hold the values in force. Absent or empty: every rule is its own.
   */
  readonly inherited?: readonly RuleField[];
}

export interface Exam extends AchievementFields {
  readonly kind: 'exam';
}

export interface Certification extends AchievementFields {
  readonly kind: 'certification';
  readonly requirements?: Requirements;
  /** Absent: the certification never expires (fundamentals). */
  readonly validity?: Validity;
}

export type Achievement = Exam | Certification;

/**
 * A loaded catalog: families resolved, so every achievement holds the rules in force for it
 * (its own, else its family's, else the defaults: active, with a badge).
 */
export interface Catalog {
  readonly version: string;
  readonly families: readonly Family[];
  readonly achievements: readonly Achievement[];
}

/**
 * One problem found in a catalog: a JSON Pointer into the file, what is wrong there, and the id
 * of the achievement or family it concerns, so a maintainer never has to count entries.
 */
export interface CatalogProblem {
  readonly path: string;
  readonly message: string;
  readonly achievement?: string;
  readonly family?: string;
}
