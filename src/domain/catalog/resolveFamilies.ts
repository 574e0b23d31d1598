import type { Achievement, AchievementStatus, BadgeAvailability, Catalog, Family, RuleField } from './types.js';

/** An achievement as written in the file: its rule fields may be left to its family. */
export type AchievementEntry = Omit<Achievement, 'status' | 'badge' | 'inherited'> & {
  readonly status?: AchievementStatus;
  readonly badge?: BadgeAvailability;
};

/** The catalog file as the schema admits it, before families are applied. */
export interface CatalogFile {
  readonly version: string;
  readonly families: readonly Family[];
  readonly achievements: readonly AchievementEntry[];
}

const AVAILABLE: BadgeAvailability = Object.freeze({ available: true });

export function familyIndex(families: readonly Family[]): ReadonlyMap<string, Family> {
  const byId = new Map<string, Family>();
  for (const family of families) if (!byId.has(family.id)) byId.set(family.id, family);
  return byId;
}

/**
 * Each rule field in force for an entry: its own when it states it, else its family's, else the
 * default (active, with a badge), and which of them came from the family.
 */
export function resolveEntry(entry: AchievementEntry, family: Family | undefined): Achievement {
  const inherited: RuleField[] = [];
  const pick = <T>(field: RuleField, own: T | undefined, fromFamily: T | undefined): T | undefined => {
    if (own !== undefined) return own;
    if (fromFamily !== undefined) inherited.push(field);
    return fromFamily;
  };
  const status = pick('status', entry.status, family?.status) ?? 'active';
  const retirementDate = pick('retirementDate', entry.retirementDate, family?.retirementDate);
  const badge = pick<BadgeAvailability>('badge', entry.badge, family?.badge) ?? AVAILABLE;
  const { retirementDate: _own, ...rest } = entry;
  return {
    ...rest,
    status,
    ...(retirementDate === undefined ? {} : { retirementDate }),
    badge,
    ...(inherited.length === 0 ? {} : { inherited }),
  } as Achievement;
}

/** The catalog with every family's rule applied to the members that leave it to their family. */
export function resolveFamilies(file: CatalogFile): Catalog {
  const families = familyIndex(file.families);
  return {
    version: file.version,
    families: file.families,
    achievements: file.achievements.map((entry) => resolveEntry(entry, families.get(entry.family))),
  };
}
