import type { CollectionDefinition, Filter } from '../../ports/store.js';
import { isOperatorObject } from '../store/storeRules.js';
import { encodedDate } from './documentCodec.js';
import { keyExpression, NULL_KEY, partialCondition } from './sqlSchema.js';

/**
 * The part of a filter SQLite can answer from its indexes: equalities and $in on `_id` and on
 * indexed fields, ranges on `_id`, and ranges on indexed fields bounded by ASCII text, among the
 * filter's top-level conditions (and those of its $and). The rows it selects are a superset of the matches (the filter is then evaluated on each
 * document), so it may leave conditions out but never select too few: indexed fields hold no
 * arrays (storeRules), so an indexed field has exactly the one key the index holds.
 */
export interface SqlWhere {
  readonly sql: string;
  readonly params: unknown[];
  /**
   * Whether the rows it selects are exactly the matches: the filter is one equality with a text
   * value on `_id` or on an indexed field (an index key equals text only when the field holds
   * that text), so a read of one match may stop at the first row.
   */
  readonly exact: boolean;
}

/** The index key a value has, or undefined for values no index key equals (documents, arrays). */
function keyOf(value: unknown): unknown {
  if (value === null) return NULL_KEY;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return encodedDate(value);
  return undefined;
}

const ID_RANGES: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

/**
 * A text bound SQLite compares as JavaScript does: SQLite orders text by its UTF-8 bytes and
 * JavaScript by UTF-16 units, which differ only between two characters beyond U+007F, so a bound
 * of ASCII characters orders every text alike. (An index key that is not text, a number or the
 * missing field's x'00', may fall on either side: the filter, evaluated after, leaves it out.)
 */
const NOT_ASCII = /[^\p{ASCII}]/u;

/** `{ field: 'text' }`, the field `_id` or an indexed one (see SqlWhere's `exact`). */
function textEqualityField(filter: Filter): string | undefined {
  const keys = Object.keys(filter);
  if (keys.length !== 1) return undefined;
  const [field] = keys as [string];
  return typeof filter[field] === 'string' ? field : undefined;
}

/** The terms of a query being built, and their parameters. */
interface Where {
  readonly terms: string[];
  readonly params: unknown[];
}

/** Per indexed field: its key expression and the conditions of the sparse indexes it leads. */
type IndexedFields = ReadonlyMap<string, { readonly key: string; readonly partials: readonly string[] }>;

// The helpers below are module functions, not closures made per query: a filter is read for
// every store call, and making four functions each time cost more than reading it.

function oneOf(where: Where, column: string, values: readonly unknown[], partials: readonly string[]): void {
  const keys = values.map(keyOf);
  if (keys.length === 0 || keys.some((key) => key === undefined)) return;
  where.terms.push(keys.length === 1 ? `${column} = ?` : `${column} IN (${keys.map(() => '?').join(', ')})`);
  where.params.push(...keys);
  // A non-null value implies the field is present: the query then names the partial index's condition.
  if (!values.includes(null)) where.terms.push(...partials);
}

function onId(where: Where, condition: unknown): void {
  if (!isOperatorObject(condition)) {
    if (typeof condition === 'string') oneOf(where, 'id', [condition], []);
    return;
  }
  for (const [operator, operand] of Object.entries(condition)) {
    if (operator === '$eq' && typeof operand === 'string') oneOf(where, 'id', [operand], []);
    else if (operator === '$in' && (operand as unknown[]).every((id) => typeof id === 'string')) {
      oneOf(where, 'id', operand as unknown[], []);
    } else if (ID_RANGES[operator] !== undefined && typeof operand === 'string') {
      where.terms.push(`id ${ID_RANGES[operator]} ?`);
      where.params.push(operand);
    }
  }
}

function onField(where: Where, indexed: IndexedFields, path: string, condition: unknown): void {
  const field = indexed.get(path);
  if (field === undefined) return;
  if (!isOperatorObject(condition)) {
    oneOf(where, field.key, [condition], field.partials);
    return;
  }
  if ('$eq' in condition) oneOf(where, field.key, [condition.$eq], field.partials);
  if ('$in' in condition) oneOf(where, field.key, condition.$in as unknown[], field.partials);
  for (const [operator, operand] of Object.entries(condition)) {
    if (ID_RANGES[operator] !== undefined && typeof operand === 'string' && !NOT_ASCII.test(operand)) {
      where.terms.push(`${field.key} ${ID_RANGES[operator]} ?`);
      where.params.push(operand);
    }
  }
}

function collect(where: Where, indexed: IndexedFields, clause: Filter): void {
  for (const [key, condition] of Object.entries(clause)) {
    if (key === '$and') for (const inner of condition as Filter[]) collect(where, indexed, inner);
    else if (key === '_id') onId(where, condition);
    else if (!key.startsWith('$')) onField(where, indexed, key, condition);
  }
}

export function createPrefilter(definition: CollectionDefinition): (filter: Filter) => SqlWhere {
  const indexed = new Map<string, { key: string; partials: string[] }>();
  for (const spec of definition.indexes) {
    for (const [position, path] of Object.keys(spec.fields).entries()) {
      const entry = indexed.get(path) ?? { key: keyExpression(path), partials: [] };
      const partial = partialCondition(spec);
      if (position === 0 && partial !== undefined) entry.partials.push(partial);
      indexed.set(path, entry);
    }
  }

  const isTextEquality = (filter: Filter): boolean => {
    const field = textEqualityField(filter);
    return field !== undefined && (field === '_id' || indexed.has(field));
  };

  return (filter) => {
    const where: Where = { terms: [], params: [] };
    collect(where, indexed, filter);
    const sql = where.terms.length === 0 ? '1' : where.terms.join(' AND ');
    return { sql, params: where.params, exact: isTextEquality(filter) };
  };
}
