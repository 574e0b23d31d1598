import type { AchievementKind, Certification, RequirementGroup } from './types.js';

/** One id named by a certification's requirements, with where it stands in the file. */
export interface RequirementReference {
  readonly id: string;
  /** The kind the id must have: `exams` name exams, `certifications` name certifications. */
  readonly kind: AchievementKind;
  /** JSON Pointer below the certification, e.g. `requirements/exams/allOf/0`. */
  readonly pointer: string;
}

const GROUPS = [
  ['exams', 'exam'],
  ['certifications', 'certification'],
] as const;

const referencesOf = new WeakMap<Certification, readonly RequirementReference[]>();

/** Every id a certification's requirements name; computed once per loaded certification. */
export function requirementReferences(certification: Certification): readonly RequirementReference[] {
  let known = referencesOf.get(certification);
  if (known === undefined) {
    known = listReferences(certification);
    referencesOf.set(certification, known);
  }
  return known;
}

function listReferences(certification: Certification): RequirementReference[] {
  const references: RequirementReference[] = [];
  for (const [group, kind] of GROUPS) {
    const requirement: RequirementGroup | undefined = certification.requirements?.[group];
    for (const operator of ['allOf', 'oneOf'] as const) {
      requirement?.[operator]?.forEach((id, index) => {
        references.push({ id, kind, pointer: `requirements/${group}/${operator}/${index}` });
      });
    }
  }
  return references;
}

/** True when every `allOf` id is held and, if there is a `oneOf`, at least one of its ids. */
export function groupSatisfied(group: RequirementGroup | undefined, holds: (id: string) => boolean): boolean {
  if (group === undefined) return true;
  const all = group.allOf ?? [];
  const one = group.oneOf;
  return all.every(holds) && (one === undefined || one.some(holds));
}
