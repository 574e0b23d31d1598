import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { fixedClock } from '../../src/ports/clock.js';
import { call, fetchPublic, type IssuedAward, issueNew } from '../http/support/api.js';
import { azureAdministratorPass, azureFundamentalsPass } from '../http/support/awardRequests.js';
import { startTestService, type TestService } from '../support/testService.js';
import { launchChromium } from './support/chromium.js';

const SCREENSHOTS = '/tmp/accolade-verify';

/** What a visitor reads in the result: the verdict, the badge's name, each check. */
async function shownResult(page: Page) {
  return {
    status: await page.locator('section.report').getAttribute('data-status'),
    verdict: (await page.locator('h1.verdict').textContent())?.trim(),
    name: (await page.locator('h2.badge-name').textContent())?.trim(),
    failed: await page
      .locator('ul.checks li.failed')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-check'))),
    checks: await page.locator('ul.checks li').count(),
  };
}

describe('the verify page in a browser', () => {
  let service: TestService;
  let browser: Browser;
  let award: IssuedAward;
  let revoked: IssuedAward;

  before(async () => {
    browser = await launchChromium();
    service = await startTestService({ clock: fixedClock('2024-06-01T12:00:00Z') });
    award = await issueNew(service, azureAdministratorPass('2024-05-15', { name: 'Ana López' }));
    revoked = await issueNew(service, azureFundamentalsPass('2024-04-02', { name: 'Ben Adams' }));
    const answer = await call(service, 'POST', `/api/v1/awards/${revoked.id}/revoke`, {
      body: { reason: 'Exam result annulled' },
    });
    expect(answer.status, answer.text).to.equal(200);
  });
  after(async () => {
    await browser?.close();
    await service?.close();
  });

  async function open(url: string, locale = 'en-GB'): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const response = await page.goto(url);
    expect(response?.status()).to.equal(200);
    return page;
  }

  it("verifies a badge from its page's verify link: valid, with the badge's name and image", async () => {
    const page = await open(award.links.page);

    await Promise.all([page.waitForURL(/\/verify\?/), page.locator('a.verify').click()]);
    const result = await shownResult(page);

    expect(result).to.deep.include({
      status: 'valid',
      verdict: '✔ Valid',
      name: 'Microsoft Certified: Azure Administrator Associate',
      failed: [],
    });
    expect(result.checks).to.be.greaterThan(5);
    const image = page.locator('.badge-image img');
    expect(
      await image.evaluate(
        (element: { complete: boolean; naturalWidth: number }) => element.complete && element.naturalWidth,
      ),
    ).to.be.greaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}-valid.png`, fullPage: true });
    await page.context().close();
  });

  it("shows a revoked badge's pasted JWT as revoked, naming the failed check", async () => {
    const jwt = (await fetchPublic(revoked.links.credentialJwt)).text;
    const page = await open(`${service.baseUrl}/verify`);

    await page.locator('#credential').fill(jwt);
    await Promise.all([page.waitForLoadState('load'), page.locator('form.verify button[type=submit]').click()]);
    await page.locator('section.report').waitFor();
    const result = await shownResult(page);

    expect(result).to.deep.include({
      status: 'revoked',
      verdict: '✘ Revoked',
      name: 'Microsoft Certified: Azure Fundamentals',
    });
    expect(result.failed).to.deep.equal(['status.revocation']);
    await page.screenshot({ path: `${SCREENSHOTS}-revoked.png`, fullPage: true });
    await page.context().close();
  });

  it('verifies an uploaded baked PNG and shows the uploaded image', async () => {
    const png = (await fetchPublic(`${award.links.png}?format=ob3`)).bytes;
    const page = await open(`${service.baseUrl}/verify`);

    await page.locator('#image').setInputFiles({ name: 'badge.png', mimeType: 'image/png', buffer: png });
    await Promise.all([page.waitForLoadState('load'), page.locator('form.verify button[type=submit]').click()]);
    await page.locator('section.report').waitFor();

    expect(await shownResult(page)).to.deep.include({ status: 'valid', verdict: '✔ Valid' });
    expect(await page.locator('dd.format').textContent()).to.equal('Open Badges 3.0, VC-JWT');
    expect(await page.locator('.badge-image img').getAttribute('src')).to.match(/^data:image\/png;base64,/);
    await page.context().close();
  });

  it('speaks French with ?lang=fr: form, verdict, dates and check titles', async () => {
    const page = await open(`${service.baseUrl}/verify?lang=fr&url=${encodeURIComponent(award.links.assertion)}`);

    const result = await shownResult(page);

    expect(await page.locator('html').getAttribute('lang')).to.equal('fr');
    expect(result.verdict).to.equal('✔ Valide');
    expect(await page.locator('dd.expires').textContent()).to.equal('15 mai 2025');
    expect(await page.locator('li[data-check="status.revocation"] strong').textContent()).to.equal('Non révoqué');
    expect(await page.locator('form.verify button[type=submit]').textContent()).to.equal('Vérifier');
    await page.screenshot({ path: `${SCREENSHOTS}-fr.png`, fullPage: true });
    await page.context().close();
  });

  it('shows the empty form, ready to use', async () => {
    const page = await open(`${service.baseUrl}/verify`);

    expect(await page.locator('h1').textContent()).to.equal('Verify a badge');
    expect(await page.locator('form.verify input, form.verify textarea').count()).to.equal(4);
    await page.screenshot({ path: `${SCREENSHOTS}-form.png`, fullPage: true });
    await page.context().close();
  });
});
