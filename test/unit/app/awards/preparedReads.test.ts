import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createSqliteDatabase } from '../../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import { AWARDS_COLLECTION, type AwardRecord } from '../../../../src/app/awards/awardRecord.js';
import type { AwardRequest } from '../../../../src/app/awards/awardRequest.js';
import { createIssueAward, type IssueAward } from '../../../../src/app/awards/issueAward.js';
import { withIssueFollowUps } from '../../../../src/app/awards/issueWithFollowUps.js';
import { createPreparedReads, type PrepareReads } from '../../../../src/app/awards/preparedReads.js';
import { applyRow, rowIdempotencyKey } from '../../../../src/app/bulk/applyRow.js';
import { createBulkJobService } from '../../../../src/app/bulk/bulkJobService.js';
import { groupByRecipient } from '../../../../src/app/bulk/orderRows.js';
import { ACCOUNTS_COLLECTION, type AccountRecord, createAccounts } from '../../../../src/app/candidates/accounts.js';
import { createBadgeChoices } from '../../../../src/app/candidates/badgeChoices.js';
import {
  PROFILE_EMAILS_COLLECTION,
  PROFILES_COLLECTION,
  type ProfileEmailRecord,
  type ProfileRecord,
} from '../../../../src/app/profiles/profileRecord.js';
import { createProfiles } from '../../../../src/app/profiles/profiles.js';
import { validateBulkRow } from '../../../../src/http/routes/bulkRoutes.js';
import { fixedClock } from '../../../../src/ports/clock.js';
import { silentLogger } from '../../../../src/ports/logger.js';
import type { Collection, Database, StoredDocument } from '../../../../src/ports/store.js';
import { passRow, realCatalog, rowsOf, runToEnd } from '../bulk/bulkFixtures.js';

/** `collection`, counting every read (findOne, find, count) in `reads.count`. */
function countingReads<T extends StoredDocument>(collection: Collection<T>, reads: { count: number }): Collection<T> {
  return {
    ...collection,
    findOne: (filter) => {
      reads.count += 1;
      return collection.findOne(filter);
    },
    find: (filter, options) => {
      reads.count += 1;
      return collection.find(filter, options);
    },
    count: (filter) => {
      reads.count += 1;
      return collection.count(filter);
    },
  };
}

/**
 * `collection` whose finds, while `gate.open` is set, read at once and answer once it resolves: a
 * store whose answers take a while to arrive, during which other writes commit.
 */
function gatedFinds<T extends StoredDocument>(
  collection: Collection<T>,
  gate: { open?: Promise<void> | undefined },
): Collection<T> {
  return {
    ...collection,
    find: async (filter, options) => {
      const waiting = gate.open;
      const found = await collection.find(filter, options);
      if (waiting !== undefined) await waiting;
      return found;
    },
  };
}

/**
 * A store with the collections issuance reads, and issueAward with its follow-ups (auto-accept)
 * composed as the service composes them: on the prepared reads when `prepared`, else on the store.
 */
async function issuanceWorld(prepared: boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), 'accolade-prepared-'));
  const clock = fixedClock('2025-06-01T12:00:00Z');
  const database: Database = await createSqliteDatabase({ dataDir });
  const reads = { count: 0 };
  const gate: { open?: Promise<void> | undefined } = {};
  const stored = gatedFinds(countingReads(await database.collection<AwardRecord>(AWARDS_COLLECTION), reads), gate);
  const storedAccounts = countingReads(await database.collection<AccountRecord>(ACCOUNTS_COLLECTION), reads);
  const storedProfiles = countingReads(await database.collection<ProfileRecord>(PROFILES_COLLECTION), reads);
  const storedLinks = countingReads(await database.collection<ProfileEmailRecord>(PROFILE_EMAILS_COLLECTION), reads);
  const reading = createPreparedReads({
    awards: stored,
    accounts: storedAccounts,
    linkedProfiles: (emails) => profiles.linkedMany(emails),
    issuingProfile: (email) => profiles.issuingProfile(email),
    accountByEmail: (email) => accounts.byEmail(email),
  });
  // As the service composes them: their writes drop what was prepared.
  const accountCollection = prepared ? reading.forgettingWrites(storedAccounts) : storedAccounts;
  const profileCollection = prepared ? reading.forgettingWrites(storedProfiles) : storedProfiles;
  const linkCollection = prepared ? reading.forgettingWrites(storedLinks) : storedLinks;
  const profiles = createProfiles({
    profiles: profileCollection,
    profileEmails: linkCollection,
    awards: stored,
    clock,
  });
  const accounts = createAccounts({ collection: accountCollection, clock });
  const awards = prepared ? reading.awards : stored;
  const issueOnly = createIssueAward({
    awards,
    catalog: { current: () => ({ catalog: realCatalog() }) },
    clock,
    signingKeySetId: async () => 'test-key-set',
    issuingProfile: prepared ? reading.issuingProfile : profiles.issuingProfile,
  });
  const issueAward: IssueAward = withIssueFollowUps(issueOnly, {
    accounts: prepared ? { byEmail: reading.accountByEmail } : accounts,
    choices: createBadgeChoices({ awards, clock }),
    notifications: { issued: async () => undefined },
  });
  return {
    database,
    awards,
    reads,
    gate,
    issueAward,
    prepare: reading.prepare,
    accountCollection,
    profileCollection,
    linkCollection,
    async dispose() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type World = Awaited<ReturnType<typeof issuanceWorld>>;

/**
 * Prepares `passes` with the slice's reads answering only once `meanwhile` is done, as on a store
 * whose answers take a while to arrive while other writes commit; resolves with its release.
 */
async function prepareWhile(
  world: World,
  passes: Parameters<World['prepare']>[0],
  meanwhile: () => Promise<unknown>,
): Promise<() => void> {
  let open!: () => void;
  world.gate.open = new Promise<void>((resolve) => {
    open = resolve;
  });
  const preparing = world.prepare(passes);
  try {
    await meanwhile();
  } finally {
    world.gate.open = undefined;
    open();
  }
  return preparing;
}

/** merged@ and other@ become one profile, as a merge or an added email makes them. */
async function mergeMiasEmails(world: World): Promise<void> {
  await world.profileCollection.insertOne({
    _id: 'PRF-MERGED',
    name: 'Mia Merged',
    emails: ['merged@contoso.com', 'other@contoso.com'],
    createdAt: '2025-01-01T00:00:00Z',
  });
  for (const email of ['merged@contoso.com', 'other@contoso.com']) {
    await world.linkCollection.insertOne({ _id: email, profileId: 'PRF-MERGED', addedAt: '2025-01-01T00:00:00Z' });
  }
}

const request = (row: Record<string, unknown>) => row as unknown as AwardRequest;

/** What each recipient holds before the job: a history, a merged profile with an approved name, an account, a revocation. */
async function seed(world: World): Promise<void> {
  await world.issueAward(request(passRow('held@contoso.com', 'AZ-104', '2024-01-10', { externalId: 'prior-104' })));
  await world.issueAward(request(passRow('first@contoso.com', 'AZ-104', '2024-01-10')));
  await world.issueAward(request(passRow('renew@contoso.com', 'AZ-104', '2022-01-10')));
  const revoked = await world.issueAward(request(passRow('revoked@contoso.com', 'AZ-900', '2024-01-10')));
  await world.awards.findOneAndUpdate({ _id: revoked.award._id }, { $set: { status: 'revoked' } });
  await world.profileCollection.insertOne({
    _id: 'PRF-ANA',
    name: 'Ana Approved',
    emails: ['first@contoso.com', 'second@contoso.com'],
    createdAt: '2025-01-01T00:00:00Z',
    nameApprovedAt: '2025-01-02T00:00:00Z',
  });
  for (const email of ['first@contoso.com', 'second@contoso.com']) {
    await world.linkCollection.insertOne({ _id: email, profileId: 'PRF-ANA', addedAt: '2025-01-01T00:00:00Z' });
  }
  await world.accountCollection.insertOne({
    _id: 'acc-auto',
    email: 'auto@contoso.com',
    createdAt: '2025-01-01T00:00:00Z',
    autoAccept: true,
    reminders: true,
    profilePublic: false,
  });
}

/** A mix of rows: eligible, excluded, retired, superseded, duplicate, replayed, conflicting, invalid, completing. */
const mixedRows: Record<string, unknown>[] = [
  passRow('new@contoso.com', 'AZ-900', '2024-05-01', { externalId: 'x-0' }),
  passRow('excluded@contoso.com', '74-343', '2015-03-01'),
  passRow('retired@contoso.com', '70-533', '2021-01-01'),
  passRow('super@contoso.com', 'AZ-104', '2020-05-01'),
  passRow('super@contoso.com', 'AZ-103', '2019-06-01'),
  passRow('new@contoso.com', 'AZ-900', '2024-05-02'),
  passRow('held@contoso.com', 'AZ-305', '2024-03-01'),
  passRow('second@contoso.com', 'AZ-305', '2024-03-01', { name: 'Someone Else' }),
  passRow('auto@contoso.com', 'AZ-900', '2024-05-01'),
  passRow('revoked@contoso.com', 'AZ-900', '2024-05-01'),
  passRow('renew@contoso.com', 'AZ-104', '2023-06-01'),
  passRow('not-an-email', 'AZ-900', '2024-05-01'),
  passRow('baddate@contoso.com', 'AZ-900', '2024-13-45'),
  { recipient: { email: 'noname@contoso.com' }, achievement: 'AZ-900', earnedOn: '2024-05-01' },
  passRow('future@contoso.com', 'AZ-900', '2025-07-01'),
  passRow('other@contoso.com', 'AZ-900', '2024-05-01', { externalId: 'x-0' }),
  passRow('held@contoso.com', 'AZ-104', '2024-01-10', { externalId: 'prior-104' }),
  passRow('pair@contoso.com', 'AZ-305', '2024-03-01', { locale: 'fr-FR' }),
  passRow('PAIR@Contoso.com', 'AZ-104', '2024-01-10', { locale: 'fr-FR' }),
  ...Array.from({ length: 40 }, (_, n) => passRow(`many${n}@contoso.com`, 'AZ-900', '2024-05-01')),
];

/** Ids made at random replaced by what they stand for, so two stores can be compared. */
async function comparable(
  world: World,
  rows: readonly {
    status: string;
    awardId?: string;
    alsoAwarded?: readonly string[];
    error?: { code: string; details?: unknown };
  }[],
) {
  const byId = new Map((await world.awards.find({})).map((award) => [award._id, award]));
  const describe = (id: string | undefined) => {
    const award = id === undefined ? undefined : byId.get(id);
    return award === undefined
      ? id
      : `${award.recipientEmail} ${award.achievementId} ${award.earnedOn} ${award.recipientName} ${award.status}`;
  };
  const results = rows.map((row) => ({
    status: row.status,
    award: describe(row.awardId),
    alsoAwarded: (row.alsoAwarded ?? []).map(describe),
    error:
      row.error === undefined
        ? undefined
        : { code: row.error.code, rule: (row.error.details as { rule?: string } | undefined)?.rule },
  }));
  const stored = [...byId.values()]
    .map((award) => `${describe(award._id)} ${award.dedupeKey} ${award.recipientLocale} ${award.earnedBy ?? ''}`)
    .sort();
  return { results, stored };
}

describe('prepared reads: a slice of passes read together', () => {
  const worlds: World[] = [];
  const open = async (prepared: boolean) => {
    const world = await issuanceWorld(prepared);
    worlds.push(world);
    return world;
  };
  afterEach(async () => {
    for (const world of worlds.splice(0)) await world.dispose();
  });

  it('gives a bulk job the same outcomes and awards as issuing its rows one by one, for a mix of rows', async () => {
    const outcomes = [];
    for (const mode of ['bulk, prepared', 'bulk, one read at a time', 'one by one'] as const) {
      const world = await open(mode === 'bulk, prepared');
      await seed(world);
      const service = await createBulkJobService({
        database: world.database,
        issueAward: world.issueAward,
        ...(mode === 'bulk, prepared' ? { prepareReads: world.prepare } : {}),
        validateRow: validateBulkRow,
        clock: fixedClock('2025-06-01T12:00:00Z'),
      });
      if (mode === 'one by one') {
        // Each row alone, awaited before the next, in the order a job applies them.
        const results = new Map<number, Awaited<ReturnType<typeof applyRow>>>();
        const valid = mixedRows.flatMap((row, index) => {
          try {
            return [{ index, input: validateBulkRow(row) }];
          } catch {
            return [];
          }
        });
        for (const group of groupByRecipient(valid)) {
          for (const row of group) results.set(row.index, await applyRow(world.issueAward, silentLogger, 'one', row));
        }
        const job = await runToEnd(service, {
          kind: 'json',
          rows: mixedRows.filter((_, index) => !results.has(index)),
        });
        const refused = [...rowsOf(job)];
        const rows = mixedRows.map((_, index) => results.get(index) ?? refused.shift()!);
        outcomes.push(await comparable(world, rows));
      } else {
        const job = await runToEnd(service, { kind: 'json', rows: mixedRows });
        outcomes.push(await comparable(world, rowsOf(job)));
      }
      await service.close();
    }
    const [prepared, unprepared, oneByOne] = outcomes;
    expect(prepared).to.deep.equal(oneByOne);
    expect(unprepared).to.deep.equal(oneByOne);
    // The mix is what it claims to be.
    const statuses = prepared!.results.map((row) => row.error?.rule ?? row.error?.code ?? row.status);
    expect(statuses.slice(0, 19)).to.deep.equal([
      'created',
      'excluded',
      'earned_after_retirement',
      // AZ-104 after AZ-103, which it supersedes: the certification is held already.
      'duplicate',
      'created',
      'duplicate',
      'created',
      'created',
      'created',
      'created',
      'created',
      'invalid_email',
      'invalid_date',
      'validation_failed',
      'earned_in_future',
      'idempotency_conflict',
      'replayed',
      'created',
      'created',
    ]);
    expect(prepared!.results[7]!.award).to.equal(
      'second@contoso.com azure-solutions-architect-expert 2024-03-01T00:00:00Z Ana Approved pending',
    );
    expect(prepared!.results[8]!.award).to.match(/ accepted$/);
  });

  it('reads the store a few times per slice, then issues the slice without reading it again', async () => {
    const world = await open(true);
    const passes = Array.from({ length: 32 }, (_, n) => ({
      request: request(passRow(`slice${n}@contoso.com`, 'AZ-900', '2024-05-01', { externalId: `s-${n}` })),
      idempotencyKey: rowIdempotencyKey('job', n),
    }));

    world.reads.count = 0;
    const release = await world.prepare(passes);
    // Profile links (no profile to read then), awards of the recipients, externalIds, keys, accounts.
    expect(world.reads.count).to.equal(5);
    world.reads.count = 0;
    const issued = await Promise.all(passes.map((pass) => world.issueAward(pass.request, pass)));
    expect(issued.map((result) => result.outcome)).to.deep.equal(passes.map(() => 'created'));
    expect(world.reads.count).to.equal(0);
    release();

    // The same passes once the slice is released read the store for each pass again (and replay).
    world.reads.count = 0;
    const again = await Promise.all(passes.map((pass) => world.issueAward(pass.request, pass)));
    expect(again.map((result) => result.outcome)).to.deep.equal(passes.map(() => 'replayed'));
    expect(world.reads.count).to.be.at.least(3 * passes.length);
  });

  it('sees an award issued after the slice was read, and nothing prepared after another write to the awards', async () => {
    const world = await open(true);
    const pass = (achievement: string, earnedOn: string) => ({
      request: request(passRow('late@contoso.com', achievement, earnedOn)),
    });
    const release = await world.prepare([pass('AZ-305', '2024-03-01')]);
    // Issued meanwhile (as a POST would be): the prepared history takes it in.
    const admin = await world.issueAward(pass('AZ-104', '2024-01-10').request);
    const expert = await world.issueAward(pass('AZ-305', '2024-03-01').request);
    expect(expert.award.achievementId).to.equal('azure-solutions-architect-expert');

    // A revocation drops what was prepared: the next pass reads the store and sees it.
    await world.awards.findOneAndUpdate({ _id: admin.award._id }, { $set: { status: 'revoked' } });
    world.reads.count = 0;
    const renewed = await world.issueAward(pass('AZ-104', '2024-02-01').request);
    expect(renewed.outcome).to.equal('created');
    expect(world.reads.count).to.be.greaterThan(0);
    release();
  });

  it('keeps a slice when an email of an award it does not hold is recorded, and drops it for one it holds', async () => {
    const world = await open(true);
    const earlier = await world.issueAward(request(passRow('earlier@contoso.com', 'AZ-900', '2024-01-10')));
    const held = await world.issueAward(
      request(passRow('held@contoso.com', 'AZ-104', '2024-01-10', { externalId: 'held-104' })),
    );
    const passes = Array.from({ length: 8 }, (_, n) => ({
      request: request(passRow(`kept${n}@contoso.com`, 'AZ-900', '2024-05-01')),
      idempotencyKey: rowIdempotencyKey('job', n),
    }));
    const replay = {
      request: request(passRow('held@contoso.com', 'AZ-104', '2024-01-10', { externalId: 'held-104' })),
    };
    const release = await world.prepare([...passes, replay]);

    // The mail queue records the email of an award issued before the slice, to someone else.
    await world.awards.updateMany({ _id: earlier.award._id }, { $set: { notification: 'sent' } });
    await world.awards.findOneAndUpdate({ _id: earlier.award._id }, { $set: { reminded: 1 } });
    world.reads.count = 0;
    const issued = await Promise.all(passes.map((pass) => world.issueAward(pass.request, pass)));
    expect(issued.map((result) => result.outcome)).to.deep.equal(passes.map(() => 'created'));
    expect(world.reads.count).to.equal(0);

    // The email of an award the slice holds: its next answer is read again, with the email's state.
    await world.awards.updateMany(
      { _id: { $in: [held.award._id] } },
      { $set: { notification: 'failed', notificationError: 'mailbox full' } },
    );
    world.reads.count = 0;
    const replayed = await world.issueAward(replay.request);
    expect(replayed.outcome).to.equal('replayed');
    expect(replayed.award.notification).to.equal('failed');
    expect(world.reads.count).to.be.greaterThan(0);
    release();
  });

  it('keeps nothing a slice read of an award whose email was recorded while it read', async () => {
    const world = await open(true);
    const held = await world.issueAward(
      request(passRow('held@contoso.com', 'AZ-104', '2024-01-10', { externalId: 'held-104' })),
    );
    const replay = {
      request: request(passRow('held@contoso.com', 'AZ-104', '2024-01-10', { externalId: 'held-104' })),
    };
    // The slice's reads answer once the email's state has been written.
    const release = await prepareWhile(world, [replay], () =>
      world.awards.updateMany({ _id: held.award._id }, { $set: { notification: 'sent' } }),
    );

    world.reads.count = 0;
    const replayed = await world.issueAward(replay.request);
    expect(replayed.award.notification).to.equal('sent');
    expect(world.reads.count).to.be.greaterThan(0);
    release();
  });

  it('holds an award inserted while a slice read, whether or not its reads saw it', async () => {
    const world = await open(true);
    const other = await world.issueAward(request(passRow('y@contoso.com', 'AZ-900', '2024-01-10')));
    const pass = { request: request(passRow('x@contoso.com', 'AZ-104', '2024-05-01')) };
    // The slice's reads answer once the insert has committed.
    const inserted = { ...other.award, _id: 'AWD-ZZZ', recipientEmail: 'x@contoso.com', dedupeKey: 'x|AZ-900' };
    const release = await prepareWhile(world, [pass], () => world.awards.insertOne(inserted));

    world.reads.count = 0;
    const history = await world.awards.find({ recipientEmail: 'x@contoso.com' }, { sort: { _id: 1 } });
    expect(history.map((award) => award._id)).to.deep.equal(['AWD-ZZZ']);
    expect(world.reads.count).to.equal(0);
    release();
  });

  it('keeps nothing a slice read while a profile was written', async () => {
    const world = await open(true);
    await world.issueAward(request(passRow('other@contoso.com', 'AZ-900', '2024-01-10')));
    const pass = { request: request(passRow('merged@contoso.com', 'AZ-900', '2024-05-01')) };
    // The two emails become one profile while the slice's reads are on their way.
    const release = await prepareWhile(world, [pass], () => mergeMiasEmails(world));

    const issued = await world.issueAward(pass.request);
    expect(issued.outcome).to.equal('duplicate');
    expect(issued.award.recipientEmail).to.equal('other@contoso.com');
    release();
  });

  it('drops what was prepared when a profile, an email link or an account is written', async () => {
    const world = await open(true);
    await world.issueAward(request(passRow('other@contoso.com', 'AZ-900', '2024-01-10')));
    const pass = { request: request(passRow('merged@contoso.com', 'AZ-900', '2024-05-01')) };

    const release = await world.prepare([pass]);
    // The two emails become one profile while the slice is held, as a merge or an added email does.
    await mergeMiasEmails(world);
    // The history now holds other@'s AZ-900: the pass is a duplicate, not a second award.
    world.reads.count = 0;
    const issued = await world.issueAward(pass.request);
    expect(issued.outcome).to.equal('duplicate');
    expect(issued.award.recipientEmail).to.equal('other@contoso.com');
    expect(world.reads.count).to.be.greaterThan(0);
    release();

    // An account turning auto-accept on while a slice is held is seen by that slice's next pass.
    const auto = { request: request(passRow('chooser@contoso.com', 'AZ-900', '2024-05-01')) };
    const releaseAuto = await world.prepare([auto]);
    await world.accountCollection.insertOne({
      _id: 'acc-chooser',
      email: 'chooser@contoso.com',
      createdAt: '2025-01-01T00:00:00Z',
      autoAccept: true,
      reminders: true,
      profilePublic: false,
    });
    const accepted = await world.issueAward(auto.request);
    expect(accepted.award.status).to.equal('accepted');
    releaseAuto();
  });

  it('bounds the reads of a whole job by its slices', async () => {
    const world = await open(true);
    let slices = 0;
    const counted: PrepareReads = (passes) => {
      slices += 1;
      return world.prepare(passes);
    };
    const service = await createBulkJobService({
      database: world.database,
      issueAward: world.issueAward,
      prepareReads: counted,
      validateRow: validateBulkRow,
      clock: fixedClock('2025-06-01T12:00:00Z'),
    });
    const rows = Array.from({ length: 96 }, (_, n) => passRow(`job${n}@contoso.com`, 'AZ-900', '2024-05-01'));
    world.reads.count = 0;
    const job = await runToEnd(service, { kind: 'json', rows });
    expect(job.counts.succeeded).to.equal(96);
    // 96 recipients: two slices of SLICE_RECIPIENTS (64).
    expect(slices).to.equal(2);
    // Links, awards, idempotency keys and accounts once per slice (no externalIds, no profiles).
    expect(world.reads.count).to.be.at.most(4 * slices);
    await service.close();
  });
});
