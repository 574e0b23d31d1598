import { v7 as uuidv7 } from 'uuid';
import type { CatalogChanges } from '../../domain/catalog/catalogChanges.js';
import type { Collection, CollectionDefinition } from '../../ports/store.js';

/** How a version came to take effect. */
export const RULES_TRIGGERS = ['start', 'watch', 'sighup', 'api'] as const;
export type RulesTrigger = (typeof RULES_TRIGGERS)[number];

/** Who asked for it, when it came through the API. */
export interface RulesLoadedBy {
  readonly apiKeyId: string;
  readonly apiKeyName: string;
}

/** One version of the rules that took effect, as kept in the store. */
export interface RulesHistoryRecord {
  /** UUIDv7: time-ordered, so listing by id is listing by load time. */
  readonly _id: string;
  readonly version: string;
  readonly sha256: string;
  /** ISO 8601 instant. */
  readonly loadedAt: string;
  readonly trigger: RulesTrigger;
  readonly by?: RulesLoadedBy;
  /** The version it replaced; absent for the first one this store has seen. */
  readonly previous?: { readonly version: string; readonly sha256: string };
  /** What changed from `previous`; absent for the first. */
  readonly changes?: CatalogChanges;
  /** The file's text, so any two versions can be compared later. */
  readonly content: string;
}

export const RULES_HISTORY_COLLECTION: CollectionDefinition = {
  name: 'rulesHistory',
  indexes: [{ fields: { version: 1 } }, { fields: { sha256: 1 } }],
};

export type RulesHistoryEntry = Omit<RulesHistoryRecord, '_id'>;

/** The history of the rules, written through the store port only. */
export interface RulesHistory {
  record(entry: RulesHistoryEntry): Promise<RulesHistoryRecord>;
  latest(): Promise<RulesHistoryRecord | null>;
  /** Every version that took effect under this version name (normally one content). */
  withVersion(version: string): Promise<RulesHistoryRecord[]>;
  /** Newest first, `limit` at most, those older than `before` (an entry id) when given. */
  list(options: { limit: number; before?: string }): Promise<RulesHistoryRecord[]>;
  /** An entry by id, or the latest to take effect under a version name. */
  find(idOrVersion: string): Promise<RulesHistoryRecord | null>;
}

export function createRulesHistory(collection: Collection<RulesHistoryRecord & { _id: string }>): RulesHistory {
  return {
    async record(entry) {
      const record: RulesHistoryRecord = { _id: uuidv7(), ...entry };
      await collection.insertOne(record);
      return record;
    },
    async latest() {
      const [newest] = await collection.find({}, { sort: { _id: -1 }, limit: 1 });
      return newest ?? null;
    },
    withVersion: (version) => collection.find({ version }, { sort: { _id: 1 } }),
    list: ({ limit, before }) =>
      collection.find(before === undefined ? {} : { _id: { $lt: before } }, { sort: { _id: -1 }, limit }),
    async find(idOrVersion) {
      const byId = await collection.findOne({ _id: idOrVersion });
      if (byId !== null) return byId;
      const [newest] = await collection.find({ version: idOrVersion }, { sort: { _id: -1 }, limit: 1 });
      return newest ?? null;
    },
  };
}
