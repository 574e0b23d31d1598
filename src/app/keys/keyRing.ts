import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '../../ports/clock.js';
import type { Collection, CollectionDefinition } from '../../ports/store.js';
import type { SecretBox } from './secretBox.js';

/**
 * The issuer's signing key sets, kept in the store so every instance signs alike, their private
 * material sealed with KEY_ENCRYPTION_SECRET.
 *
 * Rotation publishes the next key set at once and starts signing with it only after the overlap
 * window, so verifiers' key caches see a key before any badge needs it. Every older key set stays
 * published, and each award records the key set that signed it, so its documents never change
 * signer.
 */
export interface KeySetRecord {
  readonly _id: string;
  readonly createdAt: string;
  /** From this instant on, new awards are signed with this key set (the latest active one wins). */
  readonly activatesAt: string;
  readonly sealedMaterial: string;
}

export const KEY_SETS_COLLECTION: CollectionDefinition = {
  name: 'keySets',
  indexes: [{ fields: { activatesAt: 1 } }],
};

export interface KeySet<M> {
  readonly id: string;
  readonly createdAt: string;
  readonly activatesAt: string;
  readonly material: M;
}

export interface KeyRing<M> {
  /** Every key set, oldest first (published: JWKS, DID document, issuer Profile). */
  all(): Promise<readonly KeySet<M>[]>;
  get(id: string): Promise<KeySet<M> | undefined>;
  /** The key set new awards are signed with now. Creates the first one on an empty store. */
  signing(): Promise<KeySet<M>>;
  rotate(): Promise<KeySet<M>>;
}

/** How long an instance trusts its in-memory copy before re-reading rotations made by others. */
const REFRESH_MS = 60_000;

export function createKeyRing<M>(options: {
  collection: Collection<KeySetRecord>;
  secretBox: SecretBox;
  clock: Clock;
  overlapHours: number;
  generate: (id: string, createdAt: Date) => Promise<M>;
}): KeyRing<M> {
  const { collection, secretBox, clock } = options;
  let cached: { sets: KeySet<M>[]; loadedAt: number } | undefined;
  let loading: Promise<KeySet<M>[]> | undefined;

  function open(record: KeySetRecord): KeySet<M> {
    return {
      id: record._id,
      createdAt: record.createdAt,
      activatesAt: record.activatesAt,
      material: JSON.parse(secretBox.open(record.sealedMaterial)) as M,
    };
  }

  async function reload(): Promise<KeySet<M>[]> {
    const records = await collection.find({}, { sort: { activatesAt: 1, _id: 1 } });
    const previous = new Map((cached?.sets ?? []).map((set) => [set.id, set]));
    // Decrypting is the slow part: keep what is already open.
    const sets = records.map((record) => previous.get(record._id) ?? open(record));
    cached = { sets, loadedAt: clock.now().getTime() };
    return sets;
  }

  async function sets(): Promise<KeySet<M>[]> {
    if (cached !== undefined && clock.now().getTime() - cached.loadedAt < REFRESH_MS) return cached.sets;
    loading ??= reload().finally(() => {
      loading = undefined;
    });
    return loading;
  }

  async function create(activatesAt: Date): Promise<KeySet<M>> {
    const createdAt = clock.now();
    const id = `ks-${uuidv7()}`;
    const material = await options.generate(id, createdAt);
    const record: KeySetRecord = {
      _id: id,
      createdAt: createdAt.toISOString(),
      activatesAt: activatesAt.toISOString(),
      sealedMaterial: secretBox.seal(JSON.stringify(material)),
    };
    await collection.insertOne(record);
    await reload();
    return { id, createdAt: record.createdAt, activatesAt: record.activatesAt, material };
  }

  let creatingFirst: Promise<KeySet<M>> | undefined;

  async function signing(): Promise<KeySet<M>> {
    const now = clock.now().toISOString();
    const active = (await sets()).filter((set) => set.activatesAt <= now);
    const latest = active.at(-1);
    if (latest !== undefined) return latest;
    const pending = (await reload()).filter((set) => set.activatesAt <= now).at(-1);
    if (pending !== undefined) return pending;
    creatingFirst ??= create(clock.now()).finally(() => {
      creatingFirst = undefined;
    });
    return creatingFirst;
  }

  return {
    all: sets,
    async get(id) {
      return (await sets()).find((set) => set.id === id) ?? (await reload()).find((set) => set.id === id);
    },
    signing,
    rotate: () => create(new Date(clock.now().getTime() + options.overlapHours * 3_600_000)),
  };
}
