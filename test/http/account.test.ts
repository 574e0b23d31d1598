import { expect } from 'chai';
import { awardMailKey } from '../../src/app/mail/awardNotifications.js';
import { SIGN_IN_PER_ADDRESS } from '../../src/http/candidates/signInRoutes.js';
import { fixedClock } from '../../src/ports/clock.js';
import { isSettled, waitForMail } from '../support/mailWait.js';
import { csrfIn, formActions, linkIn, outboxMessagesTo, type PageClient, pageClient } from '../support/pageClient.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, issueNew } from './support/api.js';
import { azureAdministratorPass, azureFundamentalsPass, newRecipientEmail } from './support/awardRequests.js';

const NOW = '2024-06-01T12:00:00Z';

describe("the candidate's account", () => {
  let service: TestService;
  const clock = fixedClock(NOW);
  before(async () => {
    service = await startTestService({ clock });
  });
  after(() => service.close());

  /** A candidate with one pending badge, signed in through its claim link (accepting it). */
  async function signedInCandidate(name = 'Ana López') {
    const email = newRecipientEmail('account');
    const award = await issueNew(service, azureFundamentalsPass('2024-05-15', { email, name }));
    await waitForMail(service.service.mail, awardMailKey(award.id), isSettled);
    const [message] = await outboxMessagesTo(service.dataDir, award.recipient.email);
    const visitor = pageClient(service.baseUrl);
    const claim = await visitor.get(linkIn(message!, 'claim'));
    await visitor.post(formActions(claim.text)[0]!, { csrf: csrfIn(claim.text) });
    return { visitor, email: award.recipient.email, award };
  }

  async function act(visitor: PageClient, awardId: string, action: string) {
    const page = await visitor.get('/account');
    return visitor.post(`/account/badges/${awardId}/${action}`, { csrf: csrfIn(page.text) });
  }

  async function awardOf(id: string) {
    return (await call<{ status: string }>(service, 'GET', `/api/v1/awards/${id}`)).body;
  }

  it('lists pending, accepted and declined badges with their actions, and escapes names', async () => {
    const { visitor, email, award } = await signedInCandidate('<img src=x onerror=alert(1)>');
    const second = await issueNew(service, azureAdministratorPass('2024-05-15', { email }));
    const page = await visitor.get('/account');

    expect(page.text).to.include(`data-award="${award.id}" data-status="accepted"`);
    expect(page.text).to.include(`data-award="${second.id}" data-status="pending"`);
    expect(formActions(page.text)).to.include.members([
      `/account/badges/${second.id}/accept`,
      `/account/badges/${second.id}/decline`,
      `/account/badges/${award.id}/private`,
    ]);
    expect(page.text).not.to.include('<img src=x');
  });

  it("refuses another person's badge id in a form with 404, and changes nothing", async () => {
    const mine = await signedInCandidate();
    const theirs = await issueNew(service, azureFundamentalsPass());
    for (const action of ['accept', 'decline', 'hide', 'private']) {
      expect((await act(mine.visitor, theirs.id, action)).status, action).to.equal(404);
    }
    expect((await awardOf(theirs.id)).status).to.equal('pending');
    expect((await act(mine.visitor, 'no-such-award', 'accept')).status).to.equal(404);
    expect((await act(mine.visitor, mine.award.id, 'explode')).status).to.equal(404);
  });

  it('hides and shows again, declines and accepts again, makes a badge private and public', async () => {
    const { visitor, award } = await signedInCandidate();
    expect((await act(visitor, award.id, 'hide')).status).to.equal(303);
    let page = await visitor.get('/account');
    expect(page.text).to.include(`/account/badges/${award.id}/unhide`);
    await act(visitor, award.id, 'unhide');
    await act(visitor, award.id, 'private');
    page = await visitor.get('/account');
    expect(formActions(page.text)).to.include(`/account/badges/${award.id}/public`);
    await act(visitor, award.id, 'decline');
    expect((await awardOf(award.id)).status).to.equal('declined');
    await act(visitor, award.id, 'accept');
    expect((await awardOf(award.id)).status).to.equal('accepted');
  });

  it('sends a signed-out visitor to sign in, and refuses account posts without a session', async () => {
    const stranger = pageClient(service.baseUrl);
    const page = await stranger.get('/account');
    expect(page.status).to.equal(303);
    expect(page.location).to.equal(`${service.baseUrl}/sign-in`);
    const form = await stranger.get('/sign-in');
    const answer = await stranger.post('/account/settings', { csrf: csrfIn(form.text), lang: 'fr' });
    expect(answer.status).to.equal(303);
    expect(answer.location).to.equal(`${service.baseUrl}/sign-in`);
  });

  it('sends a GET of a form address (a reload after the post) to the account page, changing nothing', async () => {
    const { visitor, award } = await signedInCandidate();
    expect((await act(visitor, award.id, 'hide')).status).to.equal(303);
    for (const address of [
      `/account/badges/${award.id}/hide`,
      '/account/settings',
      '/account/emails',
      '/account/emails/primary',
      '/account/reissue',
      '/account/profiles/ACC-0000-0000/name-change',
      // and every account form the page offers, whichever router serves it
      ...formActions((await visitor.get('/account')).text).filter((action) => action.startsWith('/account/')),
    ]) {
      const answer = await visitor.get(address);
      expect(answer.status, address).to.equal(303);
      expect(answer.location, address).to.equal(`${service.baseUrl}/account`);
    }
    expect((await visitor.get('/account')).status).to.equal(200);
    expect((await awardOf(award.id)).status).to.equal('accepted');
    // A download under the same prefix is not a form address.
    expect((await visitor.get(`/account/badges/${award.id}/certificate.pdf`)).status).to.equal(200);
  });

  it('auto-accepts future badges once asked, with the "new badge" email instead of the claim one, in the chosen language', async () => {
    const { visitor, email } = await signedInCandidate();
    const page = await visitor.get('/account');
    const saved = await visitor.post('/account/settings', {
      csrf: csrfIn(page.text),
      autoAccept: 'on',
      reminders: 'on',
      lang: 'fr',
    });
    expect(saved.location).to.equal(`${service.baseUrl}/account?saved=1`);
    expect((await visitor.get('/account')).text).to.include('<html lang="fr">');

    const next = await issueNew(service, azureAdministratorPass('2024-05-15', { email }));
    expect(next.status).to.equal('accepted');
    await waitForMail(service.service.mail, awardMailKey(next.id), isSettled);
    const messages = await outboxMessagesTo(service.dataDir, email);
    const newBadge = messages.find((message) => message.subject?.startsWith('Vous avez un nouveau badge'));
    expect(newBadge, messages.map((message) => message.subject).join(' | ')).not.to.equal(undefined);
    expect(newBadge!.text).not.to.match(/\/claim\//);
  });

  it('shows a public profile with the public accepted badges only, never the email', async () => {
    const { visitor, email, award } = await signedInCandidate('Léa Martin');
    const hiddenOne = await issueNew(service, azureAdministratorPass('2024-05-15', { email }));
    const page = await visitor.get('/account');
    await visitor.post('/account/settings', { csrf: csrfIn(page.text), profilePublic: 'on', lang: 'auto' });
    const account = await visitor.get('/account');
    const profileUrl = account.text.match(/href="(\/profiles\/[^"]+)"/)?.[1];
    expect(profileUrl).to.be.a('string');

    const stranger = pageClient(service.baseUrl);
    const profile = await stranger.get(profileUrl!);
    expect(profile.status).to.equal(200);
    expect(profile.text).to.include('Léa Martin');
    expect(profile.text).to.include(`/badges/${award.id}`);
    expect(profile.text, 'a pending badge').not.to.include(`/badges/${hiddenOne.id}`);
    expect(profile.text.toLowerCase()).not.to.include(email);

    await act(visitor, award.id, 'private');
    expect((await stranger.get(profileUrl!)).text).not.to.include(`/badges/${award.id}`);
    const again = await visitor.get('/account');
    await visitor.post('/account/settings', { csrf: csrfIn(again.text), lang: 'auto' });
    expect((await stranger.get(profileUrl!)).status).to.equal(404);
  });

  it('limits sign-in links per address, answering 429 with a page, until the window has passed', async () => {
    const { email } = await signedInCandidate();
    const visitor = pageClient(service.baseUrl);
    const csrf = csrfIn((await visitor.get('/sign-in')).text);
    for (let i = 0; i < SIGN_IN_PER_ADDRESS; i++) {
      expect((await visitor.post('/sign-in', { csrf, email })).status).to.equal(200);
    }
    const limited = await visitor.post('/sign-in', { csrf, email: email.toUpperCase() });
    expect(limited.status).to.equal(429);
    expect(limited.headers.get('content-type')).to.match(/^text\/html/);
    clock.advance(15 * 60_000);
    expect((await visitor.post('/sign-in', { csrf, email })).status).to.equal(200);
  });

  it('answers the same for an address without badges and sends it nothing', async () => {
    const visitor = pageClient(service.baseUrl);
    const csrf = csrfIn((await visitor.get('/sign-in')).text);
    const email = newRecipientEmail('nobody').toLowerCase();
    const answer = await visitor.post('/sign-in', { csrf, email });
    expect(answer.status).to.equal(200);
    await service.service.mail.kick();
    expect(await outboxMessagesTo(service.dataDir, email)).to.deep.equal([]);
    const bad = await visitor.post('/sign-in', { csrf, email: 'not an address' });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.include('aria-invalid="true"');
  });

  it('sends the sign-in link in the language it was asked for, and its page speaks that language', async () => {
    const { email } = await signedInCandidate();
    const other = pageClient(service.baseUrl);
    const csrf = csrfIn((await other.get('/sign-in?lang=fr')).text);
    expect((await other.post('/sign-in?lang=fr', { csrf, email })).status).to.equal(200);
    await service.service.mail.kick();
    const message = (await outboxMessagesTo(service.dataDir, email)).find((m) => (m.text ?? '').includes('/sign-in/'));
    const link = linkIn(message!, 'sign-in');
    expect(message!.text).to.include(`${link}?lang=fr`);
    const confirm = await other.get(`${link}?lang=fr`);
    expect(confirm.status).to.equal(200);
    expect(confirm.text).to.include('<html lang="fr"');
  });

  it('uses a sign-in link once; signing out ends the session', async () => {
    const { visitor, email } = await signedInCandidate();
    const other = pageClient(service.baseUrl);
    const csrf = csrfIn((await other.get('/sign-in')).text);
    await other.post('/sign-in', { csrf, email });
    await service.service.mail.kick();
    const message = (await outboxMessagesTo(service.dataDir, email)).find((m) => (m.text ?? '').includes('/sign-in/'));
    const link = linkIn(message!, 'sign-in');
    expect(message!.text).to.include(`${link}?lang=en`);
    const confirm = await other.get(link);
    expect((await other.post(formActions(confirm.text)[0]!, { csrf: csrfIn(confirm.text) })).status).to.equal(303);
    expect((await other.post(formActions(confirm.text)[0]!, { csrf: csrfIn(confirm.text) })).status).to.equal(404);
    expect((await other.get(link)).status).to.equal(404);

    const page = await visitor.get('/account');
    const signOut = await visitor.post('/sign-out', { csrf: csrfIn(page.text) });
    expect(signOut.status).to.equal(303);
    expect((await visitor.get('/account')).status).to.equal(303);
  });
});
