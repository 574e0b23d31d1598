import { expect } from 'chai';
import type { AwardView } from '../../src/app/awards/awardView.js';
import { awardMailKey } from '../../src/app/mail/awardNotifications.js';
import { fixedClock } from '../../src/ports/clock.js';
import { isSettled, waitForMail } from '../support/mailWait.js';
import { csrfIn, formActions, outboxMessagesTo, type PageClient } from '../support/pageClient.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, listAll } from './support/api.js';
import { signedInCandidate } from './support/claims.js';

interface NameChangeView {
  readonly id: string;
  readonly profileId: string;
  readonly requestedName: string;
  readonly note?: string;
  readonly status: string;
  readonly requestedBy: { readonly kind: string };
}

const NOW = '2025-06-01T12:00:00.000Z';

describe('a name change asked from the account', () => {
  const clock = fixedClock(NOW);
  let service: TestService;
  before(async () => {
    service = await startTestService({ clock });
  });
  after(() => service?.close());

  const candidate = (name = 'Zoë Ångström') => signedInCandidate(service, name, 'named');

  async function ask(visitor: PageClient, profileId: string, form: Record<string, string>) {
    const page = await visitor.get('/account');
    return visitor.post(`/account/profiles/${profileId}/name-change`, { csrf: csrfIn(page.text), ...form });
  }

  const changesOf = async (profileId: string, status?: string) =>
    (
      await call<{ items: NameChangeView[] }>(
        service,
        'GET',
        `/api/v1/name-changes${status === undefined ? '' : `?status=${status}`}`,
      )
    ).body.items.filter((change) => change.profileId === profileId);

  it('records the request for staff, shows it waiting, and takes no second one meanwhile', async () => {
    const { visitor, profileId } = await candidate('Ana Lopez');
    const page = await visitor.get('/account');
    expect(formActions(page.text)).to.include(`/account/profiles/${profileId}/name-change`);
    expect(page.text).to.match(/<label for="newName">/);

    const asked = await ask(visitor, profileId, { name: ' Ana  López García ', note: 'As on my passport' });
    expect(asked.status, asked.text).to.equal(303);
    expect(asked.location).to.equal(`${service.baseUrl}/account?asked=1`);
    const [pending] = await changesOf(profileId, 'pending');
    expect(pending).to.deep.include({
      requestedName: 'Ana López García',
      note: 'As on my passport',
      status: 'pending',
      requestedBy: { kind: 'candidate' },
    });

    const after = await visitor.get('/account');
    expect(after.text).to.include('data-status="pending"');
    expect(after.text).to.include('Ana López García');
    expect(formActions(after.text), 'no second request while one waits').not.to.include(
      `/account/profiles/${profileId}/name-change`,
    );
    const french = await visitor.get('/account?lang=fr');
    expect(french.text).to.include('attend une décision');

    const again = await ask(visitor, profileId, { name: 'Someone Else' });
    expect(again.status).to.equal(409);
    expect(again.text).to.include('Error code: <code>conflict</code>');
    expect(await changesOf(profileId)).to.have.length(1);
  });

  it("refuses a request for another person's profile, a bad name and a cross-site post, recording nothing", async () => {
    const mine = await candidate('Ana Lopez');
    const theirs = await candidate('Ben Okafor');
    const refused = await ask(mine.visitor, theirs.profileId, { name: 'Mallory' });
    expect(refused.status).to.equal(404);
    expect(refused.text).not.to.include('Ben Okafor');
    expect(refused.text).to.include('<code>not_found</code>');
    expect((await ask(mine.visitor, 'ACC-0000-0000', { name: 'Mallory' })).status).to.equal(404);
    expect((await ask(mine.visitor, mine.profileId, { name: '   ' })).status).to.equal(400);
    expect((await ask(mine.visitor, mine.profileId, { name: 'Ana Lopez' })).status).to.equal(400);
    expect((await ask(mine.visitor, mine.profileId, { name: 'Bad\u0000Name' })).status).to.equal(400);
    const page = await mine.visitor.get('/account');
    const crossSite = await mine.visitor.post(
      `/account/profiles/${mine.profileId}/name-change`,
      { csrf: csrfIn(page.text), name: 'Ana López' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).to.equal(403);
    const noToken = await mine.visitor.post(`/account/profiles/${mine.profileId}/name-change`, { name: 'Ana López' });
    expect(noToken.status).to.equal(403);
    expect(await changesOf(theirs.profileId)).to.deep.equal([]);
    expect(await changesOf(mine.profileId)).to.deep.equal([]);
  });

  it('after approval, re-issues the badges under the new name on request: same dates, the old ones superseded', async () => {
    const { visitor, email, profileId, accepted, pending } = await candidate('Ana Lopez');
    await ask(visitor, profileId, { name: 'Ana López García' });
    const [change] = await changesOf(profileId, 'pending');
    clock.advance(60_000);
    const approved = await call(service, 'POST', `/api/v1/name-changes/${change!.id}/approve`, {
      body: { reason: 'Passport seen' },
    });
    expect(approved.status, approved.text).to.equal(200);

    const page = await visitor.get('/account');
    expect(page.text).to.include('data-status="approved"');
    expect(formActions(page.text)).to.include('/account/reissue');
    // Pressed twice at once: each badge is re-issued once.
    const [reissued, twice] = await Promise.all([
      visitor.post('/account/reissue', { csrf: csrfIn(page.text) }),
      visitor.post('/account/reissue', { csrf: csrfIn(page.text) }),
    ]);
    expect(reissued.status, reissued.text).to.equal(303);
    expect(twice.status, twice.text).to.equal(303);
    expect(reissued.location).to.equal(`${service.baseUrl}/account?reissued=1`);
    const all = await listAll(service, { profile: profileId });
    expect(all.filter((award) => award.reissueOf !== undefined)).to.have.length(2);

    for (const [old, status] of [
      [accepted, 'accepted'],
      [pending, 'pending'],
    ] as const) {
      const superseded = (await call<AwardView>(service, 'GET', `/api/v1/awards/${old.id}`)).body;
      expect(superseded).to.deep.include({ status: 'revoked', revocationReason: 'superseded' });
      const fresh = (await call<AwardView>(service, 'GET', `/api/v1/awards/${superseded.supersededBy}`)).body;
      expect(fresh).to.deep.include({ reissueOf: old.id, earnedOn: old.earnedOn, status });
      expect(fresh.recipient.name).to.equal('Ana López García');
      const mail = await waitForMail(service.service.mail, awardMailKey(fresh.id), isSettled);
      expect(mail.status).to.equal('sent');
    }
    const messages = await outboxMessagesTo(service.dataDir, email);
    expect(messages.filter((message) => (message.text ?? '').includes('Ana López García'))).to.have.length(2);

    const done = await visitor.get('/account');
    expect(formActions(done.text), 'nothing left to re-issue').not.to.include('/account/reissue');
    expect(formActions(done.text), 'a new request may follow').to.include(`/account/profiles/${profileId}/name-change`);
  });

  it('re-issues nothing before approval, and shows a rejection with its reason', async () => {
    const { visitor, profileId, accepted } = await candidate('Ana Lopez');
    await ask(visitor, profileId, { name: 'Not My Name' });
    let page = await visitor.get('/account');
    expect(formActions(page.text)).not.to.include('/account/reissue');
    expect((await visitor.post('/account/reissue', { csrf: csrfIn(page.text) })).status).to.equal(303);
    expect((await call<AwardView>(service, 'GET', `/api/v1/awards/${accepted.id}`)).body.status).to.equal('accepted');

    const [change] = await changesOf(profileId, 'pending');
    await call(service, 'POST', `/api/v1/name-changes/${change!.id}/reject`, {
      body: { reason: 'Does not match the ID' },
    });
    page = await visitor.get('/account');
    expect(page.text).to.include('data-status="rejected"');
    expect(page.text).to.include('Does not match the ID');
  });
});
