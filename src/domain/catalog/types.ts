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
  | { readonly available: false; readonly reason: NoBadgeReason };

export type NoBadgeReason = 'excluded' | 'legacy';

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
  /** A maintainer's remark; never shown to recipients. */
  readonly note?: string;
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

export interface Catalog {
  readonly version: string;
  readonly achievements: readonly Achievement[];
}

/** One problem found in a catalog: a JSON Pointer into the file and what is wrong there. */
export interface CatalogProblem {
  readonly path: string;
  readonly message: string;
}
