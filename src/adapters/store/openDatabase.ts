import type { Logger } from '../../ports/logger.js';
import type { Database } from '../../ports/store.js';
import { createMongoDatabase } from '../store-mongo/createMongoDatabase.js';
import { createSqliteDatabase } from '../store-sqlite/createSqliteDatabase.js';

export interface StoreConfig {
  /** When set, MongoDB is used; otherwise the embedded SQLite store under `dataDir`. */
  readonly mongodbUri?: string | undefined;
  readonly mongodbDb?: string | undefined;
  readonly dataDir: string;
}

export const DEFAULT_MONGODB_DB = 'accolade';

/** Picks the store from the configuration (the composition root's single call). */
export function openDatabase(config: StoreConfig, options: { logger?: Logger } = {}): Promise<Database> {
  if (config.mongodbUri) {
    return createMongoDatabase({ uri: config.mongodbUri, dbName: config.mongodbDb || DEFAULT_MONGODB_DB });
  }
  return createSqliteDatabase({ dataDir: config.dataDir, ...(options.logger && { logger: options.logger }) });
}
