import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../ports/clock.js';
import type { Collection, CollectionDefinition } from '../../ports/store.js';

/**
 * One-time and long-lived links sent by mail. A token is 43 characters of base64url (RFC 4648 §5):
 * the time it was minted (`TIME_DIGITS` hex digits of milliseconds) then 23 random bytes (184
 * bits: unguessable). 23 bytes take 31 characters, the last carrying 4 bits, so that a token never
 * ends with `-` or `_`, which text mail readers leave out of the links they make of URLs (as with
 * the 32 random bytes tokens were before). Only its SHA-256 is stored, so the store alone opens no
 * link.
 */
export const TOKEN_PURPOSES = ['claim', 'signIn', 'unsubscribe', 'proveEmail'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

export interface TokenRecord {
  /**
   * The token's time digits then its SHA-256 in base64url (see `recordIdOf`); only the SHA-256
   * for the tokens minted before the time came first.
   */
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

/**
 * Tokens are read by `_id`, and a claim's by award (`retireForAward`): nothing else, so no other
 * index is written for each link minted (an index on the address and purpose had no reader; its
 * entries, in address order, landed on a random page at each mint). Only claim links name an
 * award, so the index on it is sparse: an opt-out link, minted with every award email and
 * reminder, adds no entry to it.
 */
export const TOKENS_COLLECTION: CollectionDefinition = {
  name: 'tokens',
  indexes: [{ fields: { awardId: 1 }, sparse: true }],
};

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function isTokenShaped(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Hex digits of the minting time (milliseconds) leading a token: 48 bits, enough for 8,000 years. */
const TIME_DIGITS = 12;
const RANDOM_BYTES = 23;

/**
 * The record's `_id`: the token's time digits, a dot, then its hash. Records minted later sort
 * later, so each mint adds its entries at the end of the `_id` index (on SQLite and MongoDB alike)
 * rather than on a random page of it, which a write must then copy whole to the log. The digits
 * say no more than when the link was sent; the hash still hides the token.
 */
function recordIdOf(token: string): string {
  return `${token.slice(0, TIME_DIGITS)}.${hashOf(token)}`;
}

/**
 * The ids a token's record may have: its own (`recordIdOf`), or the bare hash under which tokens
 * minted before the time digits led were stored (opt-out links work for two years). The two
 * have different lengths, so a token finds at most its own record.
 */
function recordIdsOf(token: string): string[] {
  return [recordIdOf(token), hashOf(token)];
}

/** A token minted at `ms`: its time digits then the random bytes. */
function tokenOf(ms: number, random: Buffer): string {
  return ms.toString(16).padStart(TIME_DIGITS, '0').slice(-TIME_DIGITS) + random.toString('base64url');
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

export function createTokens(deps: { readonly collection: Collection<TokenRecord>; readonly clock: Clock }) {
  const { collection, clock } = deps;
  const live = (purpose: TokenPurpose, token: string) => ({
    _id: { $in: recordIdsOf(token) },
    purpose,
    usedAt: null,
    expiresAt: { $gt: clock.now().toISOString() },
  });
  let asked: Asked[] | undefined;

  /** The mints of one turn: one random draw cut into tokens, one store write; each caller gets its token once written. */
  async function mintTogether(turn: readonly Asked[]): Promise<void> {
    try {
      const random = randomBytes(RANDOM_BYTES * turn.length);
      const now = clock.now();
      const tokens = turn.map((_, i) =>
        tokenOf(now.getTime(), random.subarray(i * RANDOM_BYTES, (i + 1) * RANDOM_BYTES)),
      );
      const records = turn.map(({ purpose, email, options }, i): TokenRecord => {
        const { ttlMs, ...links } = options;
        const kept = Object.fromEntries(Object.entries(links).filter(([, value]) => value !== undefined));
        return {
          _id: recordIdOf(tokens[i]!),
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
