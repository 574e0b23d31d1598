import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { AwardView } from '../../src/app/awards/awardView.js';
import { PROOF_LINKS_PER_PROFILE } from '../../src/http/candidates/accountEmailRoutes.js';
import { fixedClock } from '../../src/ports/clock.js';
import { csrfIn, formActions, linkIn, outboxMessagesTo, type PageClient, pageClient } from '../support/pageClient.js';
import { type SmtpSink, startSmtpSink } from '../support/smtpSink.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, issueNew, listAll } from './support/api.js';
import { newRecipientEmail, passOf } from './support/awardRequests.js';
import { signedInCandidate } from './support/claims.js';

interface ProfileView {
  readonly id: string;
  readonly emails: readonly string[];
  readonly primaryEmail: string;
}

const NOW = '2025-06-01T12:00:00.000Z';

describe("a candidate's email addresses: adding one, the primary one, and merging another profile", () => {
  const clock = fixedClock(NOW);
  let service: TestService;
  before(async () => {
    service = await startTestService({ clock });
  });
  after(() => service?.close());

  const candidate = (name = 'Ana López') => signedInCandidate(service, name, 'emails');

  async function profileOf(email: string): Promise<ProfileView> {
    const answer = await call<{ items: ProfileView[] }>(
      service,
      'GET',
      `/api/v1/profiles?email=${encodeURIComponent(email)}`,
    );
    expect(answer.body.items, answer.text).to.have.length(1);
    return answer.body.items[0]!;
  }

  async function askFor(visitor: PageClient, email: string, extra: Record<string, string> = {}) {
    const page = await visitor.get('/account');
    return visitor.post('/account/emails', { csrf: csrfIn(page.text), email, ...extra });
  }

  /** Every proof link mailed to `email` so far, once the queue has sent what is due. */
  async function proofLinksTo(email: string): Promise<string[]> {
    await service.service.mail.kick();
    const messages = await outboxMessagesTo(service.dataDir, email.toLowerCase());
    return messages
      .filter((message) => (message.text ?? '').includes('/confirm-email/'))
      .map((message) => linkIn(message, 'confirm-email'));
  }

  /** Asks for a proof link to `email` from the account, and returns the one link this mailed. */
  async function proofLinkFor(visitor: PageClient, email: string, extra: Record<string, string> = {}) {
    const before = new Set(await proofLinksTo(email));
    const asked = await askFor(visitor, email, extra);
    expect(asked.status, asked.text).to.equal(303);
    const fresh = (await proofLinksTo(email)).filter((link) => !before.has(link));
    expect(fresh).to.have.length(1);
    return fresh[0]!;
  }

  /** Follows a proof link as whoever reads that mailbox: the page, then its button. */
  async function follow(link: string, visitor = pageClient(service.baseUrl)) {
    const page = await visitor.get(link);
    if (page.status !== 200) return { page, answer: page, visitor };
    const answer = await visitor.post(formActions(page.text)[0]!, { csrf: csrfIn(page.text) });
    return { page, answer, visitor };
  }

  it('adds an address only once the link sent to it is followed; badges issued to it then join the profile and its history', async () => {
    const { visitor, email, profileId } = await candidate();
    const added = newRecipientEmail('added').toLowerCase();
    const page = await visitor.get('/account');
    expect(page.text).to.include(`data-primary-email="${email}"`);
    expect(formActions(page.text)).to.include('/account/emails');

    const asked = await askFor(visitor, added);
    expect(asked.status).to.equal(303);
    expect(asked.location).to.equal(`${service.baseUrl}/account?email=sent`);
    expect((await profileOf(email)).emails, 'nothing changes before the proof').to.deep.equal([email]);

    const [link] = await proofLinksTo(added);
    const { page: confirm, answer, visitor: reader } = await follow(link!);
    expect(confirm.text).to.include(profileId);
    expect(confirm.text).to.include(added);
    expect(answer.status, answer.text).to.equal(303);
    expect(answer.location).to.equal(`${service.baseUrl}/account?email=added`);
    expect((await profileOf(email)).emails).to.deep.equal([email, added]);
    expect((await profileOf(added)).id).to.equal(profileId);
    expect((await follow(link!)).answer.status, 'the link works once').to.equal(404);
    // Whoever followed the link proved the address, and is signed in to the profile.
    expect((await reader.get('/account')).text).to.include(`data-profile-id="${profileId}"`);

    // AZ-305 under the added address completes the expert certification: the associate one is under the first.
    const expert = await issueNew(service, passOf('AZ-305', '2025-03-01', { email: added, name: 'Ana López' }));
    expect(expert.achievement.id).to.equal('azure-solutions-architect-expert');
    const account = await visitor.get('/account');
    expect(account.text).to.include(`data-award="${expert.id}"`);
    const accepted = await visitor.post(`/account/badges/${expert.id}/accept`, { csrf: csrfIn(account.text) });
    expect(accepted.status).to.equal(303);
    expect((await call<AwardView>(service, 'GET', `/api/v1/awards/${expert.id}`)).body.status).to.equal('accepted');

    // The added address signs in like the first.
    const signIn = pageClient(service.baseUrl);
    const form = await signIn.get('/sign-in');
    await signIn.post('/sign-in', { csrf: csrfIn(form.text), email: added });
    await service.service.mail.kick();
    const mails = await outboxMessagesTo(service.dataDir, added);
    expect(mails.some((message) => (message.text ?? '').includes('/sign-in/'))).to.equal(true);
  });

  it('changes the primary address by a link for a new one, and at once for one already proved', async () => {
    const { visitor, email } = await candidate();
    const next = newRecipientEmail('primary').toLowerCase();
    const link = await proofLinkFor(visitor, next, { primary: 'on' });
    expect((await profileOf(email)).primaryEmail).to.equal(email);
    const { answer } = await follow(link, visitor);
    expect(answer.location).to.equal(`${service.baseUrl}/account?email=added`);
    expect((await profileOf(email)).emails).to.deep.equal([next, email]);

    const page = await visitor.get('/account');
    expect(page.text).to.include(`data-primary-email="${next}"`);
    const back = await visitor.post('/account/emails/primary', { csrf: csrfIn(page.text), email });
    expect(back.location).to.equal(`${service.baseUrl}/account?email=primary`);
    expect((await profileOf(email)).primaryEmail).to.equal(email);

    const stranger = newRecipientEmail('stranger').toLowerCase();
    const refused = await visitor.post('/account/emails/primary', { csrf: csrfIn(page.text), email: stranger });
    expect(refused.status).to.equal(404);
    expect((await profileOf(email)).emails).to.deep.equal([email, next]);
    expect((await askFor(visitor, email)).location).to.equal(`${service.baseUrl}/account?email=known`);
  });

  it('merges the other profile of the candidate with proof of both addresses: every badge moves, duplicates revoked, the certification completed', async () => {
    const home = await candidate('Ana López');
    const work = newRecipientEmail('work').toLowerCase();
    const architect = await issueNew(service, passOf('AZ-305', '2025-03-01', { email: work, name: 'Ana Lopez' }));
    const laterFundamentals = await issueNew(
      service,
      passOf('AZ-900', '2024-09-01', { email: work, name: 'Ana Lopez' }),
    );
    expect(architect.achievement.id, 'incomplete under the work address alone').to.equal('AZ-305');
    const other = await profileOf(work);
    expect(other.id).not.to.equal(home.profileId);

    const page = await home.visitor.get('/account');
    expect(page.text).to.include('<label for="mergeEmail">');
    const { answer } = await follow(await proofLinkFor(home.visitor, work));
    expect(answer.location).to.equal(`${service.baseUrl}/account?email=merged`);

    expect((await profileOf(work)).id).to.equal(home.profileId);
    expect((await call<ProfileView>(service, 'GET', `/api/v1/profiles/${other.id}`)).body.id).to.equal(home.profileId);
    const awards = await listAll(service, { profile: home.profileId });
    const byId = new Map(awards.map((award) => [award.id, award]));
    expect(byId.get(laterFundamentals.id)).to.deep.include({ status: 'revoked', revocationReason: 'duplicate' });
    expect(byId.get(home.pending.id)?.status, 'the earlier one is kept').to.equal('pending');
    expect(byId.get(architect.id)?.status).to.equal('pending');
    const expert = awards.filter((award) => award.achievement.id === 'azure-solutions-architect-expert');
    expect(expert).to.have.length(1);
    expect(expert[0]!.earnedOn).to.match(/^2025-03-01/);
    const merges = await call<{ items: Record<string, unknown>[] }>(
      service,
      'GET',
      `/api/v1/profiles/${home.profileId}/merges`,
    );
    expect(merges.body.items).to.have.length(1);
    expect(merges.body.items[0]).to.deep.include({
      from: other.id,
      to: home.profileId,
      by: { kind: 'candidate', email: home.email },
      at: NOW,
      movedEmails: [work],
      revoked: [laterFundamentals.id],
      issued: [expert[0]!.id],
    });
    expect(merges.body.items[0]!['reason']).to.match(/proved both addresses/);
    const account = await home.visitor.get('/account');
    expect(account.text).to.include(`data-award="${expert[0]!.id}"`);
    expect(account.text).to.include(`data-email="${work}"`);
  });

  it('merges nothing without proof of the second address: a forged, used, expired or cross-site link changes nothing', async () => {
    const home = await candidate('Ana López');
    const work = newRecipientEmail('work').toLowerCase();
    await issueNew(service, passOf('AZ-305', '2025-03-01', { email: work, name: 'Ana Lopez' }));
    const other = await profileOf(work);
    const unchanged = async () => {
      expect((await profileOf(work)).id).to.equal(other.id);
      expect((await profileOf(home.email)).emails).to.deep.equal([home.email]);
    };

    const forged = `/confirm-email/${randomBytes(32).toString('base64url')}`;
    expect((await home.visitor.get(forged)).status).to.equal(404);
    const page = await home.visitor.get('/account');
    expect((await home.visitor.post(forged, { csrf: csrfIn(page.text) })).status).to.equal(404);
    expect((await home.visitor.get('/confirm-email/not-a-token')).status).to.equal(404);

    const link = await proofLinkFor(home.visitor, work);
    const reader = pageClient(service.baseUrl);
    const confirm = await reader.get(link);
    const action = formActions(confirm.text)[0]!;
    expect(
      (await reader.post(action, { csrf: csrfIn(confirm.text) }, { origin: 'https://evil.example' })).status,
    ).to.equal(403);
    expect((await reader.post(action, {})).status).to.equal(403);
    await unchanged();

    clock.advance(24 * 3_600_000 + 1);
    expect((await follow(link)).answer.status, 'expired').to.equal(404);
    await unchanged();

    // A link is proof for the profile that asked only: signed in elsewhere, it still joins that one.
    const fresh = await proofLinkFor(home.visitor, work);
    const someoneElse = await candidate('Ben Okafor');
    const { answer } = await follow(fresh, someoneElse.visitor);
    expect(answer.status).to.equal(303);
    expect((await profileOf(work)).id).to.equal(home.profileId);
    expect((await profileOf(someoneElse.email)).emails).to.deep.equal([someoneElse.email]);
  });

  it('refuses a signed-out, cross-site or malformed request, and limits the links a profile may ask for', async () => {
    const stranger = pageClient(service.baseUrl);
    const form = await stranger.get('/sign-in');
    const signedOut = await stranger.post('/account/emails', { csrf: csrfIn(form.text), email: 'x@example.org' });
    expect(signedOut.location).to.equal(`${service.baseUrl}/sign-in`);

    const { visitor, email } = await candidate();
    const page = await visitor.get('/account');
    const crossSite = await visitor.post(
      '/account/emails',
      { csrf: csrfIn(page.text), email: 'x@example.org' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).to.equal(403);
    // Each refusal page shows the API's code for it: what a candidate quotes to support.
    expect(crossSite.text).to.include('Error code: <code>forbidden</code>');
    const notAnAddress = await askFor(visitor, 'not an address');
    expect(notAnAddress.status).to.equal(400);
    expect(notAnAddress.text).to.include('<code>invalid_email</code>');
    for (let i = 0; i < PROOF_LINKS_PER_PROFILE; i++) {
      expect((await askFor(visitor, newRecipientEmail('many'))).status).to.equal(303);
    }
    const tooMany = await askFor(visitor, newRecipientEmail('many'));
    expect(tooMany.status).to.equal(429);
    expect(tooMany.text).to.include('<code>rate_limited</code>');
    expect((await profileOf(email)).emails).to.deep.equal([email]);
  });
});

describe('the link proving an address, sent over SMTP', () => {
  let sink: SmtpSink;
  let service: TestService;
  before(async () => {
    sink = await startSmtpSink();
    service = await startTestService({
      clock: fixedClock(NOW),
      env: { SMTP_URL: sink.url, MAIL_FROM: 'Badges <badges@example.org>' },
    });
  });
  after(async () => {
    await service?.close();
    await sink?.close();
  });

  it('arrives at the SMTP server like a sign-in link, and adds the address once followed', async () => {
    const home = newRecipientEmail('smtp').toLowerCase();
    const added = newRecipientEmail('smtp-added').toLowerCase();
    await issueNew(service, passOf('AZ-104', '2025-01-10', { email: home, name: 'Ana López' }));
    const [awardMail] = await sink.waitForCount(1);
    const visitor = pageClient(service.baseUrl);
    const claim = await visitor.get(linkIn(awardMail!.parsed, 'claim'));
    expect((await visitor.post(formActions(claim.text)[0]!, { csrf: csrfIn(claim.text) })).status).to.equal(303);

    const page = await visitor.get('/account');
    expect((await visitor.post('/account/emails', { csrf: csrfIn(page.text), email: added })).status).to.equal(303);
    const proof = (await sink.waitForCount(2))[1]!;
    expect(proof.to).to.deep.equal([added]);
    const confirm = await visitor.get(linkIn(proof.parsed, 'confirm-email'));
    const answer = await visitor.post(formActions(confirm.text)[0]!, { csrf: csrfIn(confirm.text) });
    expect(answer.location).to.equal(`${service.baseUrl}/account?email=added`);
    const found = await call<{ items: ProfileView[] }>(service, 'GET', `/api/v1/profiles?email=${added}`);
    expect(found.body.items[0]!.emails).to.deep.equal([home, added]);
  });
});
