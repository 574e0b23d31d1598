import { createOrderedTree, type NedbDocument, type NedbIndex, nedbIndexKey, type UpdatePair } from './nedb.js';

interface Bucket {
  readonly docs: Set<NedbDocument>;
}

/**
 * A non-unique index for nedb that costs O(log n) per write whatever the number of documents
 * sharing a key. nedb's own index keeps those documents in one array per key and rebuilds the
 * array on every removal, so each update of a document whose key many others share (a status, a
 * job id) costs O(k): at 100k documents with 90k of them `pending`, 256 updates/s. Here each key
 * of the ordered tree holds a Set. It keeps nedb's key semantics: the value at the dotted path,
 * one entry per element of an array value, `{ field: value }` for a compound index, and a sparse
 * index leaves out documents without the field(s). nedb's callers iterate what getMatching
 * returns while removing documents, so it returns a fresh array.
 */
export class BucketIndex implements NedbIndex {
  readonly unique = false;
  private readonly fields: string[];
  private tree = createOrderedTree<Bucket>();

  constructor(
    readonly fieldName: string,
    readonly sparse: boolean,
  ) {
    this.fields = fieldName.split(',');
  }

  private keysOf(doc: NedbDocument): unknown[] {
    const key = nedbIndexKey(doc, this.fields);
    const missing =
      key === undefined ||
      (this.fields.length > 1 && Object.values(key as NedbDocument).every((part) => part === undefined));
    if (missing && this.sparse) return [];
    return this.fields.length === 1 && Array.isArray(key) ? key : [key];
  }

  reset(newData?: NedbDocument | NedbDocument[]): void {
    this.tree = createOrderedTree<Bucket>();
    if (newData) this.insert(newData);
  }

  insert(doc: NedbDocument | NedbDocument[]): void {
    if (Array.isArray(doc)) {
      for (const one of doc) this.insert(one);
      return;
    }
    for (const key of this.keysOf(doc)) {
      let bucket = this.tree.search(key)[0];
      if (bucket === undefined) {
        bucket = { docs: new Set() };
        this.tree.insert(key, bucket);
      }
      bucket.docs.add(doc);
    }
  }

  remove(doc: NedbDocument | NedbDocument[]): void {
    if (Array.isArray(doc)) {
      for (const one of doc) this.remove(one);
      return;
    }
    for (const key of this.keysOf(doc)) {
      const bucket = this.tree.search(key)[0];
      if (bucket === undefined) continue;
      bucket.docs.delete(doc);
      if (bucket.docs.size === 0) this.tree.delete(key, bucket);
    }
  }

  update(oldDoc: NedbDocument | UpdatePair[], newDoc?: NedbDocument): void {
    const pairs = Array.isArray(oldDoc) ? oldDoc : [{ oldDoc, newDoc: newDoc! }];
    for (const pair of pairs) this.remove(pair.oldDoc);
    for (const pair of pairs) this.insert(pair.newDoc);
  }

  revertUpdate(oldDoc: NedbDocument | UpdatePair[], newDoc?: NedbDocument): void {
    const pairs = Array.isArray(oldDoc) ? oldDoc : [{ oldDoc, newDoc: newDoc! }];
    this.update(pairs.map((pair) => ({ oldDoc: pair.newDoc, newDoc: pair.oldDoc })));
  }

  getMatching(value: unknown): NedbDocument[] {
    const values = Array.isArray(value) ? value : [value];
    const found = new Set<NedbDocument>();
    for (const one of values) for (const doc of this.tree.search(one)[0]?.docs ?? []) found.add(doc);
    return [...found];
  }

  getBetweenBounds(query: Record<string, unknown>): NedbDocument[] {
    return [...new Set(this.tree.betweenBounds(query).flatMap((bucket) => [...bucket.docs]))];
  }

  getAll(): NedbDocument[] {
    return this.getBetweenBounds({});
  }
}
