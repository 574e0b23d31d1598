import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { fixedClock } from '../../src/ports/clock.js';
import { fetchPublic, type IssuedAward, issueNew } from '../http/support/api.js';
import { azureAdministratorPass, newRecipientEmail } from '../http/support/awardRequests.js';
import { acceptThroughEmail } from '../http/support/claims.js';
import { startTestService, type TestService } from '../support/testService.js';
import { launchChromium } from './support/chromium.js';

const SCREENSHOT = '/tmp/accolade-badge-page.png';

/** The texts a visitor reads on the page, by what they are. */
async function visibleFacts(page: Page) {
  const labels = await page.locator('dl.facts dt').allTextContents();
  const values = await page.locator('dl.facts dd').allTextContents();
  return {
    title: (await page.locator('h1').textContent())?.trim(),
    recipient: (await page.locator('dd.recipient').textContent())?.trim(),
    facts: Object.fromEntries(labels.map((label, index) => [label.trim(), values[index]?.trim()])),
    status: (await page.locator('dd.status').textContent())?.trim(),
    verifyHref: await page.locator('a.verify').getAttribute('href'),
    lang: await page.locator('html').getAttribute('lang'),
  };
}

describe('the badge page in a browser', () => {
  let service: TestService;
  let browser: Browser;
  let award: IssuedAward;
  const email = newRecipientEmail('browser');

  before(async () => {
    browser = await launchChromium();
    service = await startTestService({ clock: fixedClock('2024-06-01T12:00:00Z') });
    award = await issueNew(service, azureAdministratorPass('2024-05-15', { email, name: 'Ana López' }));
    await acceptThroughEmail(service, award.id);
  });
  after(async () => {
    await browser?.close();
    await service?.close();
  });

  async function open(url: string, locale = 'en-GB', headers: Record<string, string> = {}): Promise<Page> {
    const context = await browser.newContext({ locale, extraHTTPHeaders: headers });
    const page = await context.newPage();
    const response = await page.goto(url);
    expect(response?.status()).to.equal(200);
    return page;
  }

  it('shows the badge, its recipient, issuer and dates, and a working image', async () => {
    const page = await open(award.links.page);
    const facts = await visibleFacts(page);

    expect(facts.lang).to.equal('en');
    expect(facts.title).to.equal('Microsoft Certified: Azure Administrator Associate');
    expect(facts.recipient).to.equal('Ana López');
    expect(facts.facts).to.include({
      'Awarded to': 'Ana López',
      'Issued by': 'Accolade Certification Programme',
      'Earned on': '15 May 2024',
      'Issued on': '1 June 2024',
      'Expires on': '15 May 2025',
      'Earned by passing': 'AZ-104',
    });
    expect(facts.status).to.match(/^Valid/);
    const image = page.locator('.badge-image img');
    expect(
      await image.evaluate(
        (element: { complete: boolean; naturalWidth: number }) => element.complete && element.naturalWidth,
      ),
    ).to.be.greaterThan(0);
    expect(await page.content()).not.to.include(email.toLowerCase());
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.context().close();
  });

  it('pre-fills the verify link with the page URL', async () => {
    const page = await open(award.links.page);

    const href = new URL((await visibleFacts(page)).verifyHref!, award.links.page);

    expect(href.origin).to.equal(service.baseUrl);
    expect(href.pathname).to.equal('/verify');
    expect(href.searchParams.get('url')).to.equal(award.links.page);
    await page.context().close();
  });

  it('speaks French to a browser that prefers it', async () => {
    const page = await open(award.links.page, 'fr-FR', { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' });
    const facts = await visibleFacts(page);

    expect(facts.lang).to.equal('fr');
    expect(facts.title).to.equal('Microsoft Certified\u00a0: Administrateur Azure Associate');
    expect(facts.facts).to.include({
      'Décerné à': 'Ana López',
      'Obtenu le': '15 mai 2024',
      'Expire le': '15 mai 2025',
    });
    expect(new URL(facts.verifyHref!, award.links.page).searchParams.get('lang')).to.equal('fr');
    await page.context().close();
  });

  it('speaks French with ?lang=fr whatever the browser prefers', async () => {
    const page = await open(`${award.links.page}?lang=fr`);

    const facts = await visibleFacts(page);

    expect(facts.lang).to.equal('fr');
    expect(facts.facts).to.include({ 'Émis par': 'Accolade Certification Programme', 'Émis le': '1 juin 2024' });
    await page.context().close();
  });

  it('shows a certification whose validity has run out as expired', async () => {
    const expired = await issueNew(service, azureAdministratorPass('2022-03-01', { name: 'Ben Adams' }));
    await acceptThroughEmail(service, expired.id);
    const page = await open(expired.links.page);

    const facts = await visibleFacts(page);

    expect(facts.facts).to.include({ 'Expired on': '1 March 2023' });
    expect(facts.status).to.equal('Expired');
    await page.context().close();
  });

  it("speaks the recipient's language to a client without a language preference", async () => {
    const french = await issueNew(service, azureAdministratorPass('2024-05-15', { locale: 'fr' }));

    const clients: Record<string, string>[] = [
      { accept: 'text/html' },
      { accept: 'text/html', 'accept-language': '*' },
    ];
    for (const headers of clients) {
      const answer = await fetchPublic(french.links.page, headers);
      expect(answer.text, JSON.stringify(headers)).to.match(/<html lang="fr">/);
    }
  });

  it('sends a client asking for JSON to the assertion with 303', async () => {
    const answer = await fetchPublic(award.links.page, { accept: 'application/json' });

    expect(answer.status).to.equal(303);
    expect(answer.headers.get('location')).to.equal(award.links.assertion);
  });
});
