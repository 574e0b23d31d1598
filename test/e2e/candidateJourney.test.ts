import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Lang } from '../../src/app/awards/awardRecord.js';
import { mailTexts } from '../../src/app/mail/mailTexts.js';
import { typeset } from '../../src/app/pages/typeset.js';
import { candidateTexts } from '../../src/http/candidates/candidatePage.js';
import { fixedClock } from '../../src/ports/clock.js';
import { call, type IssuedAward, issueNew } from '../http/support/api.js';
import { azureAdministratorPass, azureFundamentalsPass, newRecipientEmail } from '../http/support/awardRequests.js';
import { linkIn } from '../support/pageClient.js';
import { type ReceivedMail, type SmtpSink, startSmtpSink } from '../support/smtpSink.js';
import { startTestService, type TestService } from '../support/testService.js';
import { auditPage } from './support/audit.js';
import { launchChromium } from './support/chromium.js';

/** Screenshots for a person to look at; outside the repository, so never committed. */
const SCREENSHOTS = '/tmp/accolade-journey';
/** An issuer name that breaks any share link whose values are not URL-encoded. */
const ISSUER = 'Accolade & Partners: Certification?';
const LANGS = ['en', 'fr'] as const;
const BROWSER_LANGUAGE = {
  en: { locale: 'en-GB', acceptLanguage: 'en-GB,en;q=0.9' },
  fr: { locale: 'fr-FR', acceptLanguage: 'fr-FR,fr;q=0.9,en;q=0.5' },
} as const satisfies Record<Lang, unknown>;
/** Text as read, with French typography's no-break spaces as plain ones. */
const plain = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 390, height: 844 };

describe("a candidate's journey in Chromium, from the award email to a shared badge, in English and French", () => {
  let sink: SmtpSink;
  let service: TestService;
  let browser: Browser;
  /** Messages a test has taken already, so each mail is read once. */
  const taken = new Set<ReceivedMail>();
  /** axe-core and layout findings of every page audited, reported by the last test. */
  const findings: string[] = [];
  const audited: string[] = [];

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    sink = await startSmtpSink();
    browser = await launchChromium();
    service = await startTestService({
      clock: fixedClock('2024-06-01T12:00:00Z'),
      env: { SMTP_URL: sink.url, ISSUER_NAME: ISSUER },
    });
  });
  after(async () => {
    await browser?.close();
    await service?.close();
    await sink?.close();
  });

  /** A browser that speaks `lang`; CSP is bypassed so axe-core can be injected into pages. */
  function visitor(lang: Lang, viewport = WIDE): Promise<BrowserContext> {
    const { locale, acceptLanguage } = BROWSER_LANGUAGE[lang];
    return browser.newContext({
      locale,
      viewport,
      bypassCSP: true,
      extraHTTPHeaders: { 'accept-language': acceptLanguage },
    });
  }

  /** A subject as the recipient reads it: set as its language's typography does. */
  function subjectOf(lang: Lang, key: 'awardSubject' | 'newBadgeSubject' | 'signInSubject', badge = ''): string {
    return typeset(mailTexts(lang, { badge })[key], lang);
  }

  /** The next message to `email` whose subject starts with `subject`, as the SMTP server got it. */
  async function mailTo(email: string, subject: string): Promise<ReceivedMail> {
    const to = email.toLowerCase();
    for (let arrivals = 0; arrivals < 1000; arrivals++) {
      const found = sink.received.find(
        (mail) => !taken.has(mail) && mail.to.includes(to) && (mail.parsed.subject ?? '').startsWith(subject),
      );
      if (found !== undefined) {
        taken.add(found);
        return found;
      }
      await sink.waitForCount(sink.received.length + 1);
    }
    throw new Error(`no message "${subject}…" to ${email}`);
  }

  /** Shows the email's HTML in the browser, as a mail client would, and follows its button. */
  async function followEmail(page: Page, mail: ReceivedMail, button: string, screenshot: string): Promise<void> {
    expect(mail.parsed.html, 'an HTML part').to.be.a('string');
    await page.setContent(mail.parsed.html as string);
    await page.screenshot({ path: `${SCREENSHOTS}/${screenshot}.png`, fullPage: true });
    const link = page.getByRole('link', { name: button, exact: true });
    const target = await link.getAttribute('href');
    await Promise.all([page.waitForURL(target!), link.click()]);
  }

  /** axe-core and sideways-scroll check of the page, wide and on a phone, with screenshots. */
  async function audit(page: Page, name: string): Promise<void> {
    const viewport = page.viewportSize() ?? WIDE;
    for (const size of [WIDE, NARROW]) {
      await page.setViewportSize(size);
      findings.push(...(await auditPage(page, `${name}-${size.width}`, SCREENSHOTS)));
    }
    await page.setViewportSize(viewport);
    audited.push(name);
  }

  async function statusOf(id: string): Promise<string> {
    return (await call<{ status: string }>(service, 'GET', `/api/v1/awards/${id}`)).body.status;
  }

  async function submit(page: Page, button: ReturnType<Page['locator']>, url: string | RegExp): Promise<void> {
    await Promise.all([page.waitForURL(url), button.click()]);
  }

  const badgeItem = (page: Page, id: string) => page.locator(`li.badge-item[data-award="${id}"]`);
  const badgeAction = (page: Page, id: string, action: string) =>
    badgeItem(page, id).locator(`form[action$="/account/badges/${id}/${action}"] button`);
  const account = () => `${service.baseUrl}/account`;

  /** Issues a badge to `email` and accepts it through the claim link of its email: signed in on the account. */
  async function claimFromEmail(page: Page, lang: Lang, email: string, name: string): Promise<IssuedAward> {
    const award = await issueNew(service, azureAdministratorPass('2024-05-15', { email, name, locale: lang }));
    const mail = await mailTo(email, subjectOf(lang, 'awardSubject', ''));
    await followEmail(page, mail, mailTexts(lang, {}).awardAction, `mail-claim-${lang}`);
    await submit(page, page.getByRole('button', { name: candidateTexts(lang).accept, exact: true }), account());
    return award;
  }

  for (const lang of LANGS) {
    const t = candidateTexts(lang);
    const m = mailTexts(lang, {});

    describe(`in ${lang === 'en' ? 'English' : 'French'}`, () => {
      it('takes the award email to the claim page, accepts, lands signed in on the account, and shares the badge', async () => {
        const context = await visitor(lang);
        const page = await context.newPage();
        const email = newRecipientEmail(`journey-${lang}`);
        const award = await issueNew(
          service,
          azureAdministratorPass('2024-05-15', { email, name: 'Zoë Ångström', locale: lang }),
        );
        const title = award.achievement.name;

        const mail = await mailTo(email, subjectOf(lang, 'awardSubject', ''));
        expect(mail.parsed.subject).to.equal(subjectOf(lang, 'awardSubject', title));
        expect(mail.parsed.html).to.include(`<html lang="${lang}">`);
        const claimLink = linkIn(mail.parsed, 'claim');
        await followEmail(page, mail, m.awardAction, `mail-award-${lang}`);
        expect(page.url()).to.equal(claimLink);
        expect(await page.locator('html').getAttribute('lang')).to.equal(lang);
        expect(plain(await page.locator('.claim-badge h2').textContent())).to.equal(title);
        expect(await page.content()).not.to.include(email.toLowerCase());
        await audit(page, `claim-${lang}`);

        await submit(page, page.getByRole('button', { name: t.accept, exact: true }), account());
        expect(await statusOf(award.id)).to.equal('accepted');
        expect(await badgeItem(page, award.id).getAttribute('data-status')).to.equal('accepted');
        expect(await badgeItem(page, award.id).locator('.visibility').textContent()).to.equal(t.visibilityPublic);
        const session = (await context.cookies()).find((cookie) => cookie.name === 'accolade_session');
        expect(session, 'signed in').to.include({ httpOnly: true, sameSite: 'Lax' });
        await audit(page, `account-${lang}`);

        // The badge's page, from the account, offers every way to share it.
        const badgeLink = badgeItem(page, award.id).locator('h3 a');
        expect(plain(await badgeLink.textContent())).to.equal(title);
        await submit(page, badgeLink, /\/badges\//);
        expect(await page.locator('html').getAttribute('lang')).to.equal(lang);
        expect(await page.locator('dd.recipient').textContent()).to.equal('Zoë Ångström');
        const href = async (selector: string) => (await page.locator(selector).getAttribute('href')) as string;

        const linkedIn = await href('.share-links a.linkedin');
        const query = linkedIn.slice(linkedIn.indexOf('?') + 1);
        for (const pair of query.split('&')) expect(pair, 'every value URL-encoded').to.match(/^\w+=[\w%+.~*-]*$/);
        const linkedInUrl = new URL(linkedIn);
        expect(`${linkedInUrl.origin}${linkedInUrl.pathname}`).to.equal('https://www.linkedin.com/profile/add');
        expect(Object.fromEntries(linkedInUrl.searchParams)).to.deep.equal({
          startTask: 'CERTIFICATION_NAME',
          name: title,
          organizationName: ISSUER,
          issueYear: '2024',
          issueMonth: '5',
          expirationYear: '2025',
          expirationMonth: '5',
          certUrl: award.links.page,
          certId: award.id,
        });

        const shownName = (await page.locator('h1.badge-name').textContent()) as string;
        const x = new URL(await href('.share-links a.x'));
        expect(`${x.origin}${x.pathname}`).to.equal('https://x.com/intent/post');
        expect(Object.fromEntries(x.searchParams)).to.deep.equal({ url: award.links.page, text: shownName });
        const facebook = new URL(await href('.share-links a.facebook'));
        expect(`${facebook.origin}${facebook.pathname}`).to.equal('https://www.facebook.com/sharer/sharer.php');
        expect(Object.fromEntries(facebook.searchParams)).to.deep.equal({ u: award.links.page });
        const mailto = await href('.share-links a.email');
        expect(mailto).to.match(/^mailto:\?subject=/);
        const mailtoQuery = new URLSearchParams(mailto.slice('mailto:?'.length));
        expect(mailtoQuery.get('subject')).to.equal(shownName);
        expect(mailtoQuery.get('body')).to.include(award.links.page);

        const embed = await page.locator('textarea#embed').inputValue();
        expect(embed).to.match(
          new RegExp(`^<a href="${award.links.page}"><img src="${award.links.png}" alt="[^"<>]+"`),
        );
        const downloads = page.locator('section.downloads a[download]');
        const targets = await downloads.evaluateAll((links) => links.map((link) => link.getAttribute('href')));
        expect(targets.slice(0, 2)).to.deep.equal([award.links.png, award.links.svg]);
        for (const [target, type] of [
          [award.links.png, 'image/png'],
          [award.links.svg, 'image/svg+xml'],
        ] as const) {
          const answer = await context.request.get(target);
          expect(answer.status(), target).to.equal(200);
          expect(answer.headers()['content-type']).to.match(new RegExp(`^${type.replace('+', '\\+')}`));
        }
        await audit(page, `badge-accepted-${lang}`);
        await context.close();
      });

      it('declines from the email, sees the used link refused, signs in by an emailed link and accepts from the account', async () => {
        const context = await visitor(lang);
        const page = await context.newPage();
        const email = newRecipientEmail(`decline-${lang}`);
        const award = await issueNew(service, azureFundamentalsPass('2024-05-15', { email, locale: lang }));
        const mail = await mailTo(email, subjectOf(lang, 'awardSubject', ''));
        await followEmail(page, mail, m.awardAction, `mail-decline-${lang}`);
        const claimLink = page.url();

        await submit(page, page.getByRole('button', { name: t.decline, exact: true }), /\/decline$/);
        expect(await page.locator('h1').textContent()).to.equal(t.declinedTitle);
        // The answer to a post offers no language link: its address answers posts only.
        expect(await page.locator('header a.lang').count()).to.equal(0);
        expect(await statusOf(award.id)).to.equal('declined');
        await audit(page, `declined-${lang}`);

        // The link is one-time: opened again, a clear 404 page with the way to sign in.
        const again = await page.goto(claimLink);
        expect(again?.status()).to.equal(404);
        expect(await page.locator('h1').textContent()).to.equal(t.linkNotFoundTitle);
        await audit(page, `claim-used-${lang}`);
        await submit(page, page.getByRole('link', { name: t.signInLink }), /\/sign-in\?lang=/);
        expect(await page.locator('html').getAttribute('lang')).to.equal(lang);
        await audit(page, `sign-in-${lang}`);

        await page.getByLabel(t.emailLabel).fill(email);
        await submit(page, page.getByRole('button', { name: t.signInButton }), /\/sign-in\?lang=/);
        expect(await page.locator('h1').textContent()).to.equal(t.signInSentTitle);
        const signInMail = await mailTo(email, subjectOf(lang, 'signInSubject'));
        expect(signInMail.parsed.text).not.to.match(/\/claim\//);
        await followEmail(page, signInMail, m.signInAction, `mail-sign-in-${lang}`);
        expect(await page.locator('h1').textContent()).to.equal(t.signInConfirmTitle);
        await submit(page, page.getByRole('button', { name: t.signInConfirmButton }), account());

        expect(await badgeItem(page, award.id).getAttribute('data-status')).to.equal('declined');
        await submit(page, badgeAction(page, award.id, 'accept'), account());
        expect(await badgeItem(page, award.id).getAttribute('data-status')).to.equal('accepted');
        expect(await statusOf(award.id)).to.equal('accepted');
        await context.close();
      });

      it('accepts the next badge automatically once asked, with the "new badge" email', async () => {
        const context = await visitor(lang);
        const page = await context.newPage();
        const email = newRecipientEmail(`auto-${lang}`);
        await claimFromEmail(page, lang, email, 'Ana López');

        await page.getByLabel(t.autoAcceptLabel).check();
        await submit(page, page.getByRole('button', { name: t.saveSettings }), /\/account\?saved=1$/);
        expect(await page.getByRole('status').textContent()).to.equal(t.settingsSaved);
        expect(await page.getByLabel(t.autoAcceptLabel).isChecked()).to.equal(true);

        const next = await issueNew(service, azureFundamentalsPass('2024-05-20', { email, locale: lang }));
        expect(next.status).to.equal('accepted');
        const mail = await mailTo(email, subjectOf(lang, 'newBadgeSubject', ''));
        expect(mail.parsed.text).not.to.match(/\/claim\//);
        await followEmail(page, mail, m.newBadgeAction, `mail-new-badge-${lang}`);
        expect(await badgeItem(page, next.id).getAttribute('data-status')).to.equal('accepted');
        await context.close();
      });

      it('makes a badge private: a signed-out browser sees no name and no sharing, and the public profile lists only public badges', async () => {
        const context = await visitor(lang);
        const page = await context.newPage();
        const email = newRecipientEmail(`privacy-${lang}`);
        const name = 'Léa <Martin>';
        const kept = await claimFromEmail(page, lang, email, name);
        const other = await issueNew(service, azureFundamentalsPass('2024-05-20', { email, name, locale: lang }));
        await page.reload();
        await submit(page, badgeAction(page, other.id, 'accept'), account());

        await submit(page, badgeAction(page, kept.id, 'private'), account());
        expect(await badgeItem(page, kept.id).locator('.visibility').textContent()).to.equal(t.visibilityPrivate);
        await page.getByLabel(t.profilePublicLabel).check();
        await submit(page, page.getByRole('button', { name: t.saveSettings }), /\/account\?saved=1$/);
        const profileUrl = new URL(
          (await page.getByRole('link', { name: t.profileLink }).getAttribute('href')) as string,
          service.baseUrl,
        ).href;
        await audit(page, `account-private-${lang}`);

        const stranger = await visitor(lang);
        const look = await stranger.newPage();
        await look.goto(kept.links.page);
        expect(await look.locator('article.badge').getAttribute('data-state')).to.equal('withheld');
        expect(await look.locator('dd.recipient').count(), 'no name').to.equal(0);
        expect(await look.locator('section.share, section.downloads').count(), 'nothing to share').to.equal(0);
        expect(await look.locator('main').textContent()).not.to.include('Martin');
        expect((await look.content()).toLowerCase()).not.to.include(email.toLowerCase());

        await look.goto(other.links.page);
        expect(await look.locator('dd.recipient').textContent()).to.equal(name);
        expect(await look.locator('section.share a.linkedin').count()).to.equal(1);

        const profile = await look.goto(profileUrl);
        expect(profile?.status()).to.equal(200);
        expect(await look.locator('html').getAttribute('lang')).to.equal(lang);
        expect(await look.locator('h1').textContent()).to.include(name);
        const listed = await look
          .locator('.badge-list a')
          .evaluateAll((links) => links.map((link) => new URL(link.getAttribute('href') ?? '', 'http://x').pathname));
        expect(listed).to.deep.equal([new URL(other.links.page).pathname]);
        expect((await look.content()).toLowerCase()).not.to.include(email.toLowerCase());
        await audit(look, `profile-${lang}`);

        // Public again: the stranger sees the name once more.
        await submit(page, badgeAction(page, kept.id, 'public'), account());
        await look.goto(kept.links.page);
        expect(await look.locator('dd.recipient').textContent()).to.equal(name);
        await stranger.close();
        await context.close();
      });
    });
  }

  it("picks the account's language first, then ?lang=, then the browser's", async () => {
    const context = await visitor('en');
    const page = await context.newPage();
    const email = newRecipientEmail('languages');
    // A French award opened in an English browser: the browser's language wins over the award's.
    const award = await issueNew(service, azureAdministratorPass('2024-05-15', { email, locale: 'fr' }));
    const waiting = await issueNew(service, azureFundamentalsPass('2024-05-15', { email, locale: 'fr' }));
    const claimLinkOf = async (issued: IssuedAward) =>
      linkIn((await mailTo(email, subjectOf('fr', 'awardSubject', issued.achievement.name))).parsed, 'claim');
    const awardLink = await claimLinkOf(award);
    const waitingLink = await claimLinkOf(waiting);

    await page.goto(awardLink);
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');
    await page.goto(`${awardLink}?lang=fr`);
    expect(await page.locator('html').getAttribute('lang')).to.equal('fr');
    // The choice made on the claim page carries on to the account.
    await submit(page, page.getByRole('button', { name: candidateTexts('fr').accept, exact: true }), /\/account/);
    expect(await statusOf(award.id)).to.equal('accepted');
    expect(await page.locator('html').getAttribute('lang')).to.equal('fr');

    // The header's language link works while the account has no language of its own.
    const switchLink = page.locator('header a.lang');
    await submit(page, switchLink, `${account()}?lang=en`);
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');
    await page.getByLabel(candidateTexts('en').languageLabel).selectOption('fr');
    await submit(page, page.getByRole('button', { name: candidateTexts('en').saveSettings }), /saved=1/);
    // Now the account's language wins over ?lang= and the browser, on the account and claim pages.
    for (const url of [`${account()}?lang=en`, `${waitingLink}?lang=en`]) {
      await page.goto(url);
      expect(await page.locator('html').getAttribute('lang'), url).to.equal('fr');
      expect(await switchLink.count(), 'no language link that would change nothing').to.equal(0);
    }
    expect(await statusOf(waiting.id)).to.equal('pending');
    await context.close();
  });

  it('refuses a forged claim link with the 404 page, and a cross-site form post with 403, changing nothing', async () => {
    const context = await visitor('en');
    const page = await context.newPage();
    const email = newRecipientEmail('forged');
    const award = await issueNew(service, azureFundamentalsPass('2024-05-15', { email }));
    const claimLink = linkIn((await mailTo(email, subjectOf('en', 'awardSubject', ''))).parsed, 'claim');

    const forged = await page.goto(`${service.baseUrl}/claim/${'A'.repeat(43)}`);
    expect(forged?.status()).to.equal(404);
    expect(await page.locator('h1').textContent()).to.equal(candidateTexts('en').linkNotFoundTitle);
    expect(await page.getByRole('link', { name: candidateTexts('en').signInLink }).getAttribute('href')).to.equal(
      '/sign-in?lang=en',
    );

    // Another site (another origin) posts the Accept form; even knowing the CSRF token, it is refused.
    await page.goto(claimLink);
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    const evil: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(
        `<!doctype html><form method="post" action="${claimLink}/accept"><input name="csrf" value="${csrf}"><button>Win a prize</button></form>`,
      );
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      const [answer] = await Promise.all([
        page.waitForResponse(`${claimLink}/accept`),
        page.getByRole('button', { name: 'Win a prize' }).click(),
      ]);
      expect(answer.status()).to.equal(403);
      await page.waitForURL(`${claimLink}/accept`);
      expect(await page.locator('h1').textContent()).to.equal(candidateTexts('en').forbiddenTitle);
      await audit(page, 'forbidden-en');
    } finally {
      await new Promise<void>((resolve) => evil.close(() => resolve()));
    }
    expect(await statusOf(award.id)).to.equal('pending');
    expect((await page.goto(claimLink))?.status(), 'the link still works').to.equal(200);
    await context.close();
  });

  // Runs after every journey above (mocha runs nested suites after the tests of their parent).
  describe('every page of the journeys', () => {
    it('has no serious or critical axe-core violation and no sideways scroll, wide or on a phone', () => {
      expect(audited).to.include.members([
        'claim-en',
        'claim-fr',
        'account-en',
        'account-fr',
        'sign-in-en',
        'sign-in-fr',
        'profile-en',
        'profile-fr',
      ]);
      expect(findings, findings.join('\n')).to.deep.equal([]);
    });
  });
});
