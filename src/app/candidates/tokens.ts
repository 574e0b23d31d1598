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

type MintOptions = { ttlMs: number } & Pick<TokenRecord, 'awardId' | 'profileId' | 'primary' | 'requestedBy'>;

/** A mint asked for, waiting for its turn's draw and write (see `mint`). */
interface Asked {
  readonly purpose: TokenPurpose;
  readonly email: string;
  readonly options: MintOptions;
  readonly resolve: (token: string) => void;
  readonly reject: (error: unknown) => void;
}

const TOKEN_BYTES = 32;

export function createTokens(deps: { readonly collection: Collection<TokenRecord>; readonly clock: Clock }) {
  const { collection, clock } = deps;
  const live = (purpose: TokenPurpose, token: string) => ({
    _id: hashOf(token),
    purpose,
    usedAt: null,
    expiresAt: { $gt: clock.now().toISOString() },
  });
  let asked: Asked[] | undefined;

  /** The mints of one turn: one random draw cut into tokens, one store write; each caller gets its token once written. */
  async function mintTogether(turn: readonly Asked[]): Promise<void> {
    try {
      const random = randomBytes(TOKEN_BYTES * turn.length);
      const now = clock.now();
      const tokens = turn.map((_, i) => random.subarray(i * TOKEN_BYTES, (i + 1) * TOKEN_BYTES).toString('base64url'));
      const records = turn.map(({ purpose, email, options }, i): TokenRecord => {
        const { ttlMs, ...links } = options;
        const kept = Object.fromEntries(Object.entries(links).filter(([, value]) => value !== undefined));
        return {
          _id: hashOf(tokens[i]!),
          purpose,
          email,
          ...kept,
          createdAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
        };
      });
      if (records.length === 1) await collection.insertOne(records[0]!);
      else await collection.insertMany(records);
      for (const [i, caller] of turn.entries()) caller.resolve(tokens[i]!);
    } catch (error) {
      for (const caller of turn) caller.reject(error);
    }
  }

  return {
    /**
     * A fresh token, stored hashed. The mints asked for in the same turn (a mail queue composing
     * ten messages at once mints twenty links) share one random draw and one store write.
     */
    mint(purpose: TokenPurpose, email: string, options: MintOptions): Promise<string> {
      return new Promise<string>((resolve, reject) => {
        if (asked === undefined) {
          const turn: Asked[] = [];
          asked = turn;
          queueMicrotask(() => {
            asked = undefined;
            void mintTogether(turn);
          });
        }
        asked.push({ purpose, email, options, resolve, reject });
      });
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
