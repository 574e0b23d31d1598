import { isDeepStrictEqual } from 'node:util';
import { achievementKey } from './findAchievement.js';
import type { Achievement, Catalog, Family, LocalisedText, NoBadgeReason } from './types.js';

/** What changed from one catalog to the next, by achievement and family id. */
export interface CatalogChanges {
  readonly added: readonly { readonly id: string; readonly kind: Achievement['kind'] }[];
  readonly removed: readonly { readonly id: string; readonly kind: Achievement['kind'] }[];
  /** Entries whose retirement is new or moved, or that became retired. */
  readonly retired: readonly {
    readonly id: string;
    readonly retirementDate: string;
    readonly previousRetirementDate?: string;
    readonly family?: string;
  }[];
  /** Entries that had a badge and no longer do (`excluded` or `legacy`). */
  readonly excluded: readonly { readonly id: string; readonly reason: NoBadgeReason; readonly family?: string }[];
  /** Entries that had no badge and now have one. */
  readonly badgeRestored: readonly { readonly id: string }[];
  readonly renamed: readonly { readonly id: string; readonly from: LocalisedText; readonly to: LocalisedText }[];
  /** Any other change to an entry kept in both, by field name. */
  readonly changed: readonly { readonly id: string; readonly fields: readonly string[] }[];
  readonly families: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly changed: readonly { readonly id: string; readonly fields: readonly string[] }[];
  };
}

/** Fields compared one by one; those reported on their own (title, rules) are left out of `changed`. */
const OTHER_FIELDS = [
  'kind',
  'description',
  'criteria',
  'family',
  'tags',
  'releaseDate',
  'requirements',
  'validity',
  'supersedes',
  'note',
] as const;

const FAMILY_FIELDS = ['name', 'description', 'status', 'retirementDate', 'badge', 'note'] as const;

/** The changes from `before` to `after`, both resolved (the rules in force for each entry). */
export function catalogChanges(before: Catalog, after: Catalog): CatalogChanges {
  const old = new Map(before.achievements.map((entry) => [achievementKey(entry.id), entry]));
  const kept = new Set<string>();
  const changes = {
    added: [] as { id: string; kind: Achievement['kind'] }[],
    retired: [] as CatalogChanges['retired'][number][],
    excluded: [] as CatalogChanges['excluded'][number][],
    badgeRestored: [] as { id: string }[],
    renamed: [] as CatalogChanges['renamed'][number][],
    changed: [] as { id: string; fields: string[] }[],
  };
  for (const entry of after.achievements) {
    const key = achievementKey(entry.id);
    const previous = old.get(key);
    if (previous === undefined) {
      changes.added.push({ id: entry.id, kind: entry.kind });
      continue;
    }
    kept.add(key);
    compareEntry(previous, entry, changes);
  }
  const removed = before.achievements
    .filter((entry) => !kept.has(achievementKey(entry.id)))
    .map((entry) => ({ id: entry.id, kind: entry.kind }));
  return { ...changes, removed, families: familyChanges(before.families, after.families) };
}

function compareEntry(
  previous: Achievement,
  entry: Achievement,
  changes: {
    retired: CatalogChanges['retired'][number][];
    excluded: CatalogChanges['excluded'][number][];
    badgeRestored: { id: string }[];
    renamed: CatalogChanges['renamed'][number][];
    changed: { id: string; fields: string[] }[];
  },
): void {
  const family = (field: 'retirementDate' | 'badge'): { family?: string } =>
    entry.inherited?.includes(field) ? { family: entry.family } : {};
  const date = entry.retirementDate;
  if (
    date !== undefined &&
    (date !== previous.retirementDate || (entry.status === 'retired' && previous.status !== 'retired'))
  ) {
    changes.retired.push({
      id: entry.id,
      retirementDate: date,
      ...(previous.retirementDate === undefined ? {} : { previousRetirementDate: previous.retirementDate }),
      ...family('retirementDate'),
    });
  }
  if (previous.badge.available && !entry.badge.available) {
    changes.excluded.push({ id: entry.id, reason: entry.badge.reason, ...family('badge') });
  } else if (!previous.badge.available && entry.badge.available) {
    changes.badgeRestored.push({ id: entry.id });
  }
  if (!same(previous.title, entry.title)) changes.renamed.push({ id: entry.id, from: previous.title, to: entry.title });
  const read = (achievement: Achievement, field: string): unknown =>
    (achievement as unknown as Record<string, unknown>)[field];
  const fields: string[] = OTHER_FIELDS.filter((field) => !same(read(previous, field), read(entry, field)));
  if (previous.id !== entry.id) fields.unshift('id');
  // A retirement date taken away, or a status or image changed, is a change the lists above do not show.
  if (date === undefined && previous.retirementDate !== undefined) fields.push('retirementDate');
  if (previous.status !== entry.status && !(entry.status === 'retired' && date !== undefined)) fields.push('status');
  if (previous.badge.available && entry.badge.available && !same(previous.badge, entry.badge)) fields.push('badge');
  if (!previous.badge.available && !entry.badge.available && previous.badge.reason !== entry.badge.reason)
    fields.push('badge');
  if (fields.length > 0) changes.changed.push({ id: entry.id, fields });
}

function familyChanges(before: readonly Family[], after: readonly Family[]): CatalogChanges['families'] {
  const old = new Map(before.map((family) => [family.id, family]));
  const ids = new Set(after.map((family) => family.id));
  const changed: { id: string; fields: string[] }[] = [];
  for (const family of after) {
    const previous = old.get(family.id);
    if (previous === undefined) continue;
    const fields = FAMILY_FIELDS.filter((field) => !same(previous[field], family[field]));
    if (fields.length > 0) changed.push({ id: family.id, fields });
  }
  return {
    added: after.filter((family) => !old.has(family.id)).map((family) => family.id),
    removed: before.filter((family) => !ids.has(family.id)).map((family) => family.id),
    changed,
  };
}

/** Structural equality of JSON values, whatever the order of their keys in the file. */
function same(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

/** True when nothing at all changed. */
export function noChanges(changes: CatalogChanges): boolean {
  return (
    [
      changes.added,
      changes.removed,
      changes.retired,
      changes.excluded,
      changes.badgeRestored,
      changes.renamed,
      changes.changed,
    ].every((list) => list.length === 0) &&
    changes.families.added.length === 0 &&
    changes.families.removed.length === 0 &&
    changes.families.changed.length === 0
  );
}
