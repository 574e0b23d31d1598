import { AccoladeError } from '../../errors.js';
import type {
  CollectionDefinition,
  Filter,
  FindOptions,
  IndexSpec,
  StoredDocument,
  Update,
} from '../../ports/store.js';

// ---------------------------------------------------------------------------------------------
// The port's rules (see ports/store.ts), enforced identically by both adapters, so that code which works against the
// embedded store cannot come to depend on something MongoDB would treat differently.
// ---------------------------------------------------------------------------------------------

const FIELD_OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists']);
const UPDATE_OPERATORS = new Set(['$set', '$unset', '$inc', '$push', '$setOnInsert']);
const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** An indexed field's segments are plain identifiers: the embedded store names them in SQL. */
const INDEXED_SEGMENT = /^[A-Za-z0-9_-]+$/;

/** The name an index is known by: `IndexSpec.name`, else MongoDB's default (`email_1`, `source_1_ref_-1`). */
export function indexName(spec: IndexSpec): string {
  return (
    spec.name ??
    Object.entries(spec.fields)
      .map(([field, direction]) => `${field}_${direction}`)
      .join('_')
  );
}

function invalid(message: string, details: Record<string, unknown>): AccoladeError {
  return new AccoladeError('validation_failed', message, details);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function assertFieldName(name: string, path: string): void {
  if (name.startsWith('$') || name.includes('.') || name === '') {
    throw invalid(`Field name "${name}" may not be empty, start with "$" or contain "."`, { field: path });
  }
}

/** A dotted path such as `profile.city`: every segment must be a storable field name. */
function assertFieldPath(path: string): void {
  for (const segment of path.split('.')) assertFieldName(segment, path);
}

/** A validated deep copy of a storable value, without undefined object members. */
function storableCopy(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw invalid(`Field "${path}" holds a number that cannot be stored`, { field: path });
  }
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) return new Date(value.getTime());
    throw invalid(`Field "${path}" holds an invalid date`, { field: path });
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (item === undefined) throw invalid(`Field "${path}.${i}" is undefined`, { field: path });
      return storableCopy(item, `${path}.${i}`);
    });
  }
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      const memberPath = path === '' ? key : `${path}.${key}`;
      assertFieldName(key, memberPath);
      if (member !== undefined) copy[key] = storableCopy(member, memberPath);
    }
    return copy;
  }
  throw invalid(`Field "${path}" holds a value of a type that cannot be stored`, { field: path });
}

/**
 * Whether a storable value holds a Date, checked as storableCopy checks it (the same refusals)
 * without making the copy: for a document encoded at once, whose copy would be thrown away.
 */
function storableHoldsDate(value: unknown, path: string): boolean {
  let holdsDate = false;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (item === undefined) throw invalid(`Field "${path}.${i}" is undefined`, { field: path });
      if (storableHoldsDate(item, `${path}.${i}`)) holdsDate = true;
    });
    return holdsDate;
  }
  if (!isPlainObject(value)) {
    // A scalar or a Date: storableCopy's own checks (copying one costs nothing worth saving).
    storableCopy(value, path);
    return value instanceof Date;
  }
  for (const key of Object.keys(value)) {
    const member = value[key];
    // Text, booleans and null are always storable: their paths are made only when needed.
    if (key === '' || key.startsWith('$') || key.includes('.')) assertFieldName(key, memberPathOf(path, key));
    if (member === undefined || member === null || typeof member === 'string' || typeof member === 'boolean') continue;
    if (storableHoldsDate(member, memberPathOf(path, key))) holdsDate = true;
  }
  return holdsDate;
}

function memberPathOf(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function assertDocumentShape(doc: unknown): asserts doc is StoredDocument {
  if (!isPlainObject(doc)) throw invalid('A document must be a plain object', {});
  if (typeof doc['_id'] !== 'string' || doc['_id'] === '') {
    throw invalid('A document needs a non-empty string _id', { field: '_id' });
  }
}

/** A validated copy of a document to insert; `_id` must be a non-empty string. */
export function toStorableDocument<T extends StoredDocument>(doc: T): T {
  assertDocumentShape(doc);
  return storableCopy(doc, '') as T;
}

/**
 * Checks a document to insert as toStorableDocument does, without copying it; whether it holds a
 * Date (its encoding then needs one). For a store that encodes the document at once.
 */
export function checkStorableDocument(doc: StoredDocument): { readonly holdsDate: boolean } {
  assertDocumentShape(doc);
  return { holdsDate: storableHoldsDate(doc, '') };
}

function assertFilterValue(value: unknown, path: string): void {
  if (value === undefined) throw invalid(`Filter on "${path}" compares with undefined`, { field: path });
  storableCopy(value, path);
}

/** `{ $gt: 1 }` as opposed to a plain value or embedded document. */
export function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'));
}

function assertCondition(path: string, condition: unknown): void {
  assertFieldPath(path);
  if (!isOperatorObject(condition)) {
    assertFilterValue(condition, path);
    return;
  }
  for (const [operator, operand] of Object.entries(condition)) {
    if (!FIELD_OPERATORS.has(operator)) {
      throw invalid(`Unsupported filter operator "${operator}" on "${path}"`, { field: path, operator });
    }
    if (operator === '$in' || operator === '$nin') {
      if (!Array.isArray(operand)) throw invalid(`${operator} needs an array`, { field: path, operator });
      for (const item of operand) assertFilterValue(item, path);
    } else if (operator === '$exists') {
      if (typeof operand !== 'boolean') throw invalid('$exists needs a boolean', { field: path, operator });
    } else {
      assertFilterValue(operand, path);
    }
  }
}

/** Refuses anything outside the supported query language (see the top of this file). */
export function assertSupportedFilter(filter: Filter): void {
  if (!isPlainObject(filter)) throw invalid('A filter must be a plain object', {});
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition) || condition.length === 0) {
        throw invalid(`${key} needs a non-empty array of filters`, { operator: key });
      }
      for (const clause of condition) assertSupportedFilter(clause as Filter);
    } else if (key.startsWith('$')) {
      throw invalid(`Unsupported filter operator "${key}"`, { operator: key });
    } else {
      assertCondition(key, condition);
    }
  }
}

function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

function storableOperand(operator: string, path: string, value: unknown): unknown {
  if (operator === '$unset') return '';
  if (operator === '$inc' && (typeof value !== 'number' || !Number.isFinite(value))) {
    throw invalid(`$inc on "${path}" needs a finite number`, { field: path, operator });
  }
  if (value === undefined) throw invalid(`${operator} on "${path}" has no value`, { field: path, operator });
  return storableCopy(value, path);
}

/** A validated copy of an update: known operators, storable values, no path touched twice. */
export function toStorableUpdate(update: Update): Update {
  if (!isPlainObject(update)) throw invalid('An update must be a plain object', {});
  const copy: Record<string, Record<string, unknown>> = {};
  const paths: string[] = [];
  for (const [operator, operand] of Object.entries(update)) {
    if (operand === undefined) continue;
    if (!UPDATE_OPERATORS.has(operator)) throw invalid(`Unsupported update operator "${operator}"`, { operator });
    if (!isPlainObject(operand)) throw invalid(`${operator} needs an object`, { operator });
    const fields: Record<string, unknown> = {};
    for (const [path, value] of Object.entries(operand)) {
      assertFieldPath(path);
      if (operator !== '$setOnInsert' && (path === '_id' || path.startsWith('_id.'))) {
        throw invalid('_id cannot be changed', { field: path, operator });
      }
      if (paths.some((other) => pathsOverlap(other, path))) {
        throw invalid(`"${path}" is updated twice`, { field: path, operator });
      }
      paths.push(path);
      fields[path] = storableOperand(operator, path, value);
    }
    copy[operator] = fields;
  }
  if (paths.length === 0) throw invalid('An update must change at least one field', {});
  return copy as Update;
}

export function assertFindOptions(options: FindOptions): void {
  const { sort, limit, skip } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw invalid('limit must be a positive integer', { option: 'limit' });
  }
  if (skip !== undefined && !(Number.isInteger(skip) && skip >= 0)) {
    throw invalid('skip must be a non-negative integer', { option: 'skip' });
  }
  for (const [path, direction] of Object.entries(sort ?? {})) {
    assertFieldPath(path);
    if (direction !== 1 && direction !== -1) throw invalid('sort directions are 1 or -1', { field: path });
  }
}

export function assertCollectionDefinition(definition: CollectionDefinition): void {
  if (!COLLECTION_NAME.test(definition.name)) {
    throw invalid(`Collection name "${definition.name}" is not allowed`, { collection: definition.name });
  }
  for (const spec of definition.indexes) {
    const fields = Object.entries(spec.fields);
    if (fields.length === 0) throw invalid('An index needs at least one field', { collection: definition.name });
    for (const [path, direction] of fields) {
      assertFieldPath(path);
      if (!path.split('.').every((segment) => INDEXED_SEGMENT.test(segment))) {
        throw invalid(`Indexed field "${path}" must be letters, digits, "_" and "-"`, { field: path });
      }
      if (direction !== 1 && direction !== -1) throw invalid('index directions are 1 or -1', { field: path });
    }
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (!isPlainObject(next)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[segments.at(-1)!] = value;
}

/**
 * The document an upsert starts from: the filter's equality conditions (`field: value`,
 * `field: { $eq: value }`, also inside `$and`), as MongoDB does before applying the update, with
 * `_id` from the filter or `$setOnInsert` (absent when neither gives one: the adapter makes one).
 * https://www.mongodb.com/docs/manual/reference/method/db.collection.updateone/#insert-a-new-document-if-no-match-exists--upsert-
 */
export function upsertSeed(filter: Filter, update: Update): Record<string, unknown> {
  const seed: Record<string, unknown> = {};
  const collect = (clause: Filter): void => {
    for (const [key, condition] of Object.entries(clause)) {
      if (key === '$and') for (const inner of condition as Filter[]) collect(inner);
      else if (key.startsWith('$')) continue;
      else if (!isOperatorObject(condition)) setPath(seed, key, storableCopy(condition, key));
      else if ('$eq' in condition) setPath(seed, key, storableCopy(condition.$eq, key));
    }
  };
  collect(filter);
  const insertId = update.$setOnInsert?._id;
  if (seed._id !== undefined && insertId !== undefined && seed._id !== insertId) {
    throw invalid('$setOnInsert._id differs from the filter', { field: '_id' });
  }
  seed._id ??= insertId;
  if (seed._id !== undefined && (typeof seed._id !== 'string' || seed._id === '')) {
    throw invalid('An upserted document needs a non-empty string _id', { field: '_id' });
  }
  return seed;
}

/** Every field path the collection's indexes name. */
export function indexedPaths(definition: CollectionDefinition): string[] {
  return [...new Set(definition.indexes.flatMap((spec) => Object.keys(spec.fields)))];
}

function indexedArray(path: string): AccoladeError {
  return invalid(`Field "${path}" is indexed and cannot hold an array`, { field: path });
}

/** Each indexed path's segments, split once: every insert checks every indexed path. */
const pathSegments = new Map<string, readonly string[]>();

function segmentsOf(path: string): readonly string[] {
  let segments = pathSegments.get(path);
  if (segments === undefined) {
    segments = path.split('.');
    pathSegments.set(path, segments);
  }
  return segments;
}

/** Refuses a document in which an indexed field, or a document on its path, holds an array. */
export function assertIndexable(paths: readonly string[], doc: unknown): void {
  for (const path of paths) {
    let node = doc;
    for (const segment of segmentsOf(path)) {
      if (!isPlainObject(node)) break;
      node = node[segment];
      if (Array.isArray(node)) throw indexedArray(path);
    }
  }
}

/**
 * The same rule for an update the server applies (MongoDB): a value set on or above an indexed
 * field holds no array where the field lies, and nothing is pushed onto an indexed field's path.
 */
export function assertIndexableUpdate(paths: readonly string[], update: Update): void {
  for (const operator of ['$set', '$setOnInsert'] as const) {
    for (const [path, value] of Object.entries(update[operator] ?? {})) {
      for (const indexed of paths) {
        const below = indexed.startsWith(`${path}.`);
        if ((indexed === path || below) && Array.isArray(value)) throw indexedArray(indexed);
        if (below) assertIndexable([indexed.slice(path.length + 1)], value);
      }
    }
  }
  for (const path of Object.keys(update.$push ?? {})) {
    const onPath = paths.find((indexed) => indexed === path || indexed.startsWith(`${path}.`));
    if (onPath !== undefined) throw indexedArray(onPath);
  }
}
