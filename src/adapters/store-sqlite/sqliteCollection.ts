import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { AccoladeError } from '../../errors.js';
import type {
  Collection,
  CollectionDefinition,
  Filter,
  FindOptions,
  StoredDocument,
  Update,
} from '../../ports/store.js';
import {
  assertFindOptions,
  assertIndexable,
  assertSupportedFilter,
  checkStorableDocument,
  indexedPaths,
  toStorableDocument,
  toStorableUpdate,
} from '../store/storeRules.js';
import { applyUpdate, upsertDocument } from './applyUpdate.js';
import { decodeDocument, encodeDocument } from './documentCodec.js';
import type { GroupCommit } from './groupCommit.js';
import { compareBySort, filterMatcher } from './matchDocument.js';
import { createPrefilter } from './sqlPrefilter.js';
import { keyExpression, quoteIdentifier, reconcileSchema } from './sqlSchema.js';
import { indexBuildConflict, isRefusal, translateSqliteError } from './translateSqliteError.js';

type Doc = Record<string, unknown> & StoredDocument;

export interface SqliteCollectionOptions {
  readonly db: SqliteDatabase;
  readonly definition: CollectionDefinition;
  /** Throws AccoladeError('store_unavailable') once the database is closed. */
  readonly assertOpen: () => void;
  /** Where writes go: the database's group commit. */
  readonly writes: GroupCommit;
}

/**
 * One collection on SQLite. better-sqlite3 runs each statement synchronously on the one
 * connection this process owns, so a read-modify-write (run whole inside the group commit) is
 * never interleaved with another: concurrent upserts and increments need no locks of their own.
 */
export function openSqliteCollection<T extends StoredDocument>(options: SqliteCollectionOptions): Collection<T> {
  const { db, definition, assertOpen, writes } = options;
  const table = quoteIdentifier(definition.name);
  reconcileSchema(db, definition, (spec, error) => indexBuildConflict(definition, spec, error));
  const paths = indexedPaths(definition);
  // The fields whose values an index lists in order: the first of each full index, and `id`.
  const leadingFields = new Set(['_id']);
  for (const spec of definition.indexes) if (!spec.sparse) leadingFields.add(Object.keys(spec.fields)[0]!);
  const prefilter = createPrefilter(definition);
  const statements = new Map<string, Statement>();
  const statement = (sql: string): Statement => {
    let prepared = statements.get(sql);
    if (prepared === undefined) {
      prepared = db.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  };
  const translate = (error: unknown) => translateSqliteError(error, definition);

  function run<R>(operation: () => R): R {
    assertOpen();
    try {
      return operation();
    } catch (error) {
      throw translate(error);
    }
  }

  /**
   * A write, run in the next group commit (its own savepoint, unless it is `oneStatement`: see
   * GroupCommit), its errors translated.
   */
  function write<R>(operation: () => R, options?: { readonly oneStatement?: boolean }): Promise<R> {
    assertOpen();
    return writes.write(() => {
      try {
        return operation();
      } catch (error) {
        throw translate(error);
      }
    }, options);
  }

  /**
   * Matching documents, in `_id` order when asked, read lazily. An ordered read with a bound
   * (`pageSize`) asks SQLite for pages of that many rows (`id > last` then the next page): with a
   * LIMIT the planner can walk the `_id` index in order and stop, rather than sort every row a
   * broad index (a status, say) selects before returning the first.
   */
  function* matching(
    filter: Filter,
    order: 'ASC' | 'DESC' | undefined,
    pageSize?: number,
    lazy = false,
  ): Generator<Doc> {
    const where = prefilter(filter);
    const matches = filterMatcher(filter);
    if (order === undefined || pageSize === undefined) {
      const sql = `SELECT doc FROM ${table} WHERE ${where.sql}${order ? ` ORDER BY id ${order}` : ''}`;
      const query = statement(sql).pluck();
      // A read that keeps every match takes the rows at once (an iterator costs more per read);
      // one that may stop early (a bound) or keeps nothing (a count) takes them one by one.
      const rows = lazy || pageSize !== undefined ? query.iterate(...where.params) : query.all(...where.params);
      for (const row of rows) {
        const doc = decodeDocument<Doc>(row as string);
        if (matches(doc)) yield doc;
      }
      return;
    }
    const after = order === 'ASC' ? '>' : '<';
    const first = statement(`SELECT id, doc FROM ${table} WHERE ${where.sql} ORDER BY id ${order} LIMIT ?`);
    const next = statement(
      `SELECT id, doc FROM ${table} WHERE (${where.sql}) AND id ${after} ? ORDER BY id ${order} LIMIT ?`,
    );
    let rows = first.all(...where.params, pageSize) as { id: string; doc: string }[];
    while (rows.length > 0) {
      for (const row of rows) {
        const doc = decodeDocument<Doc>(row.doc);
        if (matches(doc)) yield doc;
      }
      if (rows.length < pageSize) return;
      rows = next.all(...where.params, rows.at(-1)!.id, pageSize) as { id: string; doc: string }[];
    }
  }

  function findDocs(filter: Filter, options: FindOptions = {}): Doc[] {
    const { sort, skip = 0, limit = Number.POSITIVE_INFINITY } = options;
    const sortKeys = Object.keys(sort ?? {});
    if (sortKeys.length === 0 || (sortKeys.length === 1 && sortKeys[0] === '_id')) {
      const order = sort === undefined ? undefined : sort._id === -1 ? 'DESC' : 'ASC';
      const pageSize = Number.isFinite(limit) ? Math.min(1000, Math.max(64, 2 * (skip + limit))) : undefined;
      const found: Doc[] = [];
      let skipped = 0;
      for (const doc of matching(filter, order, pageSize)) {
        if (found.length >= limit) break;
        if (skipped < skip) skipped += 1;
        else found.push(doc);
      }
      return found;
    }
    // Other sorts run on the matches in memory: the service sorts only small sets by other fields.
    return [...matching(filter, undefined)].sort(compareBySort(sort!)).slice(skip, skip + limit);
  }

  /**
   * The first match, as findDocs(filter, { limit: 1 }) finds it. When the filter is one text
   * equality SQLite answers exactly (SqlWhere's `exact`), one row read by the index is enough;
   * should that row not match after all, the usual read decides.
   */
  function findFirst(filter: Filter): Doc | undefined {
    const where = prefilter(filter);
    if (where.exact) {
      const text = statement(`SELECT doc FROM ${table} WHERE ${where.sql} LIMIT 1`)
        .pluck()
        .get(...where.params) as string | undefined;
      // The rows selected hold every match: none means no match.
      if (text === undefined) return undefined;
      const doc = decodeDocument<Doc>(text);
      if (filterMatcher(filter)(doc)) return doc;
    }
    return findDocs(filter, { limit: 1 })[0];
  }

  // Every insert and replacement runs one of these two: prepared once, not looked up by their text.
  const insertStatement = db.prepare(`INSERT INTO ${table} (id, doc) VALUES (?, ?)`);
  const replaceStatement = db.prepare(`UPDATE ${table} SET doc = ? WHERE id = ?`);

  function insertText(id: string, text: string): void {
    insertStatement.run(id, text);
  }

  function insert(doc: StoredDocument): void {
    assertIndexable(paths, doc);
    insertText(doc._id, encodeDocument(doc));
  }

  function replace(doc: Doc): void {
    assertIndexable(paths, doc);
    replaceStatement.run(encodeDocument(doc), doc._id);
  }

  function remove(docs: readonly Doc[]): number {
    const del = statement(`DELETE FROM ${table} WHERE id = ?`);
    for (const doc of docs) del.run(doc._id);
    return docs.length;
  }

  function modifiersOf(update: Update): Update | undefined {
    const { $setOnInsert, ...modifiers } = update;
    return Object.keys(modifiers).length > 0 ? modifiers : undefined;
  }

  /** A walk along the index `field` leads: SQLite reads its keys, never a document. */
  function distinctTextsOf(field: string, limit: number, after: string | undefined): string[] {
    if (!leadingFields.has(field)) {
      throw new AccoladeError('validation_failed', `No index of ${definition.name} leads with ${field}`, { field });
    }
    const key = keyExpression(field);
    const from = after === undefined ? '>=' : '>';
    const sql = `SELECT DISTINCT ${key} FROM ${table} WHERE ${key} ${from} ? AND typeof(${key}) = 'text' ORDER BY ${key} LIMIT ?`;
    return statement(sql)
      .pluck()
      .all(after ?? '', limit) as string[];
  }

  // Every method is async so that a refused input rejects rather than throws.
  return {
    async distinctTexts(field, limit, after) {
      return run(() => distinctTextsOf(field, limit, after));
    },
    async insertOne(doc) {
      // Checked and encoded now rather than copied for the write: the text is what the write
      // stores, so what the caller does with `doc` meanwhile cannot reach it.
      const { holdsDate } = checkStorableDocument(doc);
      assertIndexable(paths, doc);
      const id = doc._id;
      const text = encodeDocument(doc, holdsDate);
      await write(() => insertText(id, text), { oneStatement: true });
    },
    async insertMany(docs) {
      const storable = docs.map((doc) => toStorableDocument(doc));
      // One transaction (one commit) for the batch; a conflict keeps the documents before it, as
      // MongoDB's ordered insert does.
      let failure: unknown;
      await write(() => {
        for (const doc of storable) {
          try {
            insert(doc);
          } catch (error) {
            // Anything but a refused document (a full disk, say) rolls the whole batch back.
            if (!isRefusal(error)) throw error;
            failure = error;
            return;
          }
        }
      });
      if (failure !== undefined) throw translate(failure);
    },
    async findOne(filter) {
      assertSupportedFilter(filter);
      return (run(() => findFirst(filter)) as T | undefined) ?? null;
    },
    async find(filter, options = {}) {
      assertSupportedFilter(filter);
      assertFindOptions(options);
      return run(() => findDocs(filter, options)) as unknown as T[];
    },
    async count(filter) {
      assertSupportedFilter(filter);
      if (Object.keys(filter).length === 0) {
        return run(() => statement(`SELECT count(*) FROM ${table}`).pluck().get() as number);
      }
      return run(() => {
        let count = 0;
        for (const _doc of matching(filter, undefined, undefined, true)) count += 1;
        return count;
      });
    },
    async findOneAndUpdate(filter, update, options = {}) {
      assertSupportedFilter(filter);
      const storable = toStorableUpdate(update);
      const modifiers = modifiersOf(storable);
      return write(() => {
        const found = findFirst(filter);
        if (found !== undefined) {
          if (modifiers === undefined) return found as unknown as T;
          replace(applyUpdate(found, modifiers) as Doc);
          return found as unknown as T;
        }
        if (options.upsert !== true) return null;
        const created = toStorableDocument(upsertDocument(filter, storable));
        insert(created);
        return created as T;
      });
    },
    async updateMany(filter, update) {
      assertSupportedFilter(filter);
      const modifiers = modifiersOf(toStorableUpdate(update));
      return write(() => {
        const found = findDocs(filter);
        if (modifiers !== undefined) for (const doc of found) replace(applyUpdate(doc, modifiers) as Doc);
        return found.length;
      });
    },
    async deleteOne(filter) {
      assertSupportedFilter(filter);
      return write(() => remove(findDocs(filter, { limit: 1 })) === 1);
    },
    async deleteMany(filter) {
      assertSupportedFilter(filter);
      if (Object.keys(filter).length === 0) return write(() => statement(`DELETE FROM ${table}`).run().changes);
      return write(() => remove(findDocs(filter)));
    },
  };
}
