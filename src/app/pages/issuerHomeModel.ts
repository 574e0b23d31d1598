import type { Achievement, Catalog, LocalisedText, NoBadgeReason } from '../../domain/catalog/types.js';

/** One achievement as the issuer's home lists it. */
export interface HomeAchievement {
  readonly id: string;
  readonly kind: Achievement['kind'];
  readonly title: LocalisedText;
  readonly description: LocalisedText;
  readonly criteria: LocalisedText;
  readonly criteriaUrl?: string;
  readonly tags: readonly string[];
  readonly familyName?: LocalisedText;
  readonly retirementDate?: string;
  readonly noBadge?: NoBadgeReason;
}

/**
 * The programme's rules as anyone may read them on the issuer's home: the achievements that earn
 * a badge today; those retired (their badges stay valid); those that never earn one (excluded by
 * the programme, or older than the badges), each with its dates.
 */
export interface IssuerHomeModel {
  readonly active: readonly HomeAchievement[];
  readonly retired: readonly HomeAchievement[];
  readonly withoutBadge: readonly HomeAchievement[];
}

function byTitle(a: HomeAchievement, b: HomeAchievement): number {
  return a.title.en.localeCompare(b.title.en) || a.id.localeCompare(b.id);
}

export function issuerHomeModel(catalog: Catalog): IssuerHomeModel {
  const families = new Map(catalog.families.map((family) => [family.id, family.name]));
  const shown = catalog.achievements.map((entry): HomeAchievement => {
    const familyName = families.get(entry.family);
    return {
      id: entry.id,
      kind: entry.kind,
      title: entry.title,
      description: entry.description,
      criteria: entry.criteria.narrative,
      ...(entry.criteria.url === undefined ? {} : { criteriaUrl: entry.criteria.url }),
      tags: entry.tags ?? [],
      ...(familyName === undefined ? {} : { familyName }),
      ...(entry.retirementDate === undefined ? {} : { retirementDate: entry.retirementDate }),
      ...(entry.badge.available ? {} : { noBadge: entry.badge.reason }),
    };
  });
  const badged = (entry: HomeAchievement) => entry.noBadge === undefined;
  const statusOf = new Map(catalog.achievements.map((entry) => [entry.id, entry.status]));
  return {
    active: shown.filter((entry) => badged(entry) && statusOf.get(entry.id) === 'active').sort(byTitle),
    retired: shown.filter((entry) => badged(entry) && statusOf.get(entry.id) === 'retired').sort(byTitle),
    withoutBadge: shown.filter((entry) => !badged(entry)).sort(byTitle),
  };
}
