import { expect } from 'chai';
import type { AwardView } from '../../src/app/awards/awardView.js';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, expectError, issueNew, listAll, postAward } from './support/api.js';
import { newRecipientEmail, passOf } from './support/awardRequests.js';

interface ProfileView {
  readonly id: string;
  readonly name: string;
  readonly emails: readonly string[];
}

interface MergeAnswer {
  readonly merge: {
    readonly id: string;
    readonly from: string;
    readonly to: string;
    readonly reason: string;
    readonly by: { readonly kind: string; readonly id: string };
    readonly at: string;
    readonly movedEmails: readonly string[];
    readonly revoked: readonly string[];
    readonly issued: readonly string[];
  };
  readonly profile: ProfileView;
}

const NOW = '2025-06-01T12:00:00.000Z';

describe('merging two profiles of one candidate', () => {
  const clock = fixedClock(NOW);
  let service: TestService;
  const home = newRecipientEmail('home');
  const work = newRecipientEmail('work');
  let administrator: AwardView;
  let architectExam: AwardView;
  let fundamentalsEarlier: AwardView;
  let fundamentalsLater: AwardView;
  let kept: ProfileView;
  let merged: ProfileView;

  before(async () => {
    service = await startTestService({ clock });
    administrator = await issueNew(service, passOf('AZ-104', '2025-01-10', { email: home, name: 'Ana López' }));
    fundamentalsEarlier = await issueNew(service, passOf('AZ-900', '2024-02-01', { email: home, name: 'Ana López' }));
    // Under the other address the expert certification cannot complete: the associate one is not there.
    architectExam = await issueNew(service, passOf('AZ-305', '2025-03-01', { email: work, name: 'Ana Lopez' }));
    fundamentalsLater = await issueNew(service, passOf('AZ-900', '2024-09-01', { email: work, name: 'Ana Lopez' }));
    kept = await profileOf(home);
    merged = await profileOf(work);
  });
  after(() => service?.close());

  async function profileOf(email: string): Promise<ProfileView> {
    const answer = await call<{ items: ProfileView[] }>(
      service,
      'GET',
      `/api/v1/profiles?email=${encodeURIComponent(email)}`,
    );
    expect(answer.body.items, answer.text).to.have.length(1);
    return answer.body.items[0]!;
  }
  const merge = (body: unknown, token?: string) =>
    call<MergeAnswer>(service, 'POST', '/api/v1/profiles/merge', { body, ...(token ? { token } : {}) });

  it('starts with two profiles, the expert certification incomplete under either', async () => {
    expect(kept.id).not.to.equal(merged.id);
    expect(architectExam.achievement.id).to.equal('AZ-305');
    const all = await listAll(service, { profile: merged.id });
    expect(all.map((award) => award.achievement.id).sort()).to.deep.equal(['AZ-305', 'azure-fundamentals']);
  });

  it('refuses a merge it cannot make and changes nothing', async () => {
    const reason = 'Candidate called support: two accounts';
    expectError(await merge({ from: merged.id, to: merged.id, reason }), 409, 'conflict');
    expectError(await merge({ from: 'ACC-0000-0000', to: kept.id, reason }), 404, 'not_found');
    expectError(await merge({ from: merged.id, to: kept.id, reason: '   ' }), 400, 'validation_failed');
    expectError(await merge({ from: merged.id, to: kept.id }), 400, 'validation_failed');
    const reader = await call<{ key: string }>(service, 'POST', '/api/v1/api-keys', {
      body: { name: 'support desk reader', scopes: ['read'] },
    });
    expect(reader.status, reader.text).to.equal(201);
    expectError(await merge({ from: merged.id, to: kept.id, reason }, reader.body.key), 403, 'forbidden');
    expect((await profileOf(home)).emails).to.deep.equal([home.toLowerCase()]);
    expect((await profileOf(work)).id).to.equal(merged.id);
  });

  it('moves every badge, revokes the later duplicate, issues the newly completed certification and records it', async () => {
    const answer = await merge({ from: merged.id, to: kept.id, reason: 'Candidate called support: two accounts' });
    expect(answer.status, answer.text).to.equal(200);
    const { merge: record, profile } = answer.body;
    expect(profile).to.deep.include({ id: kept.id, emails: [home.toLowerCase(), work.toLowerCase()] });
    expect(record).to.deep.include({
      from: merged.id,
      to: kept.id,
      reason: 'Candidate called support: two accounts',
      at: NOW,
      movedEmails: [work.toLowerCase()],
      revoked: [fundamentalsLater.id],
    });
    expect(record.by.kind).to.equal('api-key');
    expect(record.issued).to.have.length(1);

    const awards = await listAll(service, { profile: kept.id });
    const byId = new Map(awards.map((award) => [award.id, award]));
    expect(awards).to.have.length(5);
    expect(byId.get(fundamentalsLater.id)).to.deep.include({ status: 'revoked', revocationReason: 'duplicate' });
    expect(byId.get(fundamentalsEarlier.id)?.status).to.equal('pending');
    expect(byId.get(administrator.id)?.status).to.equal('pending');
    const expert = byId.get(record.issued[0]!);
    expect(expert?.achievement.id).to.equal('azure-solutions-architect-expert');
    expect(expert?.status).to.equal('pending');
    expect(expert?.earnedOn).to.match(/^2025-03-01/);
  });

  it('lists the merges of a profile for staff, with who, when and why', async () => {
    const answer = await call<{ items: MergeAnswer['merge'][] }>(service, 'GET', `/api/v1/profiles/${kept.id}/merges`);
    expect(answer.status, answer.text).to.equal(200);
    expect(answer.body.items.map(({ from, to, reason, at }) => ({ from, to, reason, at }))).to.deep.equal([
      { from: merged.id, to: kept.id, reason: 'Candidate called support: two accounts', at: NOW },
    ]);
    expect(answer.body.items[0]!.by.kind).to.equal('api-key');
    expectError(await call(service, 'GET', '/api/v1/profiles/ACC-0000-0000/merges'), 404, 'not_found');
  });

  it("keeps the merged profile's id leading to the one that remains", async () => {
    const answer = await call<ProfileView>(service, 'GET', `/api/v1/profiles/${merged.id}`);
    expect(answer.body.id).to.equal(kept.id);
    expect((await profileOf(work)).id).to.equal(kept.id);
    expectError(await merge({ from: merged.id, to: kept.id, reason: 'again' }), 409, 'conflict');
  });

  it('reads the whole profile when a later pass comes under either address', async () => {
    const again = await postAward(service, passOf('AZ-104', '2025-04-01', { email: work, name: 'Ana Lopez' }));
    expect(again.status, again.text).to.equal(200);
    expect(again.body.duplicate).to.equal(true);
    expect(again.body.id).to.equal(administrator.id);
  });
});
