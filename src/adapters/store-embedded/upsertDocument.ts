import { v7 as uuidv7 } from 'uuid';
import { type Filter, type StoredDocument, type Update, upsertSeed } from '../../ports/store.js';
import { applyNedbUpdate } from './nedb.js';

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
  const $set = { ...insertFields, ...modifiers.$set };
  const all: Record<string, unknown> = Object.keys($set).length > 0 ? { ...modifiers, $set } : { ...modifiers };
  // nedb takes an update without modifiers for a replacement document.
  const doc = Object.keys(all).length > 0 ? applyNedbUpdate(seed, all) : seed;
  return doc as unknown as StoredDocument;
}
