import { achievementKey, findAchievement } from '../catalog/findAchievement.js';
import { groupSatisfied } from '../catalog/requirements.js';
import type { Catalog, Certification } from '../catalog/types.js';
import type { PriorAward } from './types.js';

/** Something the recipient holds from a moment on, possibly until an expiry (epoch ms). */
export interface Holding {
  readonly key: string;
  readonly earnedOn: number;
  readonly expires?: number;
}

/**
 * What counts towards requirements: every earlier award that is not revoked — pending
 * (unclaimed), accepted or declined alike, because declining a badge does not undo the pass.
 * A certification's badge also records the exam that earned it (`earnedBy`); that pass counts
 * as the exam, which has no badge of its own in that case.
 */
export function holdingsFromHistory(catalog: Catalog, history: readonly PriorAward[]): Holding[] {
  const holdings: Holding[] = [];
  for (const prior of history) {
    if (prior.status === 'revoked') continue;
    const earnedOn = prior.earnedOn.getTime();
    holdings.push({
      key: achievementKey(prior.achievementId),
      earnedOn,
      ...(prior.expires === undefined ? {} : { expires: prior.expires.getTime() }),
    });
    if (prior.earnedBy !== undefined && findAchievement(catalog, prior.earnedBy)?.kind === 'exam') {
      holdings.push({ key: achievementKey(prior.earnedBy), earnedOn });
    }
  }
  return holdings;
}

/** Held at `at`: earned by then and not expired then (OB 2.0: expired only once past `expires`). */
export function holdsAt(holdings: readonly Holding[], key: string, at: number): boolean {
  return holdings.some(
    (holding) =>
      holding.key === key && holding.earnedOn <= at && (holding.expires === undefined || at <= holding.expires),
  );
}

/** Has a badge for it that is still valid at `at`, whenever it was earned: issuing another would duplicate it. */
export function holdsUnexpired(holdings: readonly Holding[], key: string, at: number): boolean {
  return holdings.some((holding) => holding.key === key && (holding.expires === undefined || at <= holding.expires));
}

/** Requirements judged at one moment: exams passed by then, prerequisite certifications valid then. */
export function requirementsMetAt(certification: Certification, holdings: readonly Holding[], at: number): boolean {
  const holds = (id: string): boolean => holdsAt(holdings, achievementKey(id), at);
  const { exams, certifications } = certification.requirements ?? {};
  return (
    certification.requirements !== undefined && groupSatisfied(exams, holds) && groupSatisfied(certifications, holds)
  );
}
