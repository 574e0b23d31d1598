import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../ports/clock.js';
import type { Collection, CollectionDefinition } from '../../ports/store.js';
import { isTokenShaped } from './tokens.js';

/**
 * A signed-in candidate. The cookie carries a random token; the store keeps its SHA-256 only,
 * so a copy of the store signs nobody in.
 */
export interface SessionRecord {
  readonly _id: string;
  readonly email: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export const SESSIONS_COLLECTION: CollectionDefinition = {
  name: 'sessions',
  indexes: [{ fields: { email: 1 } }, { fields: { expiresAt: 1 } }],
};

export const SESSION_TTL_MS = 30 * 86_400_000;

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function createSessions(deps: { readonly collection: Collection<SessionRecord>; readonly clock: Clock }) {
  const { collection, clock } = deps;
  return {
    async open(email: string): Promise<{ token: string; expiresAt: Date }> {
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
      await collection.insertOne({
        _id: hashOf(token),
        email,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
      });
      return { token, expiresAt };
    },
    /** The email signed in with this cookie token, or null (unknown, malformed, expired). */
    async email(token: string | undefined): Promise<string | null> {
      if (token === undefined || !isTokenShaped(token)) return null;
      const session = await collection.findOne({ _id: hashOf(token), expiresAt: { $gt: clock.now().toISOString() } });
      return session?.email ?? null;
    },
    async close(token: string | undefined): Promise<void> {
      if (token !== undefined && isTokenShaped(token)) await collection.deleteOne({ _id: hashOf(token) });
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
