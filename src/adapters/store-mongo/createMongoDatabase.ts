import { type Document, type Collection as DriverCollection, MongoClient, type UpdateFilter } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { AccoladeError, isAccoladeError } from '../../errors.js';
import type { Collection, CollectionDefinition, Database, Filter, StoredDocument, Update } from '../../ports/store.js';
import {
  assertCollectionDefinition,
  assertFindOptions,
  assertIndexable,
  assertIndexableUpdate,
  assertSupportedFilter,
  indexedPaths,
  toStorableDocument,
  toStorableUpdate,
  upsertSeed,
} from '../store/storeRules.js';
import { ensureIndexes } from './mongoIndexes.js';
import { translateMongoError } from './translateMongoError.js';

/**
 * The scale-out store: the official driver against a replica set or sharded cluster. Documents
 * keep the caller's string `_id` (UUIDv7). The port's rules (storeRules) are checked here as in the
 * embedded store, so nothing that works on MongoDB fails there, or the other way round.
 */
export interface MongoDatabaseOptions {
  readonly uri: string;
  readonly dbName: string;
  /** How long an operation waits for a usable server before 'store_unavailable'. Default 5000. */
  readonly serverSelectionTimeoutMs?: number;
}

function unavailable(error: unknown): AccoladeError {
  const translated = translateMongoError(error);
  if (translated instanceof AccoladeError && translated.code === 'store_unavailable') return translated;
  return new AccoladeError('store_unavailable', 'MongoDB does not answer', {}, { cause: error });
}

/** An upsert that pins no `_id` gets a UUIDv7 rather than the server's ObjectId. */
function withUpsertId(filter: Filter, update: Update): Update {
  if (upsertSeed(filter, update)._id !== undefined) return update;
  return { ...update, $setOnInsert: { ...update.$setOnInsert, _id: uuidv7() } };
}

function mongoCollection<T extends StoredDocument>(
  driver: DriverCollection<Document>,
  definition: CollectionDefinition,
  assertOpen: () => void,
): Collection<T> {
  const name = driver.collectionName;
  const paths = indexedPaths(definition);
  async function run<R>(operation: () => Promise<unknown>): Promise<R> {
    assertOpen();
    try {
      return (await operation()) as R;
    } catch (error) {
      throw translateMongoError(error, name);
    }
  }
  // Every method is async so that a refused input rejects rather than throws.
  return {
    async insertOne(doc) {
      const storable = toStorableDocument(doc);
      assertIndexable(paths, storable);
      await run(() => driver.insertOne(storable as Document));
    },
    async insertMany(docs) {
      const storable = docs.map((doc) => toStorableDocument(doc) as Document);
      for (const doc of storable) assertIndexable(paths, doc);
      if (storable.length > 0) await run(() => driver.insertMany(storable, { ordered: true }));
    },
    async findOne(filter) {
      assertSupportedFilter(filter);
      return run(() => driver.findOne(filter));
    },
    async find(filter, options = {}) {
      assertSupportedFilter(filter);
      assertFindOptions(options);
      const { sort, skip, limit } = options;
      return run(() =>
        driver.find(filter, { ...(sort && { sort }), ...(skip && { skip }), ...(limit && { limit }) }).toArray(),
      );
    },
    async count(filter) {
      assertSupportedFilter(filter);
      return run(() => driver.countDocuments(filter));
    },
    async findOneAndUpdate(filter, update, options = {}) {
      assertSupportedFilter(filter);
      const upsert = options.upsert === true;
      const storable = toStorableUpdate(update);
      assertIndexableUpdate(paths, storable);
      if (upsert) assertIndexable(paths, upsertSeed(filter, storable));
      const effective = (upsert ? withUpsertId(filter, storable) : storable) as UpdateFilter<Document>;
      const attempt = () =>
        run<T | null>(() => driver.findOneAndUpdate(filter, effective, { upsert, returnDocument: 'after' }));
      if (!upsert) return attempt();
      // Two upserts racing on one filter may both insert; the loser gets a duplicate key error and,
      // tried again, now finds and updates the winner's document. The server retries this itself
      // only in some cases (equality on exactly the unique index's fields).
      // https://www.mongodb.com/docs/manual/reference/method/db.collection.findOneAndUpdate/#upsert-with-unique-index
      for (let retries = 2; ; retries -= 1) {
        try {
          return await attempt();
        } catch (error) {
          if (retries === 0 || !(isAccoladeError(error) && error.code === 'conflict')) throw error;
        }
      }
    },
    async updateMany(filter, update) {
      assertSupportedFilter(filter);
      const storable = toStorableUpdate(update);
      assertIndexableUpdate(paths, storable);
      return (await run<{ matchedCount: number }>(() => driver.updateMany(filter, storable as UpdateFilter<Document>)))
        .matchedCount;
    },
    async deleteOne(filter) {
      assertSupportedFilter(filter);
      return (await run<{ deletedCount: number }>(() => driver.deleteOne(filter))).deletedCount === 1;
    },
    async deleteMany(filter) {
      assertSupportedFilter(filter);
      return (await run<{ deletedCount: number }>(() => driver.deleteMany(filter))).deletedCount;
    },
  };
}

export async function createMongoDatabase(options: MongoDatabaseOptions): Promise<Database> {
  let client: MongoClient;
  try {
    // ignoreUndefined: an undefined member is dropped, as the embedded store does, not stored as null.
    client = new MongoClient(options.uri, {
      ignoreUndefined: true,
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5000,
    });
  } catch (error) {
    throw new AccoladeError(
      'config_invalid',
      'MONGODB_URI is not a valid MongoDB URI',
      { key: 'MONGODB_URI' },
      { cause: error },
    );
  }
  const db = client.db(options.dbName);
  try {
    await client.connect();
    await db.command({ ping: 1 });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw unavailable(error);
  }

  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new AccoladeError('store_unavailable', 'The store is closed', {});
  };

  return {
    kind: 'mongodb',

    async collection<T extends StoredDocument>(definition: CollectionDefinition): Promise<Collection<T>> {
      assertOpen();
      assertCollectionDefinition(definition);
      const driver = db.collection(definition.name);
      try {
        await ensureIndexes(driver, definition.indexes);
      } catch (error) {
        throw translateMongoError(error, definition.name);
      }
      return mongoCollection<T>(driver, definition, assertOpen);
    },

    async ping() {
      assertOpen();
      try {
        await db.command({ ping: 1 });
      } catch (error) {
        throw unavailable(error);
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}
