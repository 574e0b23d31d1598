import { expect } from 'chai';
import { openDatabase } from '../../../../src/adapters/store/openDatabase.js';
import { AWARDS_COLLECTION, type AwardRecord } from '../../../../src/app/awards/awardRecord.js';
import { duplicateAwards } from '../../../../src/app/profiles/mergeProfiles.js';
import { newProfileId, PROFILE_ID_PATTERN, parseProfileId } from '../../../../src/app/profiles/profileId.js';
import {
  PROFILE_EMAILS_COLLECTION,
  PROFILES_COLLECTION,
  type ProfileEmailRecord,
  type ProfileRecord,
} from '../../../../src/app/profiles/profileRecord.js';
import { createProfiles } from '../../../../src/app/profiles/profiles.js';
import { buildTranscript, transcriptCsv } from '../../../../src/app/profiles/transcript.js';
import { fixedClock } from '../../../../src/ports/clock.js';
import { useTemporaryDirectory } from '../../../contract/support/temporaryDirectory.js';

function award(overrides: Partial<AwardRecord> & Pick<AwardRecord, '_id' | 'recipientEmail'>): AwardRecord {
  return {
    subjectId: 'subject',
    recipientName: 'Ana López',
    recipientLocale: 'en',
    salt: 'salt',
    identityHash: 'sha256$00',
    achievementId: 'AZ-900',
    achievement: {
      kind: 'certification',
      title: { en: 'Azure Fundamentals', fr: 'Notions fondamentales Azure' },
      description: { en: 'd', fr: 'd' },
      criteria: { en: 'c', fr: 'c' },
    },
    earnedOn: '2024-05-15T00:00:00.000Z',
    issuedOn: '2024-05-16T00:00:00.000Z',
    status: 'pending',
    keySetId: 'ks',
    requestFingerprint: 'f',
    dedupeKey: overrides._id,
    notification: 'queued',
    ...overrides,
  };
}

describe('profile ids', () => {
  it('are ACC- and eight Crockford base32 characters in two groups, from 40 random bits', () => {
    expect(newProfileId(() => Buffer.from([0, 0, 0, 0, 0]))).to.equal('ACC-0000-0000');
    expect(newProfileId(() => Buffer.from([255, 255, 255, 255, 255]))).to.equal('ACC-ZZZZ-ZZZZ');
    expect(newProfileId(() => Buffer.from([0x3a, 0x6d, 0x4e, 0x9b, 0xb6]))).to.equal('ACC-79PM-X6XP');
    for (let index = 0; index < 50; index += 1) expect(newProfileId()).to.match(PROFILE_ID_PATTERN);
  });

  it('are read as typed: any case, spaces or dashes, and the look-alikes O, I and L', () => {
    for (const typed of ['ACC-7K3M-9QXP', 'acc-7k3m-9qxp', '7k3m 9qxp', 'ACC7K3M9QXP', ' acc 7K3M-9QXP ']) {
      expect(parseProfileId(typed), typed).to.equal('ACC-7K3M-9QXP');
    }
    expect(parseProfileId('ACC-1O1L-I000')).to.equal('ACC-1011-1000');
    for (const wrong of ['', 'ACC-7K3M-9QX', 'ACC-7K3M-9QXPP', 'ACC-7K3M-9QXU', '../awards', 'ACC-7K3M-9QX!']) {
      expect(parseProfileId(wrong), wrong).to.equal(undefined);
    }
  });
});

describe('profiles over the awards on record', () => {
  const directory = useTemporaryDirectory('accolade-profiles-');

  async function open() {
    const database = await openDatabase({ dataDir: directory() });
    const [profiles, profileEmails, awards] = await Promise.all([
      database.collection<ProfileRecord>(PROFILES_COLLECTION),
      database.collection<ProfileEmailRecord>(PROFILE_EMAILS_COLLECTION),
      database.collection<AwardRecord>(AWARDS_COLLECTION),
    ]);
    return { database, profiles, profileEmails, awards, clock: fixedClock('2025-06-01T12:00:00Z') };
  }

  it('makes one profile for an address however many ask at once, named as its first badge', async () => {
    const store = await open();
    try {
      await store.awards.insertOne(
        award({ _id: '0190a1b2-0000-7000-8000-000000000001', recipientEmail: 'ana@example.org' }),
      );
      await store.awards.insertOne(
        award({
          _id: '0190a1b2-0000-7000-8000-000000000002',
          recipientEmail: 'ana@example.org',
          recipientName: 'Ana L.',
        }),
      );
      const profiles = createProfiles(store);
      const found = await Promise.all(Array.from({ length: 8 }, () => profiles.forEmail(' Ana@Example.org ')));
      expect(new Set(found.map((profile) => profile?._id)).size).to.equal(1);
      expect(found[0]).to.include({ name: 'Ana López', createdAt: '2025-06-01T12:00:00.000Z' });
      expect(await store.profiles.count({})).to.equal(1);
      expect(await store.profileEmails.find({})).to.deep.equal([
        { _id: 'ana@example.org', profileId: found[0]!._id, addedAt: '2025-06-01T12:00:00.000Z' },
      ]);
      expect(await profiles.forEmail('nobody@example.org')).to.equal(null);
      expect(await store.profiles.count({})).to.equal(1);
    } finally {
      await store.database.close();
    }
  });

  it('retries a profile id already taken', async () => {
    const store = await open();
    try {
      await store.awards.insertOne(
        award({ _id: '0190a1b2-0000-7000-8000-000000000003', recipientEmail: 'bo@example.org' }),
      );
      await store.profiles.insertOne({
        _id: 'ACC-0000-0000',
        name: 'Someone',
        emails: ['x@example.org'],
        createdAt: 'x',
      });
      const draws = [Buffer.alloc(5, 0), Buffer.alloc(5, 0), Buffer.alloc(5, 255)];
      const profiles = createProfiles({ ...store, random: () => draws.shift()! });
      expect((await profiles.forEmail('bo@example.org'))?._id).to.equal('ACC-ZZZZ-ZZZZ');
    } finally {
      await store.database.close();
    }
  });
});

describe('the transcript', () => {
  const profile: ProfileRecord = { _id: 'ACC-7K3M-9QXP', name: 'Ana', emails: ['a@example.org'], createdAt: 'x' };

  it('says expired for a badge past its expiry, and revoked before anything else', () => {
    const transcript = buildTranscript(
      profile,
      [
        award({ _id: 'b', recipientEmail: 'a@example.org', expires: '2025-01-01T00:00:00.000Z', status: 'accepted' }),
        award({ _id: 'c', recipientEmail: 'a@example.org', expires: '2025-01-01T00:00:00.000Z', status: 'revoked' }),
        award({ _id: 'a', recipientEmail: 'a@example.org', earnedOn: '2023-01-01T00:00:00.000Z' }),
      ],
      new Date('2025-06-01T00:00:00Z'),
      'fr',
    );
    expect(transcript.achievements.map(({ awardId, status, name }) => `${awardId} ${status} ${name}`)).to.deep.equal([
      'a pending Notions fondamentales Azure',
      'b expired Notions fondamentales Azure',
      'c revoked Notions fondamentales Azure',
    ]);
  });

  it('writes CSV fields quoted when they must be, and never as a spreadsheet formula', () => {
    const csv = transcriptCsv({
      profile: { id: profile._id, name: profile.name },
      achievements: [
        {
          awardId: 'x',
          achievement: '=HYPERLINK("http://evil")',
          name: 'Azure, "Expert"',
          kind: 'exam',
          earnedOn: '2024-01-01',
          issuedOn: '2024-01-02',
          expires: null,
          status: 'accepted',
        },
      ],
    });
    expect(csv).to.equal(
      'awardId,achievement,name,kind,earnedOn,issuedOn,expires,status\r\n' +
        `x,"'=HYPERLINK(""http://evil"")","Azure, ""Expert""",exam,2024-01-01,2024-01-02,,accepted\r\n`,
    );
  });
});

describe('duplicates after a merge', () => {
  const at = (id: string, achievementId: string, earnedOn: string, extra: Partial<AwardRecord> = {}) =>
    award({ _id: id, recipientEmail: 'a@example.org', achievementId, earnedOn, ...extra });

  it('keeps the earlier award of an achievement and names the later one held at the same time', () => {
    const duplicates = duplicateAwards([
      at('b', 'azure-fundamentals', '2024-09-01T00:00:00.000Z'),
      at('a', 'azure-fundamentals', '2024-02-01T00:00:00.000Z'),
      at('c', 'AZ-305', '2025-03-01T00:00:00.000Z'),
    ]);
    expect(duplicates.map((duplicate) => duplicate._id)).to.deep.equal(['b']);
  });

  it('leaves a renewal earned after the earlier award expired, and ignores revoked awards', () => {
    const duplicates = duplicateAwards([
      at('a', 'azure-administrator-associate', '2023-01-10T00:00:00.000Z', { expires: '2024-01-10T00:00:00.000Z' }),
      at('b', 'azure-administrator-associate', '2024-03-01T00:00:00.000Z', { expires: '2025-03-01T00:00:00.000Z' }),
      at('c', 'azure-administrator-associate', '2024-06-01T00:00:00.000Z', { status: 'revoked' }),
    ]);
    expect(duplicates).to.deep.equal([]);
  });
});
