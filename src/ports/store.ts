/**
 * The storage port: a small, MongoDB-shaped collection interface. Repositories in `app/` are
 * written once against it, so the code the embedded store runs in tests is the code MongoDB runs
 * in production. Adapters (`adapters/store-sqlite`, `adapters/store-mongo`) only translate.
 *
 * Supported query language (both adapters, MongoDB semantics): equality on (dotted) fields, and
 * the operators $eq $ne $gt $gte $lt $lte $in $nin $exists, plus top-level or nested $and / $or.
 * Equality to null matches a missing field too; $ne / $nin on an array field match when no
 * element is equal.
 * Supported updates: $set, $unset, $inc, $push (one value), and $setOnInsert (upserts only).
 * Storable values: strings, booleans, null, finite numbers, Dates, arrays and plain objects.
 * Field names may not start with `$` nor contain `.`; undefined object members are dropped.
 * A field an index names holds no array (each document has one key per index).
 * Anything outside this language is refused by both adapters with AccoladeError('validation_failed');
 * the rules are enforced in `adapters/store/storeRules.ts`, shared by both.
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
  /** Written only when an upsert inserts (MongoDB `$setOnInsert`); ignored when a document matched. */
  readonly $setOnInsert?: Readonly<Record<string, unknown>>;
}

export type SortSpec = Readonly<Record<string, 1 | -1>>;

export interface FindOptions {
  /** Without a sort, the order is unspecified. */
  readonly sort?: SortSpec;
  /** A positive integer. */
  readonly limit?: number;
  readonly skip?: number;
}

export interface IndexSpec {
  /** Dotted paths of letters, digits, `_` and `-`. */
  readonly fields: Readonly<Record<string, 1 | -1>>;
  readonly unique?: boolean;
  /**
   * Unique only among documents that have the field (MongoDB partial index / nedb sparse). On a
   * compound index, only documents missing every field are left out.
   */
  readonly sparse?: boolean;
  /** Reported as `details.index` on a conflict; defaults to MongoDB's naming, see `indexName`. */
  readonly name?: string;
}

export interface Collection<T extends StoredDocument> {
  /** Rejects with AccoladeError('conflict', details.index) on a unique-index violation. */
  insertOne(doc: T): Promise<void>;
  /** All-or-nothing is not promised; each document is inserted in order, and a conflict stops the batch. */
  insertMany(docs: readonly T[]): Promise<void>;
  findOne(filter: Filter): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter: Filter): Promise<number>;
  /**
   * Returns the document after the update, or null when none matched (and no upsert). An upsert
   * builds the new document from the filter's equalities, `$setOnInsert` and the update; when
   * neither pins `_id`, the adapter gives it a UUIDv7.
   */
  findOneAndUpdate(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<T | null>;
  /** Returns the number of documents matched. */
  updateMany(filter: Filter, update: Update): Promise<number>;
  deleteOne(filter: Filter): Promise<boolean>;
  deleteMany(filter: Filter): Promise<number>;
  /**
   * Where the store reads them from an index without reading a document: the distinct texts
   * `field` holds, in code point order, at most `limit` of them, those after `after` when given
   * (values that are not text are left out). Only for `_id` or a field that leads one of the
   * collection's indexes (not sparse); refused with `validation_failed` for any other.
   */
  distinctTexts?(field: string, limit: number, after?: string): Promise<string[]>;
}

export interface CollectionDefinition {
  /** Letters, digits, `_` and `-`, starting with a letter (it names a table in the embedded store). */
  readonly name: string;
  readonly indexes: readonly IndexSpec[];
}

export interface Database {
  /** Opens (creating indexes if needed) a collection. Call once per name at start-up. */
  collection<T extends StoredDocument>(definition: CollectionDefinition): Promise<Collection<T>>;
  /** Resolves when the store answers; rejects with AccoladeError('store_unavailable') otherwise. */
  ping(): Promise<void>;
  /** Waits for acknowledged writes; afterwards every call rejects with 'store_unavailable'. */
  close(): Promise<void>;
  readonly kind: 'embedded' | 'mongodb';
}
