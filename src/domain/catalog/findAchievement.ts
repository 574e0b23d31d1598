import type { Achievement, Catalog, Certification } from './types.js';

/**
 * Ids are matched ignoring case: operators and test centres write `az-104` as often as `AZ-104`,
 * and issuance must not fail on that. The catalog's own spelling is the canonical one.
 */
export function achievementKey(id: string): string {
  return id.toLowerCase();
}

// A loaded catalog never changes, so its index is built once and dropped with it.
const indexes = new WeakMap<Catalog, ReadonlyMap<string, Achievement>>();

function indexOf(catalog: Catalog): ReadonlyMap<string, Achievement> {
  let index = indexes.get(catalog);
  if (index === undefined) {
    const byKey = new Map<string, Achievement>();
    for (const achievement of catalog.achievements) {
      const key = achievementKey(achievement.id);
      if (!byKey.has(key)) byKey.set(key, achievement);
    }
    index = byKey;
    indexes.set(catalog, index);
  }
  return index;
}

export function findAchievement(catalog: Catalog, id: string): Achievement | undefined {
  return indexOf(catalog).get(achievementKey(id));
}

const certifications = new WeakMap<Catalog, readonly Certification[]>();

/** The catalog's certifications, listed once per loaded catalog (every eligibility decision asks). */
export function certificationsOf(catalog: Catalog): readonly Certification[] {
  let found = certifications.get(catalog);
  if (found === undefined) {
    found = catalog.achievements.filter(
      (achievement): achievement is Certification => achievement.kind === 'certification',
    );
    certifications.set(catalog, found);
  }
  return found;
}
