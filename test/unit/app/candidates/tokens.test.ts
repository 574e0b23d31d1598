import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createSqliteDatabase } from '../../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import { createTokens, TOKENS_COLLECTION, type TokenRecord } from '../../../../src/app/candidates/tokens.js';
import { fixedClock } from '../../../../src/ports/clock.js';
import type { Collection, Database } from '../../../../src/ports/store.js';

describe('links minted in one turn', () => {
  let dataDir: string;
  let database: Database;
  let collection: Collection<TokenRecord>;
  const clock = fixedClock('2026-01-10T08:00:00Z');

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'accolade-tokens-'));
    database = await createSqliteDatabase({ dataDir });
    collection = await database.collection<TokenRecord>(TOKENS_COLLECTION);
  });
  afterEach(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The collection, counting the store writes that insert tokens. */
  function counted() {
    const writes: number[] = [];
    const wrapped: Collection<TokenRecord> = {
      ...collection,
      insertOne: async (doc) => {
        writes.push(1);
        return collection.insertOne(doc);
      },
      insertMany: async (docs) => {
        writes.push(docs.length);
        return collection.insertMany(docs);
      },
    };
    return { wrapped, writes };
  }

  it('share one store write, each caller getting its own token, stored hashed with its own fields', async () => {
    const { wrapped, writes } = counted();
    const tokens = createTokens({ collection: wrapped, clock });
    const minted = await Promise.all([
      tokens.mint('claim', 'a@example.org', { ttlMs: 60_000, awardId: 'award-1' }),
      tokens.mint('unsubscribe', 'a@example.org', { ttlMs: 120_000 }),
      tokens.mint('claim', 'b@example.org', { ttlMs: 60_000, awardId: 'award-2' }),
    ]);
    expect(writes).to.deep.equal([3]);
    expect(new Set(minted).size).to.equal(3);
    for (const token of minted) expect(token).to.match(/^[A-Za-z0-9_-]{43}$/);
    const [first, second, third] = await Promise.all([
      tokens.find('claim', minted[0]!),
      tokens.find('unsubscribe', minted[1]!),
      tokens.find('claim', minted[2]!),
    ]);
    expect(first).to.include({ email: 'a@example.org', awardId: 'award-1', expiresAt: '2026-01-10T08:01:00.000Z' });
    expect(second).to.include({ email: 'a@example.org', expiresAt: '2026-01-10T08:02:00.000Z' });
    expect(second).to.not.have.property('awardId');
    expect(third).to.include({ email: 'b@example.org', awardId: 'award-2' });
    expect(first?._id, 'only the hash is stored').to.not.equal(minted[0]);
    expect(await tokens.find('unsubscribe', minted[0]!), 'a token opens only its purpose').to.equal(null);
  });

  it('writes one alone in a later turn, and fails every caller of a turn whose write fails', async () => {
    const { wrapped, writes } = counted();
    const tokens = createTokens({ collection: wrapped, clock });
    await tokens.mint('signIn', 'c@example.org', { ttlMs: 1_000 });
    await tokens.mint('signIn', 'c@example.org', { ttlMs: 1_000 });
    expect(writes).to.deep.equal([1, 1]);
    await database.close();
    const outcomes = await Promise.allSettled([
      tokens.mint('claim', 'd@example.org', { ttlMs: 1_000 }),
      tokens.mint('unsubscribe', 'd@example.org', { ttlMs: 1_000 }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).to.deep.equal(['rejected', 'rejected']);
    database = await createSqliteDatabase({ dataDir });
    collection = await database.collection<TokenRecord>(TOKENS_COLLECTION);
    expect(await collection.count({})).to.equal(2);
  });
});
