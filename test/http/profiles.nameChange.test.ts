import { expect } from 'chai';
import type { AwardView } from '../../src/app/awards/awardView.js';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, expectError, fetchPublic, issueNew } from './support/api.js';
import { newRecipientEmail, passOf } from './support/awardRequests.js';

interface NameChangeView {
  readonly id: string;
  readonly profileId: string;
  readonly currentName: string;
  readonly requestedName: string;
  readonly status: string;
  readonly requestedBy: { readonly kind: string };
  readonly decidedBy?: { readonly kind: string; readonly id: string };
  readonly decidedAt?: string;
  readonly decisionReason?: string;
}

const NOW = '2025-06-01T12:00:00.000Z';

describe('changing the name on a profile', () => {
  const clock = fixedClock(NOW);
  const email = newRecipientEmail('rename');
  let service: TestService;
  let fundamentals: AwardView;
  let profileId: string;

  before(async () => {
    service = await startTestService({ clock });
    fundamentals = await issueNew(service, passOf('AZ-900', '2024-05-15', { email, name: 'Ana Lopez' }));
    const found = await call<{ items: { id: string }[] }>(
      service,
      'GET',
      `/api/v1/profiles?email=${encodeURIComponent(email)}`,
    );
    profileId = found.body.items[0]!.id;
  });
  after(() => service?.close());

  const ask = (id: string, body: unknown) =>
    call<NameChangeView>(service, 'POST', `/api/v1/profiles/${id}/name-changes`, { body });
  const decide = (id: string, decision: 'approve' | 'reject', body?: unknown) =>
    call<NameChangeView>(service, 'POST', `/api/v1/name-changes/${id}/${decision}`, body === undefined ? {} : { body });
  const pending = async () =>
    (await call<{ items: NameChangeView[] }>(service, 'GET', '/api/v1/name-changes?status=pending')).body.items;

  it('takes a request, one at a time, and lists it for staff to decide', async () => {
    expectError(await ask('ACC-0000-0000', { name: 'Ana López García' }), 404, 'not_found');
    expectError(await ask(profileId, { name: 'Ana Lopez' }), 400, 'validation_failed');
    expectError(await ask(profileId, { name: '   ' }), 400, 'validation_failed');
    const answer = await ask(profileId, { name: '  Ana   López García ', note: 'As on my passport' });
    expect(answer.status, answer.text).to.equal(201);
    expect(answer.body).to.deep.include({
      profileId,
      currentName: 'Ana Lopez',
      requestedName: 'Ana López García',
      status: 'pending',
    });
    expectError(await ask(profileId, { name: 'Someone Else' }), 409, 'conflict');
    expect((await pending()).map((change) => change.id)).to.include(answer.body.id);
    expectError(await call(service, 'GET', '/api/v1/name-changes?status=maybe'), 400, 'validation_failed');
  });

  it('re-issues nothing before staff approve', async () => {
    expectError(await call(service, 'POST', `/api/v1/awards/${fundamentals.id}/reissue`), 409, 'conflict');
  });

  it('renames the profile on approval, once, and keeps the decision', async () => {
    const [change] = (await pending()).filter((candidate) => candidate.profileId === profileId);
    const approved = await decide(change!.id, 'approve', { reason: 'Passport seen' });
    expect(approved.status, approved.text).to.equal(200);
    expect(approved.body).to.deep.include({ status: 'approved', decidedAt: NOW, decisionReason: 'Passport seen' });
    expect(approved.body.decidedBy?.kind).to.equal('api-key');
    expectError(await decide(change!.id, 'reject'), 409, 'conflict');
    const profile = await call<{ name: string }>(service, 'GET', `/api/v1/profiles/${profileId}`);
    expect(profile.body.name).to.equal('Ana López García');
    const history = await call<{ items: NameChangeView[] }>(service, 'GET', '/api/v1/name-changes?status=approved');
    expect(history.body.items.map((item) => item.id)).to.include(change!.id);
  });

  it('gives badges issued later the approved name, whatever the request says', async () => {
    const later = await issueNew(service, passOf('AZ-104', '2025-05-01', { email, name: 'Ana Lopez' }));
    expect(later.recipient.name).to.equal('Ana López García');
  });

  it('re-issues an earlier badge under the new name with the same dates, superseding the old one', async () => {
    const answer = await call<{ award: AwardView; superseded: AwardView }>(
      service,
      'POST',
      `/api/v1/awards/${fundamentals.id}/reissue`,
    );
    expect(answer.status, answer.text).to.equal(201);
    const { award, superseded } = answer.body;
    expect(award).to.deep.include({ reissueOf: fundamentals.id, earnedOn: fundamentals.earnedOn });
    expect(award.recipient.name).to.equal('Ana López García');
    expect(award.achievement.id).to.equal(fundamentals.achievement.id);
    expect(award.id).not.to.equal(fundamentals.id);
    expect(superseded).to.deep.include({ status: 'revoked', revocationReason: 'superseded', supersededBy: award.id });
    expect((await fetchPublic(fundamentals.links.assertion)).status).to.equal(410);
    expect((await fetchPublic(award.links.assertion)).status).to.equal(200);
    expectError(await call(service, 'POST', `/api/v1/awards/${fundamentals.id}/reissue`), 409, 'conflict');
    expectError(await call(service, 'POST', `/api/v1/awards/${award.id}/reissue`), 409, 'conflict');
  });

  it('keeps the name when staff reject a request', async () => {
    const asked = await ask(profileId, { name: 'Not My Name' });
    const rejected = await decide(asked.body.id, 'reject', { reason: 'Does not match the ID' });
    expect(rejected.body).to.deep.include({ status: 'rejected', decisionReason: 'Does not match the ID' });
    const profile = await call<{ name: string }>(service, 'GET', `/api/v1/profiles/${profileId}`);
    expect(profile.body.name).to.equal('Ana López García');
    expectError(await decide('00000000-0000-4000-8000-000000000000', 'approve'), 404, 'not_found');
  });
});
