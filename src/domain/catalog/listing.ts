import type {
  AchievementKind,
  AchievementStatus,
  Catalog,
  Criteria,
  Family,
  LocalisedText,
  NoBadgeReason,
  Requirements,
  RuleField,
  Validity,
} from './types.js';

/**
 * What the public API shows of one catalog entry: everything a recipient or employer may read.
 * The image file path and maintainer notes stay inside; the HTTP layer turns images into URLs.
 */
export interface AchievementListing {
  readonly id: string;
  readonly kind: AchievementKind;
  readonly family: string;
  readonly title: LocalisedText;
  readonly description: LocalisedText;
  readonly criteria: Criteria;
  readonly tags?: readonly string[];
  readonly releaseDate: string;
  readonly status: AchievementStatus;
  readonly retirementDate?: string;
  readonly badge: { readonly available: boolean; readonly reason?: NoBadgeReason };
  readonly requirements?: Requirements;
  readonly validity?: Validity;
  readonly supersedes?: readonly string[];
  /** The rule fields taken from the family (the values above are those in force). */
  readonly inherited?: readonly RuleField[];
}

export interface CatalogFilter {
  readonly kind?: AchievementKind;
  readonly status?: AchievementStatus;
  readonly family?: string;
}

export function listAchievements(catalog: Catalog, filter: CatalogFilter = {}): AchievementListing[] {
  return catalog.achievements
    .filter(
      (entry) =>
        (filter.kind === undefined || entry.kind === filter.kind) &&
        (filter.status === undefined || entry.status === filter.status) &&
        (filter.family === undefined || entry.family === filter.family),
    )
    .map((entry) => ({
      id: entry.id,
      kind: entry.kind,
      family: entry.family,
      title: entry.title,
      description: entry.description,
      criteria: entry.criteria,
      ...(entry.tags === undefined ? {} : { tags: entry.tags }),
      releaseDate: entry.releaseDate,
      status: entry.status,
      ...(entry.retirementDate === undefined ? {} : { retirementDate: entry.retirementDate }),
      badge: entry.badge.available ? { available: true } : { available: false, reason: entry.badge.reason },
      ...(entry.kind === 'certification' && entry.requirements !== undefined
        ? { requirements: entry.requirements }
        : {}),
      ...(entry.kind === 'certification' && entry.validity !== undefined ? { validity: entry.validity } : {}),
      ...(entry.supersedes === undefined ? {} : { supersedes: entry.supersedes }),
      ...(entry.inherited === undefined ? {} : { inherited: entry.inherited }),
    }));
}

/** What the public API shows of a family: its names and rule, without the maintainer's note. */
export function listFamilies(catalog: Catalog): Omit<Family, 'note'>[] {
  return catalog.families.map(({ note: _note, ...shown }) => shown);
}

export interface CatalogSummary {
  readonly version: string;
  readonly achievements: number;
  readonly exams: number;
  readonly certifications: number;
  readonly withBadge: number;
  readonly families: number;
}

export function summarizeCatalog(catalog: Catalog): CatalogSummary {
  const count = (keep: (entry: Catalog['achievements'][number]) => boolean): number =>
    catalog.achievements.filter(keep).length;
  return {
    version: catalog.version,
    achievements: catalog.achievements.length,
    exams: count((entry) => entry.kind === 'exam'),
    certifications: count((entry) => entry.kind === 'certification'),
    withBadge: count((entry) => entry.badge.available),
    families: catalog.families.length,
  };
}
