import type { CreateIndexesOptions, Document, Collection as DriverCollection } from 'mongodb';
import { MongoServerError } from 'mongodb';
import type { IndexSpec } from '../../ports/store.js';
import { indexName } from '../store/storeRules.js';

/** IndexOptionsConflict, IndexKeySpecsConflict: an index of that name or keys exists, built otherwise. */
const INDEX_CONFLICT_CODES = new Set([85, 86]);

/**
 * A sparse single-field index becomes a partial index on `$exists: true` (MongoDB's recommended
 * form, the same set of documents). A compound sparse index stays `sparse`, which leaves out only
 * documents missing every field, as the embedded store's compound sparse index does; a partial filter would
 * leave out documents missing any field.
 * https://www.mongodb.com/docs/manual/core/index-partial/#comparison-with-sparse-indexes
 */
export function indexOptions(spec: IndexSpec): CreateIndexesOptions {
  // `unique` only when true: an index is then described exactly as MongoDB lists it, so the
  // same definition never looks changed at the next start.
  const options: CreateIndexesOptions = { name: indexName(spec), ...(spec.unique && { unique: true }) };
  const fields = Object.keys(spec.fields);
  if (spec.sparse && fields.length === 1) options.partialFilterExpression = { [fields[0]!]: { $exists: true } };
  else if (spec.sparse) options.sparse = true;
  return options;
}

function sameKeys(a: Document, b: Document): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Creates each index of the definition; one that exists under the same name or keys with other
 * options is rebuilt, so a changed definition takes effect at the next start, as in the embedded
 * store. Indexes the definition does not mention are left alone (an operator may have added them).
 */
export async function ensureIndexes(collection: DriverCollection, specs: readonly IndexSpec[]): Promise<void> {
  for (const spec of specs) {
    const options = indexOptions(spec);
    try {
      await collection.createIndex({ ...spec.fields }, options);
    } catch (error) {
      if (!(error instanceof MongoServerError && INDEX_CONFLICT_CODES.has(Number(error.code)))) throw error;
      for (const existing of await collection.listIndexes().toArray()) {
        if (existing.name === options.name || sameKeys(existing.key, spec.fields)) {
          await collection.dropIndex(existing.name as string);
        }
      }
      await collection.createIndex({ ...spec.fields }, options);
    }
  }
}
