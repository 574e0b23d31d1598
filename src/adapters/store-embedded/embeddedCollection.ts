import { AccoladeError, isAccoladeError } from '../../errors.js';
import {
  assertFindOptions,
  assertSupportedFilter,
  type Collection,
  type CollectionDefinition,
  type Filter,
  type FindOptions,
  type IndexSpec,
  indexName,
  isPlainObject,
  type StoredDocument,
  toStorableDocument,
  toStorableUpdate,
  type Update,
} from '../../ports/store.js';
import { BucketIndex } from './bucketIndex.js';
import { dropTornTail } from './dropTornTail.js';
import { keepFileOpen } from './keptOpenAppender.js';
import { Datastore, indexesOf } from './nedb.js';
import { createSerialQueue } from './serialQueue.js';
import { toNedbQuery } from './toNedbQuery.js';
import { upsertDocument } from './upsertDocument.js';

/** A collection of the embedded store, plus what the database needs to run and close it. */
export interface EmbeddedCollection<T extends StoredDocument> {
  readonly collection: Collection<T>;
  readonly definition: CollectionDefinition;
  /** Rewrites the file without superseded lines (crash-safe: temp file, fsync, rename). */
  compact(): Promise<void>;
  /** Resolves once every write queued so far is acknowledged. */
  drain(): Promise<void>;
  /** Releases the open data file (after drain). */
  close(): Promise<void>;
  /** Set once a write failed on disk: memory may be ahead of the file, so nothing more is served. */
  readonly failure: AccoladeError | undefined;
}

type Doc = Record<string, unknown>;
type NedbError = Error & { errorType?: string; key?: unknown; code?: unknown };

const ID_INDEX: IndexSpec = { fields: { _id: 1 }, unique: true, name: '_id_' };

/** nedb names a (compound) index by its fields, sorted and joined with commas. */
function nedbFieldName(spec: IndexSpec): string {
  return Object.keys(spec.fields).sort().join(',');
}

export interface OpenEmbeddedCollectionOptions {
  readonly file: string;
  readonly definition: CollectionDefinition;
  /** Throws AccoladeError('store_unavailable') once the database is closed. */
  readonly assertOpen: () => void;
}

export async function openEmbeddedCollection<T extends StoredDocument>(
  options: OpenEmbeddedCollectionOptions,
): Promise<EmbeddedCollection<T>> {
  const { file, definition, assertOpen } = options;
  const name = definition.name;
  const datastore = await loadDatastore(file, name);
  const appender = keepFileOpen(datastore, file);
  const uniqueSpecs = [ID_INDEX, ...definition.indexes.filter((spec) => spec.unique)];
  const uniqueFields = new Set(uniqueSpecs.map(nedbFieldName));

  /**
   * nedb serves a query from the index of its last indexed equality; putting `_id` and unique
   * fields last makes it pick the most selective one (one document rather than, say, every
   * `pending` one).
   */
  function toQuery(filter: Filter): Doc {
    const rank = (field: string) => (field === '_id' ? 2 : uniqueFields.has(field) ? 1 : 0);
    const entries = Object.entries(toNedbQuery(filter));
    return Object.fromEntries(entries.sort(([a], [b]) => rank(a) - rank(b)));
  }
  const queue = createSerialQueue();
  let failure: AccoladeError | undefined;

  /** Which unique index a key that nedb reports as duplicated belongs to. */
  async function violatedIndex(key: unknown): Promise<string | undefined> {
    // A compound index reports its key as { field: value, ... }.
    if (isPlainObject(key)) {
      const fields = Object.keys(key).sort().join(',');
      const spec = uniqueSpecs.find((candidate) => nedbFieldName(candidate) === fields);
      if (spec) return indexName(spec);
    }
    for (const spec of uniqueSpecs.filter((candidate) => Object.keys(candidate.fields).length === 1)) {
      const field = Object.keys(spec.fields)[0]!;
      const holders = await datastore.countAsync({ [field]: key === undefined ? { $exists: false } : key });
      if ((holders as unknown as number) > 0) return indexName(spec);
    }
    return undefined;
  }

  async function translate(error: unknown): Promise<unknown> {
    if (isAccoladeError(error) || !(error instanceof Error)) return error;
    const nedbError = error as NedbError;
    if (nedbError.errorType === 'uniqueViolated') {
      const index = await violatedIndex(nedbError.key);
      return new AccoladeError('conflict', `Duplicate key in ${name}`, { collection: name, index });
    }
    if (typeof nedbError.code === 'string') {
      // An I/O error after nedb changed its memory: what the file holds is the truth now.
      failure = new AccoladeError(
        'store_unavailable',
        `Writing ${name} failed; restart to reload it`,
        { collection: name, file },
        { cause: error },
      );
      return failure;
    }
    return new AccoladeError('validation_failed', error.message, { collection: name }, { cause: error });
  }

  function assertUsable(): void {
    assertOpen();
    if (failure) throw failure;
  }

  async function read<R>(operation: () => Promise<unknown>): Promise<R> {
    assertUsable();
    try {
      return (await operation()) as R;
    } catch (error) {
      throw await translate(error);
    }
  }

  function write<R>(operation: () => Promise<unknown>): Promise<R> {
    assertUsable();
    // Writes queued before close() still run; a failure meanwhile stops them.
    return queue(async () => {
      if (failure) throw failure;
      try {
        return (await operation()) as R;
      } catch (error) {
        throw await translate(error);
      }
    });
  }

  const findOne = (query: Doc) => datastore.findOneAsync(query) as unknown as Promise<Doc | null>;
  const updateOne = async (query: Doc, modifiers: Doc): Promise<Doc | null> =>
    (await datastore.updateAsync(query, modifiers, { returnUpdatedDocs: true })).affectedDocuments ?? null;

  async function insertInOrder(docs: readonly StoredDocument[]): Promise<void> {
    try {
      await datastore.insertAsync(docs as unknown as Doc[]);
    } catch (error) {
      // nedb inserts an array all-or-nothing; the port promises MongoDB's ordered insert, which
      // keeps the documents before the duplicate. A failed array insert changed nothing.
      if ((error as NedbError).errorType !== 'uniqueViolated') throw error;
      for (const doc of docs) await datastore.insertAsync(doc as unknown as Doc);
    }
  }

  async function findOneAndUpdate(filter: Filter, update: Update, upsert: boolean): Promise<Doc | null> {
    const query = toQuery(filter);
    const { $setOnInsert, ...modifiers } = update;
    const modifies = Object.keys(modifiers).length > 0;
    if (modifies && !upsert) return updateOne(query, modifiers);
    const existing = await findOne(query);
    if (existing) return modifies ? updateOne({ _id: existing._id }, modifiers) : existing;
    if (!upsert) return null;
    return datastore.insertAsync(toStorableDocument(upsertDocument(filter, update)) as unknown as Doc);
  }

  // Every method is async so that a refused input rejects rather than throws.
  const collection: Collection<T> = {
    async insertOne(doc) {
      const storable = toStorableDocument(doc);
      await write(() => datastore.insertAsync(storable as unknown as Doc));
    },
    async insertMany(docs) {
      const storable = docs.map((doc) => toStorableDocument(doc));
      if (storable.length > 0) await write(() => insertInOrder(storable));
    },
    async findOne(filter) {
      assertSupportedFilter(filter);
      return read(() => findOne(toQuery(filter)));
    },
    async find(filter, options: FindOptions = {}) {
      assertSupportedFilter(filter);
      assertFindOptions(options);
      return read(() => {
        let cursor = datastore.findAsync(toQuery(filter));
        if (options.sort) cursor = cursor.sort(options.sort);
        if (options.skip) cursor = cursor.skip(options.skip);
        if (options.limit) cursor = cursor.limit(options.limit);
        return cursor;
      });
    },
    async count(filter) {
      assertSupportedFilter(filter);
      return read(() => datastore.countAsync(toQuery(filter)));
    },
    async findOneAndUpdate(filter, update, options = {}) {
      assertSupportedFilter(filter);
      const storable = toStorableUpdate(update);
      return write(() => findOneAndUpdate(filter, storable, options.upsert === true));
    },
    async updateMany(filter, update) {
      assertSupportedFilter(filter);
      const { $setOnInsert, ...modifiers } = toStorableUpdate(update);
      const query = toQuery(filter);
      if (Object.keys(modifiers).length === 0) return read(() => datastore.countAsync(query));
      return write(async () => (await datastore.updateAsync(query, modifiers, { multi: true })).numAffected);
    },
    async deleteOne(filter) {
      assertSupportedFilter(filter);
      return (await write<number>(() => datastore.removeAsync(toQuery(filter), { multi: false }))) === 1;
    },
    async deleteMany(filter) {
      assertSupportedFilter(filter);
      return write(() => datastore.removeAsync(toQuery(filter), { multi: true }));
    },
  };

  try {
    await reconcileIndexes(datastore, definition);
  } catch (error) {
    throw await translate(error);
  }

  return {
    collection,
    definition,
    compact: () => (failure ? Promise.resolve() : datastore.compactDatafileAsync()),
    drain: () => queue(() => Promise.resolve()),
    close: () => appender.close(),
    get failure() {
      return failure;
    },
  };
}

async function loadDatastore(file: string, name: string): Promise<Datastore> {
  try {
    await dropTornTail(file);
    // Any other damaged line stops the start rather than being dropped by the next compaction.
    const datastore = new Datastore({ filename: file, corruptAlertThreshold: 0 });
    await datastore.loadDatabaseAsync();
    return datastore;
  } catch (error) {
    throw new AccoladeError(
      'store_unavailable',
      `Cannot load ${file}; repair or restore it before starting`,
      { collection: name, file },
      { cause: error },
    );
  }
}

/**
 * nedb persists its indexes in the data file and reloads them; an index the definition no longer
 * has (or has with other options) is removed, then every index of the definition is ensured.
 * nedb indexes compound specs natively (fields joined by commas), uniqueness included. Non-unique
 * indexes are then swapped for a BucketIndex, whose writes do not slow down with the number of
 * documents sharing a key.
 */
async function reconcileIndexes(datastore: Datastore, definition: CollectionDefinition): Promise<void> {
  const wanted = new Map(definition.indexes.map((spec) => [nedbFieldName(spec), spec]));
  for (const [fieldName, index] of Object.entries(indexesOf(datastore))) {
    if (fieldName === '_id') continue;
    const spec = wanted.get(fieldName);
    if (!spec || index.unique !== (spec.unique ?? false) || index.sparse !== (spec.sparse ?? false)) {
      await datastore.removeIndexAsync(fieldName);
    }
  }
  for (const spec of definition.indexes) {
    const fields = Object.keys(spec.fields);
    const unique = spec.unique ?? false;
    const sparse = spec.sparse ?? false;
    await datastore.ensureIndexAsync({ fieldName: fields.length === 1 ? fields[0]! : fields, unique, sparse });
    const indexes = indexesOf(datastore);
    const fieldName = nedbFieldName(spec);
    if (!unique && !(indexes[fieldName] instanceof BucketIndex)) {
      const bucketIndex = new BucketIndex(fieldName, sparse);
      bucketIndex.reset(datastore.getAllData());
      indexes[fieldName] = bucketIndex;
    }
  }
}
