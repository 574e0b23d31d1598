/**
 * The storage port: a small, MongoDB-shaped collection interface. Repositories in `app/` are
 * written once against it, so the code the embedded store runs in tests is the code MongoDB runs
 * in production. Adapters (`adapters/store-embedded`, `adapters/store-mongo`) only translate.
 *
 * Supported query language (both adapters): equality on (dotted) fields, and the operators
 * $eq $ne $gt $gte $lt $lte $in $nin $exists, plus top-level $and / $or.
 * Supported updates: $set, $unset, $inc, $push.
 */
export interface StoredDocument {
  readonly _id: string;
}

export type Filter = Readonly<Record<string, unknown>>;

export interface Update {
  readonly $set?: Readonly<Record<string, unknown>>;
  readonly $unset?: Readonly<Record<string, unknown>>;
  readonly $inc?: Readonly<Record<string, number>>;
  readonly $push?: Readonly<Record<string, unknown>>;
}

export type SortSpec = Readonly<Record<string, 1 | -1>>;

export interface FindOptions {
  readonly sort?: SortSpec;
  readonly limit?: number;
  readonly skip?: number;
}

export interface IndexSpec {
  readonly fields: Readonly<Record<string, 1 | -1>>;
  readonly unique?: boolean;
  /** Unique only among documents that have the field (MongoDB partial index / nedb sparse). */
  readonly sparse?: boolean;
}

export interface Collection<T extends StoredDocument> {
  /** Rejects with AccoladeError('conflict', details.index) on a unique-index violation. */
  insertOne(doc: T): Promise<void>;
  /** All-or-nothing is not promised; each document is inserted in order, and a conflict stops the batch. */
  insertMany(docs: readonly T[]): Promise<void>;
  findOne(filter: Filter): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter: Filter): Promise<number>;
  /** Returns the document after the update, or null when none matched (and no upsert). */
  findOneAndUpdate(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<T | null>;
  updateMany(filter: Filter, update: Update): Promise<number>;
  deleteOne(filter: Filter): Promise<boolean>;
  deleteMany(filter: Filter): Promise<number>;
}

export interface CollectionDefinition {
  readonly name: string;
  readonly indexes: readonly IndexSpec[];
}

export interface Database {
  /** Opens (creating indexes if needed) a collection. Call once per name at start-up. */
  collection<T extends StoredDocument>(definition: CollectionDefinition): Promise<Collection<T>>;
  /** Resolves when the store answers; rejects with AccoladeError('store_unavailable') otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  readonly kind: 'embedded' | 'mongodb';
}
