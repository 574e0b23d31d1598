import { SqliteError } from 'better-sqlite3';
import { AccoladeError, isAccoladeError } from '../../errors.js';
import type { CollectionDefinition, IndexSpec } from '../../ports/store.js';
import { indexName } from '../store/storeRules.js';
import { sqlIndexName } from './sqlSchema.js';

/** Result codes meaning the database cannot be used right now, as opposed to a refused request. */
const UNAVAILABLE = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|CORRUPT|NOTADB|PROTOCOL|NOLFS|AUTH)/;

/** What a failure of the disk means, in words an operator recognises in a log. */
export function describeCause(error: unknown): string {
  if (error instanceof SqliteError && error.code.startsWith('SQLITE_FULL')) return 'no space left on device';
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'ENOSPC') return 'no space left on device';
  return error instanceof Error ? error.message : String(error);
}

/** A document refused by an index (a duplicate key) or by the port's rules. */
export function isRefusal(error: unknown): boolean {
  return (
    (error instanceof SqliteError && error.code.startsWith('SQLITE_CONSTRAINT')) ||
    (isAccoladeError(error) && error.code === 'validation_failed')
  );
}

/**
 * `UNIQUE constraint failed: index 'people.email_1'` names the index SQLite built for a spec;
 * a duplicate primary key names the column instead (`people.id`).
 */
function violatedIndex(message: string, definition: CollectionDefinition): string {
  const spec = definition.indexes.find((candidate) =>
    message.includes(`index '${sqlIndexName(definition.name, candidate)}'`),
  );
  return spec === undefined ? '_id_' : indexName(spec);
}

export function translateSqliteError(error: unknown, definition: CollectionDefinition): unknown {
  if (isAccoladeError(error) || !(error instanceof SqliteError)) return error;
  const collection = definition.name;
  if (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const index = violatedIndex(error.message, definition);
    return new AccoladeError('conflict', `Duplicate key in ${collection}`, { collection, index }, { cause: error });
  }
  if (UNAVAILABLE.test(error.code)) {
    return new AccoladeError(
      'store_unavailable',
      `The store cannot be written: ${describeCause(error)}`,
      { collection, sqlite: error.code },
      { cause: error },
    );
  }
  return error;
}

/** A unique index that cannot be built over the documents already stored. */
export function indexBuildConflict(definition: CollectionDefinition, spec: IndexSpec, error: unknown): unknown {
  if (error instanceof SqliteError && error.code.startsWith('SQLITE_CONSTRAINT')) {
    const collection = definition.name;
    const index = indexName(spec);
    return new AccoladeError(
      'conflict',
      `Index ${index} of ${collection} cannot be built: documents share a key`,
      { collection, index },
      { cause: error },
    );
  }
  return translateSqliteError(error, definition);
}
