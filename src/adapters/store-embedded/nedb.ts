import { createRequire } from 'node:module';
import nedbModule from '@seald-io/nedb';

/**
 * Thin typed access to `@seald-io/nedb`. Its typings declare an ES default export, but the
 * package is CommonJS whose `module.exports` is the Datastore class itself, which is what Node
 * hands to a default import.
 */
type DatastoreClass = typeof nedbModule.default;
export const Datastore = nedbModule as unknown as DatastoreClass;
export type Datastore = InstanceType<DatastoreClass>;

export type NedbDocument = Record<string, unknown>;

/** The index interface nedb calls on every entry of `datastore.indexes` (lib/indexes.js). */
export interface NedbIndex {
  readonly fieldName: string;
  readonly unique: boolean;
  readonly sparse: boolean;
  reset(newData?: NedbDocument | NedbDocument[]): void;
  insert(doc: NedbDocument | NedbDocument[]): void;
  remove(doc: NedbDocument | NedbDocument[]): void;
  update(oldDoc: NedbDocument | UpdatePair[], newDoc?: NedbDocument): void;
  revertUpdate(oldDoc: NedbDocument | UpdatePair[], newDoc?: NedbDocument): void;
  getMatching(value: unknown): NedbDocument[];
  getBetweenBounds(query: Record<string, unknown>): NedbDocument[];
  getAll(): NedbDocument[];
}

export interface UpdatePair {
  readonly oldDoc: NedbDocument;
  readonly newDoc: NedbDocument;
}

/** nedb keeps its indexes in a field its typings leave out. */
export function indexesOf(datastore: Datastore): Record<string, NedbIndex> {
  return (datastore as unknown as { indexes: Record<string, NedbIndex> }).indexes;
}

/** The ordered tree nedb's indexes are built on, resolved from nedb's own dependencies. */
export interface OrderedTree<V> {
  insert(key: unknown, value: V): void;
  delete(key: unknown, value: V): void;
  search(key: unknown): V[];
  betweenBounds(query: Record<string, unknown>): V[];
}

const requireFromHere = createRequire(import.meta.url);
const requireFromNedb = createRequire(requireFromHere.resolve('@seald-io/nedb'));

const model = requireFromHere('@seald-io/nedb/lib/model.js') as {
  modify(doc: NedbDocument, update: NedbDocument): NedbDocument;
  getDotValues(doc: NedbDocument, fields: string[]): unknown;
  compareThings(a: unknown, b: unknown): number;
};

const { AVLTree } = requireFromNedb('@seald-io/binary-search-tree') as {
  AVLTree: new (options: {
    unique: boolean;
    compareKeys: (a: unknown, b: unknown) => number;
    checkValueEquality: (a: unknown, b: unknown) => boolean;
  }) => OrderedTree<never>;
};

/** A tree with one value per key, ordered as nedb orders index keys. */
export function createOrderedTree<V>(): OrderedTree<V> {
  return new AVLTree({ unique: true, compareKeys: model.compareThings, checkValueEquality: (a, b) => a === b });
}

/** nedb's own update function, so an upserted document is built as an updated one would be. */
export const applyNedbUpdate = model.modify;

/** nedb's own index key: the value at a dotted path, or `{ field: value }` for a compound index. */
export const nedbIndexKey = model.getDotValues;
