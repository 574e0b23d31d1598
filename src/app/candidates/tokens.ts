import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../ports/clock.js';
import type { Collection, CollectionDefinition } from '../../ports/store.js';

/**
 * One-time and long-lived links sent by mail. The token is 32 random bytes in base64url (RFC 4648
 * §5, 43 characters); only its SHA-256 is stored, so the store alone opens no link.
 */
export const TOKEN_PURPOSES = ['claim', 'signIn', 'unsubscribe', 'proveEmail'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

export interface TokenRecord {
  /** SHA-256 of the token, base64url. */
  readonly _id: string;
  readonly purpose: TokenPurpose;
  readonly email: string;
  readonly awardId?: string;
  /** proveEmail: the profile the address joins once proved, and whether as its primary address. */
  readonly profileId?: string;
  readonly primary?: boolean;
  /** proveEmail: the signed-in address that asked, kept for the merge record. */
  readonly requestedBy?: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usedAt?: string;
}

export const TOKENS_COLLECTION: CollectionDefinition = {
  name: 'tokens',
  indexes: [{ fields: { awardId: 1 } }, { fields: { email: 1, purpose: 1 } }],
};

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function isTokenShaped(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function createTokens(deps: { readonly collection: Collection<TokenRecord>; readonly clock: Clock }) {
  const { collection, clock } = deps;
  const live = (purpose: TokenPurpose, token: string) => ({
    _id: hashOf(token),
    purpose,
    usedAt: null,
    expiresAt: { $gt: clock.now().toISOString() },
  });
  return {
    async mint(
      purpose: TokenPurpose,
      email: string,
      options: { ttlMs: number } & Pick<TokenRecord, 'awardId' | 'profileId' | 'primary' | 'requestedBy'>,
    ): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const { ttlMs, ...links } = options;
      const kept = Object.fromEntries(Object.entries(links).filter(([, value]) => value !== undefined));
      await collection.insertOne({
        _id: hashOf(token),
        purpose,
        email,
        ...kept,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
      });
      return token;
    },
    /** The token's record while it is unused and unexpired, else null (also for a malformed token). */
    async find(purpose: TokenPurpose, token: string): Promise<TokenRecord | null> {
      if (!isTokenShaped(token)) return null;
      return collection.findOne(live(purpose, token));
    },
    /** Uses a one-time token: only one caller ever gets its record. */
    async consume(purpose: TokenPurpose, token: string): Promise<TokenRecord | null> {
      if (!isTokenShaped(token)) return null;
      return collection.findOneAndUpdate(live(purpose, token), { $set: { usedAt: clock.now().toISOString() } });
    },
    /** Every unused link of an award of this purpose stops working (the award was claimed). */
    async retireForAward(purpose: TokenPurpose, awardId: string): Promise<void> {
      await collection.updateMany({ awardId, purpose, usedAt: null }, { $set: { usedAt: clock.now().toISOString() } });
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
