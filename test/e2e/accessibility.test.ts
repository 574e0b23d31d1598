import { mkdirSync } from 'node:fs';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { fixedClock } from '../../src/ports/clock.js';
import { type IssuedAward, issueNew, revokeAward } from '../http/support/api.js';
import { azureAdministratorPass } from '../http/support/awardRequests.js';
import { acceptThroughEmail } from '../http/support/claims.js';
import { startTestService, type TestService } from '../support/testService.js';
import { auditPage } from './support/audit.js';
import { launchChromium } from './support/chromium.js';

/** Screenshots for a person to look at; outside the repository, so never committed. */
const SCREENSHOTS = '/tmp/accolade-a11y';
const WIDTHS = [1280, 390] as const;
const LANGS = ['en', 'fr'] as const;

describe('the public pages pass axe-core in Chromium, in English and French, wide and narrow', () => {
  let service: TestService;
  let browser: Browser;
  let pages: Record<string, string>;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    const clock = fixedClock('2024-06-01T12:00:00Z');
    service = await startTestService({ clock });
    const valid: IssuedAward = await issueNew(service, azureAdministratorPass('2024-05-15', { name: 'Ana López' }));
    const expired = await issueNew(service, azureAdministratorPass('2022-03-01', { name: 'Ben Adams' }));
    const revoked = await issueNew(service, azureAdministratorPass('2024-05-20', { name: 'Chloé Martin' }));
    const pending = await issueNew(service, azureAdministratorPass('2024-05-18', { name: 'Dana Pending' }));
    await acceptThroughEmail(service, valid.id);
    await acceptThroughEmail(service, expired.id);
    await revokeAward(service, revoked.id, 'Exam result annulled');
    pages = {
      home: `${service.baseUrl}/`,
      'badge-valid': valid.links.page,
      'badge-expired': expired.links.page,
      'badge-revoked': revoked.links.page,
      'badge-not-public': pending.links.page,
      verify: `${service.baseUrl}/verify`,
      'verify-verdict': `${service.baseUrl}/verify?url=${encodeURIComponent(valid.links.page)}`,
      'verify-revoked': `${service.baseUrl}/verify?url=${encodeURIComponent(revoked.links.page)}`,
      'verify-not-a-url': `${service.baseUrl}/verify?url=not%20a%20url`,
    };
  });
  after(async () => {
    await browser?.close();
    await service?.close();
  });

  for (const lang of LANGS) {
    for (const width of WIDTHS) {
      it(`has no serious or critical violation on any page (${lang}, ${width} px)`, async () => {
        // axe is injected as a script of its own: the pages' CSP allows none, so it is bypassed
        // for the test only.
        const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
        const found: string[] = [];
        try {
          for (const [name, url] of Object.entries(pages)) {
            const page = await context.newPage();
            const separator = url.includes('?') ? '&' : '?';
            const response = await page.goto(`${url}${separator}lang=${lang}`);
            expect(response?.status(), name).to.be.oneOf([200, 400]);
            expect(await page.locator('html').getAttribute('lang')).to.equal(lang);
            found.push(...(await auditPage(page, `${name}-${lang}-${width}`, SCREENSHOTS)));
            await page.close();
          }
        } finally {
          await context.close();
        }
        expect(found, found.join('\n')).to.deep.equal([]);
      });
    }
  }
});
