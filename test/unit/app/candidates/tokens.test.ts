import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createSqliteDatabase } from '../../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import { createTokens, TOKENS_COLLECTION, type TokenRecord } from '../../../../src/app/candidates/tokens.js';
import { fixedClock } from '../../../../src/ports/clock.js';
import type { Collection, Database } from '../../../../src/ports/store.js';

describe('links sent by mail', () => {
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

  it('lead with the time they were minted, so their records sort in minting order, and keep 184 random bits, never ending with - or _', async () => {
    const moving = fixedClock('2026-01-10T08:00:00Z');
    const tokens = createTokens({ collection, clock: moving });
    const early = await Promise.all([
      tokens.mint('claim', 'a@example.org', { ttlMs: 60_000, awardId: 'award-1' }),
      tokens.mint('unsubscribe', 'a@example.org', { ttlMs: 60_000 }),
    ]);
    moving.advance(1);
    const late = await tokens.mint('unsubscribe', 'b@example.org', { ttlMs: 60_000 });
    const time = Date.parse('2026-01-10T08:00:00Z').toString(16).padStart(12, '0');
    for (const token of early) expect(token.slice(0, 12)).to.equal(time);
    expect(early[0]!.slice(12), 'the random parts differ').to.not.equal(early[1]!.slice(12));
    expect(Buffer.from(early[0]!.slice(12), 'base64url')).to.have.length(23);
    // Were the last character a full one, 200 tokens would all miss - and _ once in 600 runs.
    const many = await Promise.all(
      Array.from({ length: 200 }, (_, i) => tokens.mint('signIn', `m${i}@example.org`, { ttlMs: 60_000 })),
    );
    for (const token of many) expect(token).to.match(/^[0-9a-f]{12}[A-Za-z0-9_-]{30}[AEIMQUYcgkosw048]$/);
    const ids = (await collection.find({ purpose: { $ne: 'signIn' } }, { sort: { _id: 1 } })).map(
      (record) => record._id,
    );
    const hash = (token: string) => createHash('sha256').update(token).digest('base64url');
    expect(ids).to.have.length(3);
    expect(ids.at(-1), 'the later record sorts last').to.equal(`${late.slice(0, 12)}.${hash(late)}`);
    expect(ids.slice(0, 2).sort()).to.deep.equal(early.map((token) => `${time}.${hash(token)}`).sort());
    expect(await tokens.find('unsubscribe', late)).to.include({ email: 'b@example.org' });
  });

  it('still open the links stored under their bare hash before the time led the record', async () => {
    const tokens = createTokens({ collection, clock });
    const older = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5'.slice(0, 43);
    await collection.insertOne({
      _id: createHash('sha256').update(older).digest('base64url'),
      purpose: 'claim',
      email: 'e@example.org',
      awardId: 'award-9',
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-03-01T00:00:00.000Z',
    });
    expect(await tokens.find('claim', older)).to.include({ email: 'e@example.org', awardId: 'award-9' });
    expect(await tokens.find('unsubscribe', older)).to.equal(null);
    expect(await tokens.consume('claim', older)).to.include({ awardId: 'award-9' });
    expect(await tokens.consume('claim', older), 'once only').to.equal(null);
  });

  it('retire the claim links of one award only, opt-out links staying', async () => {
    const tokens = createTokens({ collection, clock });
    const [claim, other, optOut] = await Promise.all([
      tokens.mint('claim', 'f@example.org', { ttlMs: 60_000, awardId: 'award-1' }),
      tokens.mint('claim', 'f@example.org', { ttlMs: 60_000, awardId: 'award-2' }),
      tokens.mint('unsubscribe', 'f@example.org', { ttlMs: 60_000 }),
    ]);
    await tokens.retireForAward('claim', 'award-1');
    expect(await tokens.find('claim', claim!)).to.equal(null);
    expect(await tokens.find('claim', other!)).to.include({ awardId: 'award-2' });
    expect(await tokens.find('unsubscribe', optOut!)).to.include({ email: 'f@example.org' });
  });
});
