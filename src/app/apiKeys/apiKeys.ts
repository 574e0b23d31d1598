import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { v7 as uuidv7 } from 'uuid';
import { AccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Collection, CollectionDefinition } from '../../ports/store.js';

export const SCOPES = ['issue', 'revoke', 'read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyRecord {
  readonly _id: string;
  readonly name: string;
  /** The first characters of the key, to recognise it in listings; the key itself is never stored. */
  readonly prefix: string;
  /** Hex SHA-256 of the key: keys are long random strings, so a fast hash is enough (no password hashing on this hot path). */
  readonly hash: string;
  readonly scopes: readonly Scope[];
  readonly createdAt: string;
  readonly revokedAt?: string;
}

export const API_KEYS_COLLECTION: CollectionDefinition = {
  name: 'apiKeys',
  indexes: [{ fields: { hash: 1 }, unique: true }],
};

export interface Principal {
  readonly keyId: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
}

export interface ApiKeyService {
  create(name: string, scopes: readonly Scope[]): Promise<{ key: string; record: ApiKeyRecord }>;
  authenticate(presented: string): Promise<Principal | null>;
  list(): Promise<ApiKeyRecord[]>;
  revoke(id: string): Promise<ApiKeyRecord>;
  /** Creates the first admin key when there is none and no ADMIN_TOKEN; returns it once, or null. */
  bootstrap(): Promise<string | null>;
}

const KEY_PREFIX = 'acc_';
/**
 * Valid keys are remembered briefly so a busy client does not cost a store read per request; a
 * key revoked on another instance stops working here within this time. Wrong keys are never
 * remembered, so junk tokens cannot push good keys out.
 */
const CACHE_MS = 10_000;
const CACHE_ENTRIES = 1_000;

/** Hex SHA-256 of a key: the one-shot hash, whose hex output is its cheapest (no Hash object per request). */
function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}

/** Who presents ADMIN_TOKEN: one frozen principal for every request. */
const ADMIN_PRINCIPAL: Principal = Object.freeze({
  keyId: 'ADMIN_TOKEN',
  name: 'ADMIN_TOKEN',
  scopes: Object.freeze(['admin'] as const),
});

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes('admin') || principal.scopes.includes(scope);
}

export function createApiKeyService(options: {
  collection: Collection<ApiKeyRecord>;
  clock: Clock;
  adminToken?: string | undefined;
}): ApiKeyService {
  const { collection, clock } = options;
  const adminTokenHash = options.adminToken === undefined ? undefined : hash('sha256', options.adminToken, 'buffer');
  // The least recently used key goes first; expiry is read from the injected clock.
  const cache = new LRUCache<string, { principal: Principal; until: number }>({ max: CACHE_ENTRIES });

  async function create(name: string, scopes: readonly Scope[]) {
    const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const record: ApiKeyRecord = {
      _id: uuidv7(),
      name,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      hash: sha256Hex(key),
      scopes: [...scopes],
      createdAt: clock.now().toISOString(),
    };
    await collection.insertOne(record);
    return { key, record };
  }

  async function authenticate(presented: string): Promise<Principal | null> {
    const digest = hash('sha256', presented, 'buffer');
    if (adminTokenHash !== undefined && timingSafeEqual(digest, adminTokenHash)) return ADMIN_PRINCIPAL;
    const hex = digest.toString('hex');
    const now = clock.now().getTime();
    const cached = cache.get(hex);
    if (cached !== undefined && cached.until > now) return cached.principal;
    // The lookup is by hash, so the secret itself is never compared byte by byte; the final
    // comparison is constant-time anyway.
    const record = await collection.findOne({ hash: hex });
    const valid =
      record !== null && record.revokedAt === undefined && timingSafeEqual(Buffer.from(record.hash, 'hex'), digest);
    if (!valid) return null;
    const principal = { keyId: record._id, name: record.name, scopes: record.scopes };
    cache.set(hex, { principal, until: now + CACHE_MS });
    return principal;
  }

  /** Revoking twice is a no-op: the first `revokedAt` is kept, the moment the key stopped working. */
  async function revoke(id: string): Promise<ApiKeyRecord> {
    const updated = await collection.findOneAndUpdate(
      { _id: id, revokedAt: { $exists: false } },
      { $set: { revokedAt: clock.now().toISOString() } },
    );
    cache.clear();
    if (updated !== null) return updated;
    const earlier = await collection.findOne({ _id: id });
    if (earlier === null) throw new AccoladeError('not_found', `No API key ${id}`);
    return earlier;
  }

  async function bootstrap(): Promise<string | null> {
    if (adminTokenHash !== undefined) return null;
    if ((await collection.count({ revokedAt: { $exists: false } })) > 0) return null;
    const { key } = await create('initial admin key', ['admin']);
    return key;
  }

  return {
    create,
    authenticate,
    list: () => collection.find({}, { sort: { createdAt: 1 } }),
    revoke,
    bootstrap,
  };
}
