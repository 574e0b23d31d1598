import { achievementKey } from './findAchievement.js';
import { requirementReferences } from './requirements.js';
import { type AchievementEntry, type CatalogFile, familyIndex } from './resolveFamilies.js';
import type { Achievement, Catalog, CatalogProblem, Family, LocalisedText } from './types.js';

/**
 * What a JSON Schema cannot say about a catalog, checked on the file and on its resolved form
 * (families applied): ids and names unique, every family declared, retirement dates that
 * exist when retired and do not precede release, requirements that name existing achievements
 * of the right kind (never the certification itself, never an exam the programme excludes from a
 * certification that has a badge), supersedence that names achievements of the same kind, and no
 * cycle among prerequisites or supersedence. Runs on a catalog that already matches the schema.
 */
export function semanticProblems(file: CatalogFile, catalog: Catalog): CatalogProblem[] {
  const lookup = indexAchievements(file);
  return [
    ...familyProblems(file),
    ...lookup.duplicates,
    ...nameProblems(file),
    ...memberProblems(file, catalog),
    ...referenceProblems(catalog, lookup.byKey),
    ...cycleProblems(catalog, lookup.byKey, prerequisiteEdges, 'closes a cycle of prerequisite certifications'),
    ...cycleProblems(catalog, lookup.byKey, supersedenceEdges, 'closes a cycle of supersedence'),
  ];
}

/**
 * What depends on the day: an entry still said to be active once its retirement date is past.
 * Kept apart so a file that already took effect is not refused when it merely grows old.
 */
export function datedProblems(file: CatalogFile, catalog: Catalog, today: string): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  catalog.achievements.forEach((achievement, index) => {
    const date = achievement.retirementDate;
    if (achievement.status !== 'active' || date === undefined || date >= today) return;
    const entry = file.achievements[index]!;
    const stated = entry.status !== undefined;
    const family = achievement.inherited?.includes('status') || (!stated && entry.retirementDate === undefined);
    const where = family ? familyPath(file, entry.family) : at(index);
    problems.push({
      path: `${where}/status`,
      achievement: achievement.id,
      ...(family ? { family: entry.family } : {}),
      message: `is active${stated || family ? '' : ' (no status stated)'} although its retirement date ${date}${source(achievement, 'retirementDate')} has passed: set status to "retired"`,
    });
  });
  return problems;
}

function at(index: number): string {
  return `/achievements/${index}`;
}

function familyPath(file: CatalogFile, id: string): string {
  const index = file.families.findIndex((family) => family.id === id);
  return index < 0 ? '/families' : `/families/${index}`;
}

/** ` (from family x)` when the field in force is the family's. */
function source(achievement: Achievement, field: 'retirementDate' | 'status' | 'badge'): string {
  return achievement.inherited?.includes(field) ? ` (from family ${achievement.family})` : '';
}

type Lookup = (id: string) => Achievement | undefined;

function indexAchievements(file: CatalogFile): {
  byKey: (catalog: Catalog) => Lookup;
  duplicates: CatalogProblem[];
} {
  const firstIndex = new Map<string, number>();
  const duplicates: CatalogProblem[] = [];
  file.achievements.forEach((entry, index) => {
    const key = achievementKey(entry.id);
    const earlier = firstIndex.get(key);
    if (earlier === undefined) firstIndex.set(key, index);
    else
      duplicates.push({
        path: `${at(index)}/id`,
        achievement: entry.id,
        message: `duplicates the id of ${file.achievements[earlier]!.id} (${at(earlier)})`,
      });
    if (key === 'direct') {
      duplicates.push({
        path: `${at(index)}/id`,
        achievement: entry.id,
        message: 'is reserved: earnedBy "direct" marks a certification awarded without recorded passes',
      });
    }
  });
  return {
    byKey: (catalog) => (id) => {
      const index = firstIndex.get(achievementKey(id));
      return index === undefined ? undefined : catalog.achievements[index];
    },
    duplicates,
  };
}

function familyProblems(file: CatalogFile): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const seen = new Map<string, number>();
  file.families.forEach((family, index) => {
    const path = `/families/${index}`;
    const earlier = seen.get(family.id);
    if (earlier === undefined) seen.set(family.id, index);
    else problems.push({ path: `${path}/id`, family: family.id, message: `duplicates /families/${earlier}` });
    if (family.status === 'retired' && family.retirementDate === undefined) {
      problems.push({
        path: `${path}/retirementDate`,
        family: family.id,
        message: 'is required when status is "retired"',
      });
    }
  });
  problems.push(
    ...duplicateNames(
      file.families.map((family, index) => ({ id: family.id, path: `/families/${index}/name`, text: family.name })),
      'family',
    ),
  );
  return problems;
}

function nameProblems(file: CatalogFile): CatalogProblem[] {
  return duplicateNames(
    file.achievements.map((entry, index) => ({ id: entry.id, path: `${at(index)}/title`, text: entry.title })),
    'achievement',
  );
}

/** Two entries with the same title (in either language, ignoring case) cannot be told apart on a badge. */
function duplicateNames(
  named: readonly { id: string; path: string; text: LocalisedText }[],
  field: 'achievement' | 'family',
): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  for (const lang of ['en', 'fr'] as const) {
    const first = new Map<string, string>();
    for (const { id, path, text } of named) {
      const key = text[lang].trim().toLowerCase();
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, id);
      else
        problems.push({
          path: `${path}/${lang}`,
          [field]: id,
          message: `is the same name as ${earlier}'s ("${text[lang]}")`,
        });
    }
  }
  return problems;
}

/** Each member's family exists, and the rules in force for it agree with each other. */
function memberProblems(file: CatalogFile, catalog: Catalog): CatalogProblem[] {
  const families = familyIndex(file.families);
  const problems: CatalogProblem[] = [];
  catalog.achievements.forEach((achievement, index) => {
    const entry: AchievementEntry = file.achievements[index]!;
    const family: Family | undefined = families.get(entry.family);
    const base = { achievement: achievement.id };
    if (family === undefined) {
      problems.push({
        ...base,
        path: `${at(index)}/family`,
        message: `names family "${entry.family}", which /families does not declare`,
      });
    }
    const date = achievement.retirementDate;
    if (achievement.status === 'retired' && date === undefined && entry.status !== undefined) {
      problems.push({
        ...base,
        path: `${at(index)}/retirementDate`,
        message: `is required when status is "retired"${family === undefined ? '' : ` (family ${family.id} gives none)`}`,
      });
    }
    if (date !== undefined && date < achievement.releaseDate) {
      problems.push(
        achievement.inherited?.includes('retirementDate')
          ? {
              ...base,
              family: entry.family,
              path: `${at(index)}/releaseDate`,
              message: `is after the retirement date ${date} of family ${entry.family}`,
            }
          : {
              ...base,
              path: `${at(index)}/retirementDate`,
              message: `is before the release date ${achievement.releaseDate}`,
            },
      );
    }
  });
  return problems;
}

function article(kind: Achievement['kind']): string {
  return kind === 'exam' ? 'an exam' : 'a certification';
}

function referenceProblems(catalog: Catalog, byKeyOf: (catalog: Catalog) => Lookup): CatalogProblem[] {
  const byKey = byKeyOf(catalog);
  const problems: CatalogProblem[] = [];
  catalog.achievements.forEach((achievement, index) => {
    const references = [
      ...(achievement.kind === 'certification' ? requirementReferences(achievement) : []),
      ...supersedenceReferences(achievement),
    ];
    for (const reference of references) {
      const target = byKey(reference.id);
      const path = `${at(index)}/${reference.pointer}`;
      const problem = (message: string): void => {
        problems.push({ path, achievement: achievement.id, message });
      };
      if (target === undefined) problem(`names "${reference.id}", which is not in the catalog`);
      else if (target === achievement) problem(`names ${achievement.id} itself`);
      else if (target.kind !== reference.kind)
        problem(`names "${reference.id}", which is ${article(target.kind)}, not ${article(reference.kind)}`);
      else if (
        reference.pointer.startsWith('requirements/') &&
        achievement.badge.available &&
        !target.badge.available &&
        target.badge.reason === 'excluded'
      )
        problem(
          `names ${target.id}, which the programme excludes${source(target, 'badge')}: its passes are refused, so they cannot count towards a certification with a badge`,
        );
    }
  });
  return problems;
}

function supersedenceReferences(
  achievement: Achievement,
): { id: string; kind: Achievement['kind']; pointer: string }[] {
  return (achievement.supersedes ?? []).map((id, index) => ({
    id,
    kind: achievement.kind,
    pointer: `supersedes/${index}`,
  }));
}

type Edges = (achievement: Achievement) => { id: string; pointer: string }[];

const prerequisiteEdges: Edges = (achievement) =>
  achievement.kind === 'certification'
    ? requirementReferences(achievement).filter((reference) => reference.kind === 'certification')
    : [];

const supersedenceEdges: Edges = (achievement) => supersedenceReferences(achievement);

/**
 * Depth-first search over one kind of edge; each back edge closes a cycle. An edge to the entry
 * itself is reported by referenceProblems, so it is not followed here.
 */
function cycleProblems(
  catalog: Catalog,
  byKeyOf: (catalog: Catalog) => Lookup,
  edges: Edges,
  message: string,
): CatalogProblem[] {
  const byKey = byKeyOf(catalog);
  const indexOf = new Map(catalog.achievements.map((achievement, index) => [achievement, index]));
  const state = new Map<Achievement, 'visiting' | 'done'>();
  const stack: Achievement[] = [];
  const problems: CatalogProblem[] = [];

  const visit = (achievement: Achievement): void => {
    state.set(achievement, 'visiting');
    stack.push(achievement);
    for (const edge of edges(achievement)) {
      const target = byKey(edge.id);
      if (target === undefined || target === achievement || target.kind !== achievement.kind) continue;
      if (state.get(target) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(target)), target].map((entry) => entry.id).join(' → ');
        problems.push({
          path: `${at(indexOf.get(achievement)!)}/${edge.pointer}`,
          achievement: achievement.id,
          message: `${message}: ${cycle}`,
        });
      } else if (!state.has(target)) {
        visit(target);
      }
    }
    stack.pop();
    state.set(achievement, 'done');
  };

  for (const achievement of catalog.achievements) if (!state.has(achievement)) visit(achievement);
  return problems;
}
