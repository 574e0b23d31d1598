import type { Filter, SortSpec } from '../../ports/store.js';
import { isOperatorObject, isPlainObject } from '../store/storeRules.js';

/**
 * Evaluates a validated port filter on a document with MongoDB's semantics: a field that holds an
 * array matches a condition when the array itself or one of its elements does; equality to null
 * matches a missing field; $ne / $nin hold when no value is equal; range operators compare values
 * of the same type only (numbers, strings, dates, booleans).
 * https://www.mongodb.com/docs/manual/reference/operator/query/
 * https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/
 */
const MISSING = Symbol('missing');
type Value = unknown;

/** The values at a dotted path, descending into the documents of arrays on the way. */
function valuesAt(node: Value, segments: readonly string[], from = 0): Value[] {
  if (from === segments.length) return [node];
  if (Array.isArray(node)) {
    const found = node.filter(isPlainObject).flatMap((element) => valuesAt(element, segments, from));
    return found.length > 0 ? found : [MISSING];
  }
  const segment = segments[from]!;
  if (!isPlainObject(node) || !Object.hasOwn(node, segment)) return [MISSING];
  return valuesAt(node[segment], segments, from + 1);
}

/** Each value, and the elements of those that are arrays. */
function candidates(values: readonly Value[]): Value[] {
  return values.flatMap((value) => (Array.isArray(value) ? [value, ...value] : [value]));
}

export function deepEqual(a: Value, b: Value): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    // Embedded documents are equal only with the same fields in the same order, as in MongoDB.
    const keys = Object.keys(a);
    const other = Object.keys(b);
    return keys.length === other.length && keys.every((key, i) => key === other[i] && deepEqual(a[key], b[key]));
  }
  return a === b;
}

function equals(values: readonly Value[], expected: Value): boolean {
  const all = candidates(values);
  if (expected === null) return all.some((value) => value === MISSING || value === null);
  return all.some((value) => value !== MISSING && deepEqual(value, expected));
}

/**
 * A UTF-16 code unit mapped so that units compare in code point order: JavaScript's `<` puts the
 * surrogates (D800-DFFF, which stand for code points above FFFF) before E000-FFFF, while MongoDB
 * and SQLite compare UTF-8 bytes, which follow code points.
 */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** -1, 0 or 1: strings in code point order, as MongoDB's simple collation and SQLite's BINARY order them. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) < codePointRank(y) ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

/** -1, 0 or 1 for two values of one comparable type; undefined across types. */
function compareSameType(a: Value, b: Value): number | undefined {
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  const type = typeof a;
  if (type !== typeof b || !['number', 'string', 'boolean'].includes(type)) return undefined;
  if (type === 'string') return compareStrings(a as string, b as string);
  return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
}

const RANGES: Record<string, (order: number) => boolean> = {
  $gt: (order) => order > 0,
  $gte: (order) => order >= 0,
  $lt: (order) => order < 0,
  $lte: (order) => order <= 0,
};

function inRange(values: readonly Value[], operator: string, bound: Value): boolean {
  // $gte / $lte null select null and missing fields; $gt / $lt null select nothing.
  if (bound === null) return (operator === '$gte' || operator === '$lte') && equals(values, null);
  const holds = RANGES[operator]!;
  return candidates(values).some((value) => {
    if (Array.isArray(value)) return false;
    const order = compareSameType(value, bound);
    return order !== undefined && holds(order);
  });
}

/**
 * The texts of an `$in` (or `$nin`) list made only of texts, as a set, made once per list and per
 * read: a filter is evaluated on every document a query finds, and comparing each with every item
 * of the list cost 500 × 500 comparisons for a read of 500 keys (0.1 s each at the start-up sweep).
 * The sets live only as long as the read's matcher, so a caller that changes its list between
 * two reads is matched against the list it gives, as SQLite's prefilter is. Null for a list
 * holding anything else, compared item by item.
 */
type TextSets = Map<readonly Value[], ReadonlySet<Value> | null>;

function textSetOf(list: readonly Value[], sets: TextSets): ReadonlySet<Value> | null {
  let set = sets.get(list);
  if (set === undefined) {
    set = list.every((item) => typeof item === 'string') ? new Set(list) : null;
    sets.set(list, set);
  }
  return set;
}

/** Whether a value equals an item of `list`: for a text item, the value itself or an element of an array. */
function inList(values: readonly Value[], list: readonly Value[], sets: TextSets): boolean {
  const texts = textSetOf(list, sets);
  if (texts === null) return list.some((item) => equals(values, item));
  return candidates(values).some((value) => typeof value === 'string' && texts.has(value));
}

function meets(values: readonly Value[], operator: string, operand: Value, sets: TextSets): boolean {
  switch (operator) {
    case '$eq':
      return equals(values, operand);
    case '$ne':
      return !equals(values, operand);
    case '$in':
      return inList(values, operand as Value[], sets);
    case '$nin':
      return !inList(values, operand as Value[], sets);
    case '$exists':
      return values.some((value) => value !== MISSING) === operand;
    default:
      return inRange(values, operator, operand);
  }
}

function matchesWith(doc: Value, filter: Filter, sets: TextSets): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return (condition as Filter[]).every((clause) => matchesWith(doc, clause, sets));
    if (key === '$or') return (condition as Filter[]).some((clause) => matchesWith(doc, clause, sets));
    const values = valuesAt(doc, key.split('.'));
    if (!isOperatorObject(condition)) return equals(values, condition);
    return Object.entries(condition).every(([operator, operand]) => meets(values, operator, operand, sets));
  });
}

/** The test of `filter` for one read: made once, applied to every document the read finds. */
export function filterMatcher(filter: Filter): (doc: Value) => boolean {
  const sets: TextSets = new Map();
  return (doc) => matchesWith(doc, filter, sets);
}

export function matchesFilter(doc: Value, filter: Filter): boolean {
  return filterMatcher(filter)(doc);
}

/** BSON's order of types: null (and missing) < numbers < strings < documents < arrays < booleans < dates. */
function typeRank(value: Value): number {
  if (value === null || value === MISSING) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  if (Array.isArray(value)) return 4;
  if (typeof value === 'boolean') return 5;
  if (value instanceof Date) return 6;
  return 3;
}

function compareValues(a: Value, b: Value): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return Math.sign(rank);
  const order = compareSameType(a, b);
  if (order !== undefined) return order;
  // Documents and arrays: a stable order, though not MongoDB's field-by-field one.
  const [x, y] = [JSON.stringify(a) ?? '', JSON.stringify(b) ?? ''];
  return x === y ? 0 : x < y ? -1 : 1;
}

export function compareBySort(sort: SortSpec): (a: Value, b: Value) => number {
  const keys = Object.entries(sort).map(([path, direction]) => [path.split('.'), direction] as const);
  return (a, b) => {
    for (const [segments, direction] of keys) {
      const order = compareValues(valuesAt(a, segments)[0], valuesAt(b, segments)[0]);
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}
