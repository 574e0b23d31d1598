import { expect } from 'chai';
import type { VerificationReport } from '../../src/badges/verify/index.js';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, expectError, fetchPublic, type IssuedAward, issueNew, revokeAward } from './support/api.js';
import { azureAdministratorPass } from './support/awardRequests.js';

/** The text of a `<dd>` with this class on a page. */
function fact(html: string, className: string): string | undefined {
  return new RegExp(`<dd class="${className}">(?:<bdi>)?([^<]*)`).exec(html)?.[1];
}

describe('the verify report for people', () => {
  let service: TestService;
  const clock = fixedClock('2024-06-01T12:00:00Z');
  let backfilled: IssuedAward;
  let revoked: IssuedAward;

  const verify = (body: unknown) => call<VerificationReport>(service, 'POST', '/api/v1/verify', { body, token: null });

  async function page(path: string, init: RequestInit = {}) {
    const response = await fetch(`${service.baseUrl}${path}`, init);
    return { status: response.status, html: await response.text() };
  }

  before(async () => {
    service = await startTestService({ clock });
    // Earned on 15 May 2024, issued by the service on 1 June 2024.
    backfilled = await issueNew(service, azureAdministratorPass('2024-05-15', { name: 'Ana López' }));
    revoked = await issueNew(service, azureAdministratorPass('2024-05-20'));
    clock.set('2024-06-02T08:00:00Z');
    await revokeAward(service, revoked.id, 'Exam result annulled');
    clock.set('2024-06-03T08:00:00Z');
  });
  after(() => service?.close());

  describe('dates', () => {
    for (const link of ['credential', 'credentialJwt'] as const) {
      it(`gives earned and issued apart for an OB 3.0 badge (${link})`, async () => {
        const answer = await verify({ url: backfilled.links[link] });

        const badge = answer.body.badge;
        expect(answer.body.status).to.equal('valid');
        expect([badge?.earnedOn, badge?.issuedOn, badge?.expires].map((date) => Date.parse(date ?? ''))).to.deep.equal(
          ['2024-05-15T00:00:00Z', '2024-06-01T12:00:00Z', '2025-05-15T00:00:00Z'].map(Date.parse),
        );
      });
    }

    it('gives an OB 2.0 badge’s one date as earned', async () => {
      const answer = await verify({ url: backfilled.links.assertion });

      expect(Date.parse(answer.body.badge?.earnedOn ?? '')).to.equal(Date.parse('2024-05-15T00:00:00Z'));
      expect(answer.body.badge).not.to.have.property('issuedOn');
    });

    it('shows the same dates on the page as the badge page does', async () => {
      const report = await page(`/verify?lang=en&url=${encodeURIComponent(backfilled.links.credential)}`);
      const badgePage = (await fetchPublic(backfilled.links.page, { accept: 'text/html' })).text;

      expect(fact(report.html, 'earned')).to.equal('15 May 2024');
      expect(fact(report.html, 'issued')).to.equal('1 June 2024');
      expect(fact(badgePage, 'earned')).to.equal('15 May 2024');
      expect(fact(badgePage, 'issued')).to.equal('1 June 2024');
    });
  });

  describe('revocation', () => {
    for (const link of ['page', 'assertion', 'credential', 'credentialJwt'] as const) {
      it(`carries the reason and date the issuer publishes (${link})`, async () => {
        const answer = await verify({ url: revoked.links[link] });

        expect(answer.body.status).to.equal('revoked');
        expect(answer.body.revocation).to.deep.equal({
          reason: 'Exam result annulled',
          revokedOn: '2024-06-02T08:00:00.000Z',
        });
      });
    }

    for (const link of ['page', 'assertion'] as const) {
      it(`says which badge was revoked and by whom, from the BadgeClass its 410 names (${link})`, async () => {
        const answer = await verify({ url: revoked.links[link] });

        expect(answer.body.badge?.name).to.equal('Microsoft Certified: Azure Administrator Associate');
        expect(answer.body.badge?.issuer.name).to.equal('Accolade Certification Programme');
      });
    }

    it('shows them on the page, in French too', async () => {
      const url = encodeURIComponent(revoked.links.page);
      const english = await page(`/verify?lang=en&url=${url}`);
      const french = await page(`/verify?lang=fr&url=${url}`);

      expect(fact(english.html, 'revocation-reason')).to.equal('Exam result annulled');
      expect(fact(english.html, 'revoked-on')).to.equal('2 June 2024');
      expect(fact(french.html, 'revoked-on')).to.equal('2 juin 2024');
    });
  });

  describe('in French', () => {
    it('explains every check in French, the engine’s English kept as marked technical detail', async () => {
      const french = await page(`/verify?lang=fr&url=${encodeURIComponent(backfilled.links.credential)}`);

      expect(french.html).to.include('<span class="explanation">La signature concorde');
      expect(french.html).to.include('<summary>Détail technique (en anglais)</summary><small lang="en">');
      const explanations = [...french.html.matchAll(/<span class="explanation">([^<]*)<\/span>/g)].map((m) => m[1]);
      expect(explanations.length).to.be.greaterThan(5);
      for (const text of explanations) expect(text).not.to.match(/\b(the|was|has|not)\b/);
    });
  });

  describe('what is given', () => {
    it('trims whitespace around a pasted URL, on the API and on the page', async () => {
      const answer = await verify({ url: `  ${backfilled.links.assertion}\n\t` });
      const shown = await page(`/verify?lang=en&url=${encodeURIComponent(` ${backfilled.links.assertion} `)}`);

      expect(answer.body.status).to.equal('valid');
      expect(shown.status).to.equal(200);
      expect(shown.html).to.include('data-status="valid"');
    });

    for (const notUrl of ['not a url', 'example.org/badge', 'https://exa mple.org/x']) {
      it(`answers "${notUrl}" as a form error, not a verdict`, async () => {
        expectError(await verify({ url: notUrl }), 400, 'validation_failed');
        const shown = await page(`/verify?lang=fr&url=${encodeURIComponent(notUrl)}`);

        expect(shown.status).to.equal(400);
        expect(shown.html).to.include('data-problem="notUrl"');
        expect(shown.html).not.to.include('class="report"');
      });
    }

    it('answers a pasted 5 MB blob with a clear page, and the API with 413', async () => {
      const blob = 'x'.repeat(5 * 1024 * 1024);
      const form = new FormData();
      form.append('credential', blob);
      const shown = await page('/verify?lang=en', { method: 'POST', body: form });
      const api = await call(service, 'POST', '/api/v1/verify', { body: { credential: blob }, token: null });

      expect(shown.status).to.equal(413);
      expect(shown.html).to.include('data-problem="tooLarge"');
      expectError(api, 413, 'payload_too_large');
    });
  });
});
