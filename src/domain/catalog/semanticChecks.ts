import { achievementKey } from './findAchievement.js';
import { requirementReferences } from './requirements.js';
import type { Achievement, Catalog, CatalogProblem, Certification } from './types.js';

/**
 * What a JSON Schema cannot say about a catalog: ids unique (ignoring case), requirements that
 * name existing achievements of the right kind, retirement not before release, and no cycle
 * among prerequisite certifications (a cycle could never be completed).
 * Runs on a catalog that already matches the schema.
 */
export function semanticProblems(catalog: Catalog): CatalogProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: CatalogProblem[] = [];
  catalog.achievements.forEach((achievement, index) => {
    const key = achievementKey(achievement.id);
    const earlier = firstIndex.get(key);
    if (earlier === undefined) firstIndex.set(key, index);
    else
      problems.push({ path: `${at(index)}/id`, message: `duplicates the id of ${at(earlier)} ("${achievement.id}")` });
    if (achievement.retirementDate !== undefined && achievement.retirementDate < achievement.releaseDate) {
      problems.push({
        path: `${at(index)}/retirementDate`,
        message: `is before the release date ${achievement.releaseDate}`,
      });
    }
  });
  const byKey = (id: string): Achievement | undefined => {
    const index = firstIndex.get(achievementKey(id));
    return index === undefined ? undefined : catalog.achievements[index];
  };
  problems.push(...referenceProblems(catalog, byKey), ...cycleProblems(catalog, byKey));
  return problems;
}

function at(index: number): string {
  return `/achievements/${index}`;
}

type Lookup = (id: string) => Achievement | undefined;

function referenceProblems(catalog: Catalog, byKey: Lookup): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  catalog.achievements.forEach((achievement, index) => {
    if (achievement.kind !== 'certification') return;
    for (const reference of requirementReferences(achievement)) {
      const target = byKey(reference.id);
      const path = `${at(index)}/${reference.pointer}`;
      if (target === undefined) {
        problems.push({ path, message: `names "${reference.id}", which is not in the catalog` });
      } else if (target.kind !== reference.kind) {
        problems.push({
          path,
          message: `names "${reference.id}", which is ${article(target.kind)}, not ${article(reference.kind)}`,
        });
      }
    }
  });
  return problems;
}

function article(kind: Achievement['kind']): string {
  return kind === 'exam' ? 'an exam' : 'a certification';
}

/** Depth-first search over "requires certification" edges; each back edge closes a cycle. */
function cycleProblems(catalog: Catalog, byKey: Lookup): CatalogProblem[] {
  const indexOf = new Map(catalog.achievements.map((achievement, index) => [achievement, index]));
  const state = new Map<Achievement, 'visiting' | 'done'>();
  const stack: Certification[] = [];
  const problems: CatalogProblem[] = [];

  const visit = (certification: Certification): void => {
    state.set(certification, 'visiting');
    stack.push(certification);
    for (const reference of requirementReferences(certification)) {
      const target = byKey(reference.id);
      if (target?.kind !== 'certification' || reference.kind !== 'certification') continue;
      if (state.get(target) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(target)), target].map((entry) => entry.id).join(' → ');
        problems.push({
          path: `${at(indexOf.get(certification)!)}/${reference.pointer}`,
          message: `closes a cycle of prerequisite certifications: ${cycle}`,
        });
      } else if (!state.has(target)) {
        visit(target);
      }
    }
    stack.pop();
    state.set(certification, 'done');
  };

  for (const achievement of catalog.achievements) {
    if (achievement.kind === 'certification' && !state.has(achievement)) visit(achievement);
  }
  return problems;
}
