import type { Achievement, Catalog, Family, RuleField } from './types.js';

/** Where a rule in force comes from: the entry itself, its family, or the default. */
export type RuleSource = 'own' | 'family' | 'default';

/** What one member of a family ends up with once the family's rule is applied. */
export interface MemberRule {
  readonly id: string;
  readonly kind: Achievement['kind'];
  readonly status: Achievement['status'];
  readonly retirementDate?: string;
  /** `badge`, or the reason there is none (`excluded`, `legacy`). */
  readonly badge: 'badge' | 'excluded' | 'legacy';
  readonly from: Readonly<Record<RuleField, RuleSource>>;
}

export interface FamilyRules {
  readonly family: Family;
  readonly members: readonly MemberRule[];
}

function sourceOf(achievement: Achievement, field: RuleField, stated: boolean): RuleSource {
  if (achievement.inherited?.includes(field)) return 'family';
  return stated ? 'own' : 'default';
}

export function memberRule(achievement: Achievement): MemberRule {
  return {
    id: achievement.id,
    kind: achievement.kind,
    status: achievement.status,
    ...(achievement.retirementDate === undefined ? {} : { retirementDate: achievement.retirementDate }),
    badge: achievement.badge.available ? 'badge' : achievement.badge.reason,
    // A resolved entry no longer says whether an active status or an available badge was written
    // out or defaulted; both read the same, so only the family's part is told apart.
    from: {
      status: sourceOf(achievement, 'status', achievement.status === 'retired'),
      retirementDate: sourceOf(achievement, 'retirementDate', achievement.retirementDate !== undefined),
      badge: sourceOf(achievement, 'badge', !achievement.badge.available),
    },
  };
}

/** Every declared family with the rules each of its members ends up with, in catalog order. */
export function familyRules(catalog: Catalog): FamilyRules[] {
  return catalog.families.map((family) => ({
    family,
    members: catalog.achievements.filter((entry) => entry.family === family.id).map(memberRule),
  }));
}
