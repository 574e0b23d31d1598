import { v7 as uuidv7 } from 'uuid';
import { AccoladeError } from '../../errors.js';
import type { Filter, StoredDocument, Update } from '../../ports/store.js';
import { isPlainObject, upsertSeed } from '../store/storeRules.js';

/**
 * Applies a validated update to a document the caller owns (it is changed in place), with
 * MongoDB's rules: $set creates missing documents on a dotted path; $inc counts a missing field
 * from zero; $push starts a missing array; a path through a value that is not a document, $inc
 * on a non-number and $push on a non-array are refused.
 * https://www.mongodb.com/docs/manual/reference/operator/update-field/
 */
type Doc = Record<string, unknown>;

function refused(message: string, path: string, operator: string): AccoladeError {
  return new AccoladeError('validation_failed', message, { field: path, operator });
}

/** The document holding the last segment of `path`, created on the way when `create`. */
function parentOf(doc: Doc, path: string, operator: string, create: boolean): [Doc | undefined, string] {
  const segments = path.split('.');
  let node = doc;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (next === undefined) {
      if (!create) return [undefined, ''];
      node[segment] = {};
    } else if (!isPlainObject(next)) {
      throw refused(`Cannot ${operator} "${path}": "${segment}" is not a document`, path, operator);
    }
    node = node[segment] as Doc;
  }
  return [node, segments.at(-1)!];
}

export function applyUpdate(doc: Doc, update: Update): Doc {
  for (const [path, value] of Object.entries(update.$set ?? {})) {
    const [parent, field] = parentOf(doc, path, '$set', true);
    parent![field] = value;
  }
  for (const path of Object.keys(update.$unset ?? {})) {
    const [parent, field] = parentOf(doc, path, '$unset', false);
    if (parent) delete parent[field];
  }
  for (const [path, amount] of Object.entries(update.$inc ?? {})) {
    const [parent, field] = parentOf(doc, path, '$inc', true);
    const current = parent![field] ?? 0;
    if (typeof current !== 'number') throw refused(`Cannot $inc "${path}": it holds no number`, path, '$inc');
    parent![field] = current + amount;
  }
  for (const [path, value] of Object.entries(update.$push ?? {})) {
    const [parent, field] = parentOf(doc, path, '$push', true);
    const current = parent![field] ?? [];
    if (!Array.isArray(current)) throw refused(`Cannot $push to "${path}": it holds no array`, path, '$push');
    parent![field] = [...current, value];
  }
  return doc;
}

/**
 * The document an upsert inserts, as MongoDB builds it: the filter's equalities, then
 * `$setOnInsert`, then the update; `_id` from the filter or `$setOnInsert`, else a UUIDv7.
 * https://www.mongodb.com/docs/manual/reference/operator/update/setOnInsert/
 */
export function upsertDocument(filter: Filter, update: Update): StoredDocument {
  const seed = upsertSeed(filter, update);
  seed._id ??= uuidv7();
  const { $setOnInsert = {}, ...modifiers } = update;
  const { _id, ...insertFields } = $setOnInsert;
  applyUpdate(seed, { $set: insertFields });
  return applyUpdate(seed, modifiers) as unknown as StoredDocument;
}
