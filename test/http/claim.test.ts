import { expect } from 'chai';
import { awardMailKey } from '../../src/app/mail/awardNotifications.js';
import { fixedClock } from '../../src/ports/clock.js';
import { isSettled, waitForMail } from '../support/mailWait.js';
import { csrfIn, formActions, linkIn, outboxMessagesTo, type PageClient, pageClient } from '../support/pageClient.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, issueNew } from './support/api.js';
import { azureFundamentalsPass, newRecipientEmail, passOf } from './support/awardRequests.js';

const NOW = '2024-06-01T12:00:00Z';

describe('claiming a badge from its email', () => {
  let service: TestService;
  const clock = fixedClock(NOW);
  before(async () => {
    service = await startTestService({ clock });
  });
  after(() => service.close());

  /** Issues a badge and returns its id, its recipient and the claim link of its email. */
  async function issuedWithClaimLink(
    body = azureFundamentalsPass('2024-05-15', { email: newRecipientEmail('claim') }),
  ) {
    const award = await issueNew(service, body);
    await waitForMail(service.service.mail, awardMailKey(award.id), isSettled);
    const [message] = await outboxMessagesTo(service.dataDir, award.recipient.email);
    return { award, email: award.recipient.email, link: linkIn(message!, 'claim') };
  }

  async function statusOf(id: string): Promise<string> {
    return (await call<{ status: string }>(service, 'GET', `/api/v1/awards/${id}`)).body.status;
  }

  async function openClaim(link: string): Promise<{ visitor: PageClient; csrf: string; actions: string[] }> {
    const visitor = pageClient(service.baseUrl);
    const page = await visitor.get(link);
    expect(page.status, page.text).to.equal(200);
    return { visitor, csrf: csrfIn(page.text), actions: formActions(page.text) };
  }

  it('shows the badge with Accept and Decline forms posting exactly to /claim/<token>/accept and /decline', async () => {
    const { award, email, link } = await issuedWithClaimLink();
    const token = new URL(link).pathname.split('/').at(-1);
    const visitor = pageClient(service.baseUrl);
    const page = await visitor.get(link);

    expect(page.status).to.equal(200);
    expect(page.headers.get('cache-control')).to.equal('no-store');
    expect(formActions(page.text)).to.deep.equal([`/claim/${token}/accept`, `/claim/${token}/decline`]);
    expect(page.text).to.include(award.achievement.name);
    expect(page.text.toLowerCase()).not.to.include(email);
    expect(await statusOf(award.id)).to.equal('pending');
  });

  it('accepts, signs the candidate in with an HttpOnly SameSite=Lax cookie and opens the account', async () => {
    const { award, link } = await issuedWithClaimLink();
    const { visitor, csrf, actions } = await openClaim(link);
    const accepted = await visitor.post(actions[0]!, { csrf });

    expect(accepted.status).to.equal(303);
    expect(accepted.location).to.equal(`${service.baseUrl}/account`);
    const session = accepted.headers.getSetCookie().find((line) => line.startsWith('accolade_session='));
    expect(session).to.match(/; HttpOnly/i);
    expect(session).to.match(/; SameSite=Lax/i);
    expect(session).not.to.match(/; Secure/i);
    expect(await statusOf(award.id)).to.equal('accepted');
    const account = await visitor.get('/account');
    expect(account.status).to.equal(200);
    expect(account.text).to.include(`data-award="${award.id}" data-status="accepted"`);
  });

  it('keeps the language chosen on the claim page with ?lang= for what its Accept and Decline forms answer', async () => {
    for (const choice of ['accept', 'decline'] as const) {
      const { link } = await issuedWithClaimLink();
      const visitor = pageClient(service.baseUrl);
      const page = await visitor.get(`${link}?lang=fr`, { 'accept-language': 'en' });
      expect(page.text).to.include('<html lang="fr">');
      const action = formActions(page.text)[choice === 'accept' ? 0 : 1]!;
      expect(action, 'no query string').not.to.include('?');
      expect(page.text.match(/name="lang" value="fr"/g)).to.have.length(2);
      const answer = await visitor.post(action, { csrf: csrfIn(page.text), lang: 'fr' });
      if (choice === 'accept') {
        expect(answer.location).to.equal(`${service.baseUrl}/account?lang=fr`);
        expect((await visitor.get(answer.location!, { 'accept-language': 'en' })).text).to.include('<html lang="fr">');
      } else {
        expect(answer.text).to.include('<html lang="fr">');
        expect(answer.text).to.include('href="/sign-in?lang=fr"');
      }
    }
  });

  it('answers a used link with the 404 page and its sign-in link, for GET and POST, changing nothing', async () => {
    const { award, link } = await issuedWithClaimLink();
    const { visitor, csrf, actions } = await openClaim(link);
    expect((await visitor.post(actions[1]!, { csrf })).status).to.equal(200);
    expect(await statusOf(award.id)).to.equal('declined');

    for (const answer of [await visitor.get(link), await visitor.post(actions[0]!, { csrf })]) {
      expect(answer.status).to.equal(404);
      expect(answer.headers.get('content-type')).to.match(/^text\/html/);
      expect(answer.text).to.include('href="/sign-in?lang=en"');
    }
    expect(await statusOf(award.id)).to.equal('declined');
  });

  it('sends a GET of a form address (a reload after the post) to the claim page, changing nothing', async () => {
    const { award, link } = await issuedWithClaimLink();
    const { visitor, csrf, actions } = await openClaim(link);
    const token = new URL(link).pathname.split('/').at(-1);

    const beforeClaim = await visitor.get(`${actions[0]!}?lang=fr`);
    expect(beforeClaim.status).to.equal(303);
    expect(beforeClaim.headers.get('location')).to.equal(`/claim/${token}?lang=fr`);
    expect(await statusOf(award.id)).to.equal('pending');

    expect((await visitor.post(actions[1]!, { csrf })).status).to.equal(200);
    const afterDecline = await visitor.get(actions[1]!);
    expect(afterDecline.status).to.equal(303);
    const claimPage = await visitor.get(afterDecline.headers.get('location')!);
    expect(claimPage.status).to.equal(404);
    expect(claimPage.headers.get('content-type')).to.match(/^text\/html/);
    expect(claimPage.text).to.include('/sign-in');
    expect(await statusOf(award.id)).to.equal('declined');
  });

  it('answers unknown and malformed tokens with the 404 page, GET and POST alike', async () => {
    const visitor = pageClient(service.baseUrl);
    const csrf = csrfIn((await visitor.get('/sign-in')).text);
    for (const token of ['A'.repeat(43), 'short', '%3Cscript%3E', 'A'.repeat(5000)]) {
      for (const answer of [
        await visitor.get(`/claim/${token}`),
        await visitor.post(`/claim/${token}/accept`, { csrf }),
        await visitor.post(`/claim/${token}/decline`, { csrf }),
      ]) {
        expect(answer.status, token).to.equal(404);
        expect(answer.text).to.include('/sign-in');
        expect(answer.text).not.to.match(/at .*\.ts:\d+/);
      }
    }
  });

  it('refuses with 403 a post without the CSRF token, without Origin, or from another site, and changes nothing', async () => {
    const { award, link } = await issuedWithClaimLink();
    const { visitor, csrf, actions } = await openClaim(link);
    const refused = [
      await visitor.post(actions[0]!, {}),
      await visitor.post(actions[0]!, { csrf: `${csrf.slice(0, -1)}x` }),
      await visitor.post(actions[0]!, { csrf }, { origin: null }),
      await visitor.post(actions[0]!, { csrf }, { origin: 'https://evil.example' }),
      await pageClient(service.baseUrl).post(actions[0]!, { csrf }),
    ];
    expect(refused.map((answer) => answer.status)).to.deep.equal([403, 403, 403, 403, 403]);
    expect(await statusOf(award.id)).to.equal('pending');
    expect((await visitor.get(link)).status, 'the link still works').to.equal(200);
  });

  it('refuses a huge form post with 413 and changes nothing', async () => {
    const { award, link } = await issuedWithClaimLink();
    const { visitor, csrf, actions } = await openClaim(link);
    const answer = await visitor.post(actions[0]!, { csrf, filler: 'x'.repeat(200_000) });
    expect(answer.status).to.equal(413);
    expect(await statusOf(award.id)).to.equal('pending');
  });

  it('claims a badge for an exam retired since, and a declined badge can be accepted from the account later', async () => {
    const { award, email, link } = await issuedWithClaimLink(
      passOf('70-533', '2019-06-01', { email: newRecipientEmail('retired') }),
    );
    const { visitor, csrf, actions } = await openClaim(link);
    await visitor.post(actions[1]!, { csrf });
    expect(await statusOf(award.id)).to.equal('declined');

    // Sign in by email link, then accept from the account.
    const form = await visitor.get('/sign-in');
    expect((await visitor.post('/sign-in', { csrf: csrfIn(form.text), email })).status).to.equal(200);
    const signInMail = await waitForSignInMail(email);
    const confirm = await visitor.get(linkIn(signInMail, 'sign-in'));
    const signedIn = await visitor.post(formActions(confirm.text)[0]!, { csrf: csrfIn(confirm.text) });
    expect(signedIn.location).to.equal(`${service.baseUrl}/account`);
    const account = await visitor.get('/account');
    const accept = formActions(account.text).find((action) => action.endsWith(`/account/badges/${award.id}/accept`));
    expect((await visitor.post(accept!, { csrf: csrfIn(account.text) })).status).to.equal(303);
    expect(await statusOf(award.id)).to.equal('accepted');
  });

  async function waitForSignInMail(email: string) {
    for (let round = 0; round < 100; round++) {
      const found = (await outboxMessagesTo(service.dataDir, email)).find((message) =>
        (message.text ?? '').includes('/sign-in/'),
      );
      if (found !== undefined) return found;
      await service.service.mail.kick();
    }
    throw new Error('no sign-in email');
  }
});
