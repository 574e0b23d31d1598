import { yieldToEventLoop } from '../../eventLoop.js';
import type { Collection, Filter, StoredDocument, Update } from '../../ports/store.js';

/** What a write may leave in `field`: texts to remember, or `unknown` when it cannot be told. */
type Written = readonly string[] | 'unknown';

const UNKNOWN: Written = 'unknown';

/**
 * Documents read at a time at the start, where the store cannot list the field's values. The
 * embedded store answers a read without giving the event loop a turn, so each page is one stall
 * for the requests meanwhile: an award page of 200 takes about 6 ms.
 */
const START_PAGE = 200;

/** Values read at a time from the field's index at the start: about 1 to 8 ms a page. */
const VALUES_PAGE = 1000;

/** Whether `path` is `field` or inside it (`field.x`), or holds it (`field` inside `path`). */
function touches(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`) || field.startsWith(`${path}.`);
}

/** The text a document holds in `field` (top-level), if any; a non-text value cannot be told. */
function valueIn(doc: Readonly<Record<string, unknown>>, field: string): Written {
  if (!(field in doc)) return [];
  const value = doc[field];
  if (typeof value === 'string') return [value];
  return value === null || value === undefined ? [] : UNKNOWN;
}

/** What an update may write in `field`, or `unknown`: only `$set`, `$setOnInsert` and `$unset` are told. */
function writtenBy(update: Update, field: string): Written {
  const written: string[] = [];
  for (const [operator, fields] of Object.entries(update)) {
    for (const path of Object.keys(fields ?? {})) {
      if (!touches(path, field)) continue;
      if (operator === '$unset') continue;
      if ((operator !== '$set' && operator !== '$setOnInsert') || path !== field) return UNKNOWN;
      const value = (fields as Record<string, unknown>)[path];
      if (typeof value !== 'string') return UNKNOWN;
      written.push(value);
    }
  }
  return written;
}

/** The only key of `object`, if it has exactly one. */
function onlyKey(object: object): string | undefined {
  let only: string | undefined;
  for (const key in object) {
    if (only !== undefined) return undefined;
    only = key;
  }
  return only;
}

/**
 * The texts a filter on `field` alone asks for: `{ [field]: text }` or `{ [field]: { $in: texts } }`;
 * undefined for any other filter.
 */
function textsAsked(filter: Filter, field: string): readonly string[] | undefined {
  if (onlyKey(filter) !== field) return undefined;
  const value = filter[field];
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || onlyKey(value) !== '$in') return undefined;
  const list = (value as { $in: unknown }).$in;
  return Array.isArray(list) && list.every((item) => typeof item === 'string') ? list : undefined;
}

/**
 * What the document an upsert inserts holds in `field`: the update's value, else the filter's
 * equality on it; `unknown` for anything else that may give the field a value (an `_id` the
 * store makes, a condition other than a text equality, an `$and`).
 */
function upsertedBy(filter: Filter, update: Update, field: string): Written {
  const fromUpdate = writtenBy(update, field);
  if (fromUpdate === UNKNOWN || fromUpdate.length > 0) return fromUpdate;
  if ('$and' in filter || '$or' in filter) return UNKNOWN;
  if (!(field in filter)) return field === '_id' ? UNKNOWN : [];
  const value = filter[field];
  return typeof value === 'string' ? [value] : UNKNOWN;
}

/**
 * `collection` answering `findOne({ [field]: text })` with null and `find` with none, without a
 * read, for a text (or an `$in` of texts) no document of it was ever written with in `field`: the values stored are read once, in the
 * background from the start (every lookup reads until then: `loaded` says when it is over), and
 * every write made through the returned collection adds what it may write, before it is made.
 * So the set only grows and always holds every value stored (deletions leave it a superset);
 * a write whose effect on the field cannot be told (`$inc` or `$push` on it, a value that is not
 * text, an upsert whose `_id` the store makes) turns the shortcut off for good. Issuing to a
 * recipient never seen asks for their profile link and their account, which most recipients do
 * not have: those two reads are then answered at once, and so is the read of their awards (the
 * history the rules decide on), which none of them has.
 *
 * Only for a store this process owns (embedded), and only when every write to the collection
 * goes through the returned one: another writer's values would be missed. The values stay in
 * memory (about 80 bytes an address). They are read from the field's index where the store can
 * list it (`distinctTexts`: 0.14 s for 200,000 awards), else from the documents (about 22 s a
 * million awards), a page at a time with a turn of the event loop between two, so the start
 * neither waits for it nor holds every document at once, and requests go on meanwhile.
 */
export function withKnownValues<T extends StoredDocument>(
  collection: Collection<T>,
  field: string,
): Collection<T> & { readonly loaded: Promise<void> } {
  const known = new Set<string>();
  let exact = true;
  let ready = false;
  const remember = (written: Written): void => {
    if (written === UNKNOWN) exact = false;
    else for (const value of written) known.add(value);
  };
  // A value written while this runs is remembered by the write itself, so once every page is read
  // the set holds every value stored. Should a read fail (the store closed), lookups keep reading.
  const loaded = (async () => {
    if (collection.distinctTexts !== undefined) {
      // From the field's index, without reading a document: texts are all a lookup can match in
      // an indexed field (the store keeps arrays out of them).
      for (let after: string | undefined; ; ) {
        const page = await collection.distinctTexts(field, VALUES_PAGE, after);
        for (const value of page) known.add(value);
        if (page.length < VALUES_PAGE) break;
        after = page.at(-1)!;
        await yieldToEventLoop();
      }
    } else {
      for (let after: string | undefined; ; ) {
        const page = await collection.find(after === undefined ? {} : { _id: { $gt: after } }, {
          sort: { _id: 1 },
          limit: START_PAGE,
        });
        for (const doc of page) remember(valueIn(doc as Record<string, unknown>, field));
        if (page.length < START_PAGE) break;
        after = page.at(-1)!._id;
        await yieldToEventLoop();
      }
    }
    ready = true;
  })().catch(() => {});

  /** A lookup of texts in `field` (one, or an `$in` of them) that no document can match. */
  const surelyAbsent = (filter: Filter): boolean => {
    if (!ready || !exact) return false;
    const asked = textsAsked(filter, field);
    return asked?.every((value) => !known.has(value)) === true;
  };

  return {
    loaded,
    insertOne(doc) {
      remember(valueIn(doc as Record<string, unknown>, field));
      return collection.insertOne(doc);
    },
    insertMany(docs) {
      for (const doc of docs) remember(valueIn(doc as Record<string, unknown>, field));
      return collection.insertMany(docs);
    },
    async findOne(filter) {
      if (surelyAbsent(filter)) return null;
      return collection.findOne(filter);
    },
    async find(filter, options) {
      if (surelyAbsent(filter)) return [];
      return collection.find(filter, options);
    },
    count: (filter) => collection.count(filter),
    findOneAndUpdate(filter, update, options) {
      remember(options?.upsert === true ? upsertedBy(filter, update, field) : writtenBy(update, field));
      return collection.findOneAndUpdate(filter, update, options);
    },
    updateMany(filter, update) {
      remember(writtenBy(update, field));
      return collection.updateMany(filter, update);
    },
    deleteOne: (filter) => collection.deleteOne(filter),
    deleteMany: (filter) => collection.deleteMany(filter),
  };
}
