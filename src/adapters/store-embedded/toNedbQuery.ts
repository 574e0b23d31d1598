import { type Filter, isOperatorObject } from '../../ports/store.js';

/**
 * Translates a (validated) port filter into an nedb query with MongoDB's semantics where nedb's
 * differ:
 * - nedb has no $eq;
 * - nedb's `field: null` does not match a missing field, MongoDB's does;
 * - on an array field nedb tests $ne / $nin element by element ("some element differs"), MongoDB
 *   requires that no element is equal: negations become $not of the positive condition;
 * - nedb's `$exists: true` is false on an empty array: it becomes $not of `$exists: false`.
 * Plain equalities, $in and range conditions stay top-level fields so that nedb can use indexes.
 * https://www.mongodb.com/docs/manual/tutorial/query-for-null-fields/
 * https://www.mongodb.com/docs/manual/reference/operator/query/ne/
 */
type Query = Record<string, unknown>;

function nullOrMissing(field: string): Query {
  return { $or: [{ [field]: null }, { [field]: { $exists: false } }] };
}

function equals(field: string, value: unknown): Query {
  return value === null ? nullOrMissing(field) : { [field]: value };
}

function isIn(field: string, values: readonly unknown[]): Query {
  const present = values.filter((value) => value !== null);
  if (present.length === values.length) return { [field]: { $in: values } };
  return { $or: [{ [field]: { $in: present } }, nullOrMissing(field)] };
}

function translateOperators(field: string, operators: Record<string, unknown>, query: Query, clauses: Query[]): void {
  const kept: Query = {};
  for (const [operator, operand] of Object.entries(operators)) {
    if (operator === '$eq') clauses.push(equals(field, operand));
    else if (operator === '$ne') clauses.push({ $not: equals(field, operand) });
    else if (operator === '$nin') clauses.push({ $not: isIn(field, operand as unknown[]) });
    else if (operator === '$in' && (operand as unknown[]).includes(null))
      clauses.push(isIn(field, operand as unknown[]));
    else if (operator === '$exists' && operand === true) clauses.push({ $not: { [field]: { $exists: false } } });
    else kept[operator] = operand;
  }
  if (Object.keys(kept).length > 0) query[field] = kept;
}

export function toNedbQuery(filter: Filter): Query {
  const query: Query = {};
  const clauses: Query[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and') {
      clauses.push(...(condition as Filter[]).map(toNedbQuery));
    } else if (key === '$or') {
      clauses.push({ $or: (condition as Filter[]).map(toNedbQuery) });
    } else if (isOperatorObject(condition)) {
      const only$eq = Object.keys(condition).length === 1 && '$eq' in condition && condition.$eq !== null;
      if (only$eq) query[key] = condition.$eq;
      else translateOperators(key, condition, query, clauses);
    } else if (condition === null) {
      clauses.push(nullOrMissing(key));
    } else {
      query[key] = condition;
    }
  }
  if (clauses.length > 0) query.$and = clauses;
  return query;
}
