import { expect } from 'chai';
import { createSqliteDatabase } from '../../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import { AWARDS_COLLECTION, type AwardRecord } from '../../../../src/app/awards/awardRecord.js';
import { createIssueAward } from '../../../../src/app/awards/issueAward.js';
import {
  PROFILE_EMAILS_COLLECTION,
  PROFILES_COLLECTION,
  type ProfileEmailRecord,
  type ProfileRecord,
} from '../../../../src/app/profiles/profileRecord.js';
import { createProfiles } from '../../../../src/app/profiles/profiles.js';
import { fixedClock } from '../../../../src/ports/clock.js';
import type { Collection, Database } from '../../../../src/ports/store.js';
import { useTemporaryDirectory } from '../../../contract/support/temporaryDirectory.js';
import { realCatalog } from '../bulk/bulkFixtures.js';

/** `collection` with its findOne calls counted. */
function countingFindOne<T extends { _id: string }>(collection: Collection<T>) {
  const counted = { calls: 0, collection };
  counted.collection = new Proxy(collection, {
    get(target, property, receiver) {
      if (property === 'findOne') {
        return (...args: Parameters<Collection<T>['findOne']>) => {
          counted.calls += 1;
          return target.findOne(...args);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  return counted;
}

const pass = (email: string, name: string) => ({
  recipient: { email, name },
  achievement: 'AZ-900',
  earnedOn: '2025-05-01',
});

describe('issuing and the recipient profile', () => {
  const directory = useTemporaryDirectory('accolade-issuing-profile-');
  let database: Database | undefined;

  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  async function world() {
    database = await createSqliteDatabase({ dataDir: directory() });
    const clock = fixedClock('2025-06-01T12:00:00Z');
    const awards = await database.collection<AwardRecord>(AWARDS_COLLECTION);
    const profileCollection = await database.collection<ProfileRecord>(PROFILES_COLLECTION);
    const links = countingFindOne(await database.collection<ProfileEmailRecord>(PROFILE_EMAILS_COLLECTION));
    const profiles = createProfiles({ profiles: profileCollection, profileEmails: links.collection, awards, clock });
    const issueAward = createIssueAward({
      awards,
      catalog: { current: () => ({ catalog: realCatalog() }) },
      clock,
      signingKeySetId: async () => 'test-key-set',
      issuingProfile: profiles.issuingProfile,
    });
    return { profileCollection, links, issueAward };
  }

  it('reads the address link once per award, for a new recipient and for a merged profile alike', async () => {
    const { profileCollection, links, issueAward } = await world();
    const first = await issueAward(pass('new@example.org', 'New Person'));
    expect(first.outcome).to.equal('created');
    expect(links.calls).to.equal(1);

    // One person under two addresses, their name approved by staff; AZ-900 held under the first.
    await profileCollection.insertOne({
      _id: 'ACC-0000-0001',
      name: 'Ana Approved',
      emails: ['ana@example.org', 'ana.work@example.org'],
      createdAt: '2025-01-01T00:00:00.000Z',
      nameApprovedAt: '2025-02-01T00:00:00.000Z',
    });
    for (const email of ['ana@example.org', 'ana.work@example.org']) {
      await links.collection.insertOne({ _id: email, profileId: 'ACC-0000-0001', addedAt: '2025-01-01T00:00:00.000Z' });
    }
    links.calls = 0;
    const held = await issueAward(pass('ana@example.org', 'Ana Typed'));
    expect(held.outcome).to.equal('created');
    expect(held.award.recipientName).to.equal('Ana Approved');
    expect(links.calls).to.equal(1);

    links.calls = 0;
    const again = await issueAward({ ...pass('ana.work@example.org', 'Ana Typed'), earnedOn: '2025-05-02' });
    expect(again.outcome).to.equal('duplicate');
    expect(again.award._id).to.equal(held.award._id);
    expect(links.calls).to.equal(1);
  });
});
