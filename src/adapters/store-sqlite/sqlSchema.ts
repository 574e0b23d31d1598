import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { CollectionDefinition, IndexSpec } from '../../ports/store.js';
import { indexName } from '../store/storeRules.js';

/**
 * How a collection lives in SQLite: a table `(id TEXT PRIMARY KEY, doc TEXT)` holding each
 * document as JSON, and one expression index per IndexSpec on the fields' values. The key of a
 * field is `coalesce(json_extract(doc, path), x'00')`: JSON null and a missing field share the
 * key x'00' (a blob, which no JSON value extracts to), as MongoDB gives both the key null, so a
 * unique index holds at most one document without the field. A sparse index is a partial index
 * on documents that have the field (any of them, for a compound one).
 * https://sqlite.org/expridx.html https://sqlite.org/partialindex.html
 */
export const NULL_KEY = Buffer.from([0]);

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Indexed segments are plain identifiers (storeRules), so quoting needs no escapes. */
function jsonPath(path: string): string {
  return `'$.${path
    .split('.')
    .map((segment) => `"${segment}"`)
    .join('.')}'`;
}

/**
 * `_id` is the table's `id` column itself: an index naming it after other fields, such as
 * `{ status: 1, _id: 1 }`, then serves `status = ? AND id > ? ORDER BY id LIMIT ?`, a cursor over
 * one status in `_id` order that reads only the page it returns, where an index on the status
 * alone makes SQLite sort every remaining row of that status for each page.
 */
export function keyExpression(path: string): string {
  if (path === '_id') return 'id';
  return `coalesce(json_extract(doc, ${jsonPath(path)}), x'00')`;
}

/** The condition of a sparse index; the same text in a query lets SQLite use the index. */
export function partialCondition(spec: IndexSpec): string | undefined {
  if (!spec.sparse) return undefined;
  const present = Object.keys(spec.fields).map((path) => `json_type(doc, ${jsonPath(path)}) IS NOT NULL`);
  return present.length === 1 ? present[0] : `(${present.join(' OR ')})`;
}

/** The name SQLite knows an index by: the table's name, a dot, and the port's name for it. */
export function sqlIndexName(table: string, spec: IndexSpec): string {
  return `${table}.${indexName(spec)}`;
}

function indexStatement(table: string, spec: IndexSpec): string {
  const keys = Object.entries(spec.fields).map(
    ([path, direction]) => `${keyExpression(path)}${direction === -1 ? ' DESC' : ''}`,
  );
  const where = partialCondition(spec);
  return (
    `CREATE ${spec.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentifier(sqlIndexName(table, spec))} ` +
    `ON ${quoteIdentifier(table)} (${keys.join(', ')})${where === undefined ? '' : ` WHERE ${where}`}`
  );
}

/**
 * Creates the table if needed and brings its indexes to the definition: an index the definition
 * no longer has, or has otherwise, is dropped; a missing one is built. `onBuildFailure` names the
 * spec whose index could not be built (a unique index over duplicates).
 */
export function reconcileSchema(
  db: SqliteDatabase,
  definition: CollectionDefinition,
  onBuildFailure: (spec: IndexSpec, error: unknown) => unknown,
): void {
  const table = definition.name;
  db.exec(`CREATE TABLE IF NOT EXISTS ${quoteIdentifier(table)} (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
  const existing = new Map(
    (
      db
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
        .all(table) as { name: string; sql: string }[]
    ).map((row) => [row.name, row.sql]),
  );
  const wanted = new Map(definition.indexes.map((spec) => [sqlIndexName(table, spec), spec]));
  for (const [name, sql] of existing) {
    const spec = wanted.get(name);
    if (spec === undefined || sql !== indexStatement(table, spec)) {
      db.exec(`DROP INDEX ${quoteIdentifier(name)}`);
      existing.delete(name);
    }
  }
  for (const [name, spec] of wanted) {
    if (existing.has(name)) continue;
    try {
      db.exec(indexStatement(table, spec));
    } catch (error) {
      throw onBuildFailure(spec, error);
    }
  }
}
