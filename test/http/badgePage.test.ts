import { expect } from 'chai';
import { fixedClock } from '../../src/ports/clock.js';
import { csrfIn } from '../support/pageClient.js';
import { startTestService, type TestService } from '../support/testService.js';
import { fetchPublic, type IssuedAward, issueNew, revokeAward } from './support/api.js';
import { azureAdministratorPass, passOf } from './support/awardRequests.js';
import { acceptThroughEmail } from './support/claims.js';

const HTML = { accept: 'text/html' };

const NO_OFFERS = { linkedIn: false, x: false, facebook: false, email: false, embed: false, downloads: false };

/** The `content` of a `<meta>` tag with this property or name, as the page wrote it. */
function metaContent(html: string, key: string): string | undefined {
  const match = new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(html);
  return match?.[1];
}

/** What the page offers, by the links it carries. */
function offers(html: string) {
  return {
    linkedIn: html.includes('https://www.linkedin.com/profile/add?'),
    x: html.includes('https://x.com/intent/post?'),
    facebook: html.includes('https://www.facebook.com/sharer/'),
    email: html.includes('href="mailto:?subject='),
    embed: html.includes('id="embed"'),
    downloads: html.includes('/image.png" download') && html.includes('/image.svg" download'),
  };
}

describe('the badge page', () => {
  let service: TestService;
  const clock = fixedClock('2024-06-01T12:00:00Z');
  let valid: IssuedAward;
  let expired: IssuedAward;
  let revoked: IssuedAward;

  before(async () => {
    service = await startTestService({ clock });
    valid = await issueNew(service, azureAdministratorPass('2024-05-15', { name: 'Ana López' }));
    expired = await issueNew(service, azureAdministratorPass('2022-03-01', { name: 'Ben Adams' }));
    revoked = await issueNew(service, azureAdministratorPass('2024-05-20', { name: 'Chloé Martin' }));
    // Only the earner makes a badge public: these two are accepted through their emails.
    await acceptThroughEmail(service, valid.id);
    await acceptThroughEmail(service, expired.id);
    clock.set('2024-06-02T08:00:00Z');
    await revokeAward(service, revoked.id, 'Exam result annulled');
    clock.set('2024-06-03T08:00:00Z');
  });
  after(() => service?.close());

  describe('of a valid badge', () => {
    let html: string;
    before(async () => {
      const page = await fetchPublic(valid.links.page, HTML);
      expect(page.status).to.equal(200);
      html = page.text;
    });

    it('names the earner, never the email, and shows the verification mark of our own verifier', () => {
      expect(html).to.include('<bdi>Ana López</bdi>');
      expect(html).not.to.match(/@example\.org/i);
      expect(html).to.include('class="verification" data-status="valid"');
      expect(html).to.include('Verified just now');
    });

    it('offers add-to-profile, X, Facebook, email, the embed snippet and the downloads', () => {
      expect(Object.values(offers(html))).to.deep.equal(Object.values(NO_OFFERS).map(() => true));
    });

    it('links the issuer home, with its logo, the criteria page and the skills', () => {
      expect(html).to.include(`href="${service.baseUrl}/?lang=en"`);
      expect(html).to.include(`src="${service.baseUrl}/images/issuer.png"`);
      expect(html).to.include('class="criteria-link" href="https://learn.microsoft.com/');
      expect(html).to.match(/<ul class="tags">\s*<li><bdi>Azure<\/bdi><\/li>/);
    });

    it('carries Open Graph and Twitter card tags that show the badge in its language', () => {
      expect(metaContent(html, 'og:title')).to.equal('Microsoft Certified: Azure Administrator Associate');
      expect(metaContent(html, 'og:url')).to.equal(valid.links.page);
      expect(metaContent(html, 'og:image')).to.equal(
        `${service.baseUrl}/images/achievements/azure-administrator-associate/en.png`,
      );
      expect(metaContent(html, 'twitter:card')).to.equal('summary');
      expect(metaContent(html, 'twitter:image')).to.equal(metaContent(html, 'og:image'));
    });

    it('shows the picture in the reader’s language', async () => {
      const french = await fetchPublic(`${valid.links.page}?lang=fr`, HTML);

      expect(french.text).to.include('/images/achievements/azure-administrator-associate/fr.png');
      // French typography: the colon is held to the word before it, so the title never wraps before it.
      expect(french.text).to.include('<bdi>Microsoft Certified\u00a0: Administrateur Azure Associate</bdi></h1>');
      expect(metaContent(french.text, 'og:locale')).to.equal('fr_FR');
    });
  });

  describe('of a revoked badge', () => {
    let html: string;
    before(async () => {
      html = (await fetchPublic(revoked.links.page, HTML)).text;
    });

    it('says so first, with the reason and the date', () => {
      const main = html.slice(html.indexOf('<main>'));
      expect(main.indexOf('class="notice revoked"')).to.be.lessThan(main.indexOf('<article'));
      expect(html).to.match(/<h1[^>]*>This badge has been revoked<\/h1>/);
      expect(html).to.include('<dd class="revoked-on">2 June 2024</dd>');
      expect(html).to.include('<bdi>Exam result annulled</bdi>');
      expect(html).to.include('class="verification" data-status="revoked"');
    });

    it('offers no sharing, embedding or download, and does not name the earner', () => {
      expect(offers(html)).to.deep.equal(NO_OFFERS);
      expect(html).not.to.include('Chloé Martin');
    });

    it('still answers its document and image URLs', async () => {
      for (const link of [revoked.links.png, revoked.links.svg, revoked.links.credential]) {
        expect((await fetchPublic(link)).status, link).to.equal(200);
      }
    });

    it('is revoked in French too', async () => {
      const french = (await fetchPublic(`${revoked.links.page}?lang=fr`, HTML)).text;

      expect(french).to.include('Ce badge a été révoqué');
      expect(french).to.include('<dd class="revoked-on">2 juin 2024</dd>');
    });
  });

  describe('of an expired badge', () => {
    let html: string;
    before(async () => {
      html = (await fetchPublic(expired.links.page, HTML)).text;
    });

    it('says when it expired', () => {
      expect(html).to.include('This badge expired on <span class="expired-on">1 March 2023</span>');
      expect(html).to.include('class="verification" data-status="expired"');
    });

    it('keeps the downloads and the earner, but offers no add-to-profile, sharing or embedding', () => {
      expect(offers(html)).to.deep.equal({ ...NO_OFFERS, downloads: true });
      expect(html).to.include('<bdi>Ben Adams</bdi>');
    });
  });

  describe('for an address with no badge', () => {
    for (const [label, path] of [
      ['an unknown id', '/badges/0190c2a4-0000-7000-8000-000000000000'],
      ['a malformed id', '/badges/not-a-badge'],
      ['an id of 5,000 characters', `/badges/${'a'.repeat(5000)}`],
      ['an encoded slash and script', '/badges/%2F..%2F%3Cscript%3E'],
    ] as const) {
      it(`answers ${label} with a 404 page, not a trace`, async () => {
        const page = await fetchPublic(`${service.baseUrl}${path}`, HTML);

        expect(page.status).to.equal(404);
        expect(page.contentType).to.match(/^text\/html/);
        expect(page.text).to.include('Badge not found');
        expect(page.text).to.include('Error code: <code>not_found</code>');
        expect(page.text).not.to.match(/<script|at [A-Za-z]+ \(/);
      });
    }
  });

  it('answers a malformed percent-encoding with 400 malformed_url, not a trace', async () => {
    const page = await fetchPublic(`${service.baseUrl}/badges/%E0%A4%A`, HTML);

    expect(page.status).to.equal(400);
    expect(JSON.parse(page.text).error.code).to.equal('malformed_url');
    expect(page.text).not.to.match(/<script|at [A-Za-z]+ \(/);
  });

  describe('of a badge its earner has not made public', () => {
    it('says only that it exists and is valid while it waits to be accepted: no name, nothing offered', async () => {
      const pending = await issueNew(service, passOf('AZ-900', '2024-05-15', { name: 'Dana Pending' }));

      const html = (await fetchPublic(pending.links.page, HTML)).text;

      expect(html).to.include('This badge has not been made public by its earner');
      expect(html).not.to.include('Dana Pending');
      expect(offers(html)).to.deep.equal(NO_OFFERS);
      expect(html).to.include('class="verification" data-status="valid"');
    });

    it('withholds an accepted badge again once its earner makes it private', async () => {
      const award = await issueNew(service, passOf('AZ-900', '2024-05-16', { name: 'Eli Private' }));
      const earner = await acceptThroughEmail(service, award.id);
      expect((await fetchPublic(award.links.page, HTML)).text).to.include('<bdi>Eli Private</bdi>');

      const account = await earner.get('/account');
      const made = await earner.post(`/account/badges/${award.id}/private`, { csrf: csrfIn(account.text) });
      expect(made.status, made.text).to.equal(303);

      const html = (await fetchPublic(award.links.page, HTML)).text;
      expect(html).not.to.include('Eli Private');
      expect(offers(html)).to.deep.equal(NO_OFFERS);
    });
  });

  it('escapes a hostile recipient name and isolates it', async () => {
    const hostile = await issueNew(
      service,
      passOf('AZ-900', '2024-05-15', { name: '<script>alert(1)</script>\u202Eevil' }),
    );
    await acceptThroughEmail(service, hostile.id);

    const html = (await fetchPublic(hostile.links.page, HTML)).text;

    expect(html).not.to.include('<script>alert(1)');
    expect(html).to.include('<bdi>&lt;script&gt;alert(1)&lt;/script&gt;\u202Eevil</bdi>');
  });
});
