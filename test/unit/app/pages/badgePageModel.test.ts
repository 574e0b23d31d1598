import { expect } from 'chai';
import type { AwardRecord } from '../../../../src/app/awards/awardRecord.js';
import { badgePageModel } from '../../../../src/app/pages/badgePageModel.js';

const NOW = new Date('2026-06-01T12:00:00Z');

/** A stored award of a certification valid 12 months, earned on 10 May 2025, made on 2 Dec 2025. */
function awardOf(overrides: Partial<AwardRecord> = {}): AwardRecord {
  return {
    _id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    subjectId: '6f1c2a3b-4d5e-4f60-8a1b-2c3d4e5f6a7b',
    recipientEmail: 'ana@example.org',
    recipientName: 'Ana López',
    recipientLocale: 'en',
    salt: 'salt',
    identityHash: 'sha256$00',
    achievementId: 'azure-administrator-associate',
    achievement: {
      kind: 'certification',
      title: { en: 'Azure Administrator', fr: 'Administrateur Azure' },
      description: { en: 'd', fr: 'd' },
      criteria: { en: 'c', fr: 'c' },
    },
    earnedOn: '2025-05-10T00:00:00.000Z',
    issuedOn: '2025-12-02T09:00:00.000Z',
    expires: '2026-05-10T00:00:00.000Z',
    status: 'accepted',
    keySetId: 'k1',
    requestFingerprint: 'f',
    dedupeKey: 'd',
    notification: 'sent',
    ...overrides,
  };
}

describe('the badge page model', () => {
  it('offers everything for a valid badge and names its earner', () => {
    const model = badgePageModel(awardOf({ expires: '2027-05-10T00:00:00.000Z' }), NOW);

    expect(model.state).to.equal('valid');
    expect(model).to.include({
      showEarner: true,
      offerSharing: true,
      offerAddToProfile: true,
      offerEmbed: true,
      offerDownloads: true,
      earnerName: 'Ana López',
    });
    expect(model.revocation).to.equal(undefined);
  });

  for (const [label, overrides] of [
    ['pending', { status: 'pending' }],
    ['declined', { status: 'declined' }],
    ['accepted but made private', { visibility: 'private' }],
  ] as const) {
    it(`withholds a badge ${label}: no name, nothing offered, but says whether it is valid`, () => {
      const model = badgePageModel(awardOf({ ...overrides }), NOW);

      expect(model.state).to.equal('withheld');
      expect(model).to.include({
        showEarner: false,
        offerSharing: false,
        offerAddToProfile: false,
        offerEmbed: false,
        offerDownloads: false,
        expired: true,
      });
      expect(model.earnerName).to.equal(undefined);
    });
  }

  it('says a revoked badge is revoked first, with reason and date, and offers nothing nor names the earner', () => {
    const model = badgePageModel(
      awardOf({ status: 'revoked', revocationReason: 'Exam fraud', revokedAt: '2026-01-03T10:00:00.000Z' }),
      NOW,
    );

    expect(model.state).to.equal('revoked');
    expect(model.revocation).to.deep.equal({ reason: 'Exam fraud', revokedOn: '2026-01-03T10:00:00.000Z' });
    expect(model).to.include({
      showEarner: false,
      offerSharing: false,
      offerAddToProfile: false,
      offerEmbed: false,
      offerDownloads: false,
    });
    expect(model).not.to.have.property('earnerName');
  });

  it('takes revoked over expired', () => {
    expect(badgePageModel(awardOf({ status: 'revoked' }), NOW).state).to.equal('revoked');
  });

  it('says when an expired badge expired and keeps its downloads, but offers no sharing or add-to-profile', () => {
    const model = badgePageModel(awardOf(), NOW);

    expect(model.state).to.equal('expired');
    expect(model.expiredOn).to.equal('2026-05-10T00:00:00.000Z');
    expect(model).to.include({
      showEarner: true,
      offerSharing: false,
      offerAddToProfile: false,
      offerEmbed: false,
      offerDownloads: true,
    });
  });

  it('counts a badge as expired from the very instant of its expiry', () => {
    expect(badgePageModel(awardOf(), new Date('2026-05-10T00:00:00.000Z')).state).to.equal('expired');
    expect(badgePageModel(awardOf(), new Date('2026-05-09T23:59:59.999Z')).state).to.equal('valid');
  });

  it('gives each date its one meaning: earned, issued, expires', () => {
    expect(badgePageModel(awardOf(), NOW).dates).to.deep.equal({
      earned: '2025-05-10T00:00:00.000Z',
      issued: '2025-12-02T09:00:00.000Z',
      expires: '2026-05-10T00:00:00.000Z',
    });
    expect(badgePageModel(awardOf({ expires: undefined }), NOW).dates).not.to.have.property('expires');
  });
});
