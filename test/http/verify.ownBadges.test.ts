import { expect } from 'chai';
import type { BadgeFormat, CheckId, VerificationReport } from '../../src/badges/verify/index.js';
import { fixedClock } from '../../src/ports/clock.js';
import type { Fetcher } from '../../src/ports/fetcher.js';
import { expectVerdict } from '../fixtures/verify/expectations.js';
import { startTestService, type TestService } from '../support/testService.js';
import { type Answer, call, fetchPublic, type IssuedAward, issueNew } from './support/api.js';
import { azureAdministratorPass, newRecipientEmail } from './support/awardRequests.js';

/** An outbound fetcher that records what it is asked and answers nothing: our badges must not need it. */
function recordingOutbound(): Fetcher & { readonly asked: string[] } {
  const asked: string[] = [];
  const fetcher: Fetcher = async (url) => {
    asked.push(url);
    throw new Error(`no outbound fetch expected, asked for ${url}`);
  };
  return Object.assign(fetcher, { asked });
}

describe("POST /api/v1/verify with the service's own badges", () => {
  const clock = fixedClock('2024-06-01T12:00:00Z');
  const outbound = recordingOutbound();
  const email = newRecipientEmail('verify');
  let service: TestService;
  let award: IssuedAward;

  /** POST /api/v1/verify as a stranger (no API key), JSON or a raw body. */
  function verify(
    body: unknown,
    options: { contentType?: string; query?: string } = {},
  ): Promise<Answer<VerificationReport>> {
    const path = `/api/v1/verify${options.query ?? ''}`;
    if (options.contentType === undefined) return call(service, 'POST', path, { body, token: null });
    return call(service, 'POST', path, {
      rawBody: body as string | Buffer,
      headers: { 'content-type': options.contentType },
      token: null,
    });
  }

  /** The report must be a 200 with this status and format, and `failing` among the failed checks. */
  function expectReport(
    answer: Answer<VerificationReport>,
    status: VerificationReport['status'],
    format: BadgeFormat,
    failing?: CheckId,
  ): VerificationReport {
    expect(answer.status, answer.text).to.equal(200);
    expectVerdict(answer.body, status, failing);
    expect(answer.body.format).to.equal(format);
    return answer.body;
  }

  const text = async (url: string) => (await fetchPublic(url)).text;
  const bytes = async (url: string) => (await fetchPublic(url)).bytes;

  before(async () => {
    service = await startTestService({ clock, fetcher: outbound });
    award = await issueNew(service, azureAdministratorPass('2024-05-15', { email }));
  });
  after(() => service.close());

  describe('by URL', () => {
    const cases: ReadonlyArray<{ link: keyof IssuedAward['links']; format: BadgeFormat }> = [
      { link: 'assertion', format: 'ob2-hosted' },
      { link: 'page', format: 'ob2-hosted' },
      { link: 'signedAssertion', format: 'ob2-signed' },
      { link: 'credential', format: 'ob3-data-integrity' },
      { link: 'credentialJwt', format: 'ob3-jwt' },
    ];
    for (const { link, format } of cases) {
      it(`verifies the ${link} URL as valid ${format}, with the badge summarised`, async () => {
        const report = expectReport(await verify({ url: award.links[link] }), 'valid', format);

        expect(report.badge?.name).to.equal('Microsoft Certified: Azure Administrator Associate');
        expect(report.badge?.expires).to.equal('2025-05-15T00:00:00Z');
        expect(report.badge?.issuer.name).to.equal('Accolade Certification Programme');
        expect(report.verifiedAt).to.equal('2024-06-01T12:00:00.000Z');
      });
    }

    it('answers our own URLs from the store, without any outbound fetch', () => {
      expect(outbound.asked).to.deep.equal([]);
    });
  });

  describe('by pasted credential', () => {
    it('verifies the Data Integrity credential pasted as JSON', async () => {
      const credential = JSON.parse(await text(award.links.credential));

      expectReport(await verify({ credential }), 'valid', 'ob3-data-integrity');
    });

    it('verifies the VC-JWT and the OB 2.0 signed assertion pasted as strings', async () => {
      expectReport(await verify({ credential: await text(award.links.credentialJwt) }), 'valid', 'ob3-jwt');
      expectReport(await verify({ credential: await text(award.links.signedAssertion) }), 'valid', 'ob2-signed');
    });

    it('verifies a compact JWS sent as a text/plain body', async () => {
      const jwt = await text(award.links.credentialJwt);

      expectReport(await verify(jwt, { contentType: 'text/plain' }), 'valid', 'ob3-jwt');
    });

    it('finds a tampered VC-JWT invalid with a failed signature', async () => {
      const [header, payload, signature] = (await text(award.links.credentialJwt)).split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
      claims.name = 'Something else entirely';
      const tampered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');

      expectReport(await verify({ credential: tampered }), 'invalid', 'ob3-jwt', 'proof.signature');
    });
  });

  describe('by baked image', () => {
    const bakes = [
      { image: 'png', query: '', contentType: 'image/png', format: 'ob2-hosted' },
      { image: 'png', query: '?format=ob3', contentType: 'image/png', format: 'ob3-jwt' },
      { image: 'svg', query: '', contentType: 'image/svg+xml', format: 'ob2-signed' },
      { image: 'svg', query: '?format=ob3', contentType: 'image/svg+xml', format: 'ob3-jwt' },
    ] as const;
    for (const bake of bakes) {
      it(`verifies the ${bake.format} bake of the ${bake.image.toUpperCase()} sent as ${bake.contentType}`, async () => {
        const image = await bytes(`${award.links[bake.image]}${bake.query}`);

        const report = expectReport(await verify(image, { contentType: bake.contentType }), 'valid', bake.format);

        expect(report.checks.find((check) => check.id === 'image.unbake')?.ok).to.equal(true);
      });
    }

    it('compares the recipient given as ?recipient= with the baked badge', async () => {
      const image = await bytes(award.links.png);

      const matching = await verify(image, { contentType: 'image/png', query: `?recipient=${email}` });
      const other = await verify(image, { contentType: 'image/png', query: '?recipient=someone.else@example.org' });

      expect(expectReport(matching, 'valid', 'ob2-hosted').badge?.recipientMatch).to.equal(true);
      expectReport(other, 'invalid', 'ob2-hosted', 'recipient');
    });
  });

  describe('recipient', () => {
    for (const link of ['assertion', 'credential', 'credentialJwt'] as const) {
      it(`says the ${link} was issued to the recipient's email, in any case`, async () => {
        const answer = await verify({ url: award.links[link], recipient: email.toUpperCase() });

        expect(answer.body.badge?.recipientMatch).to.equal(true);
        expectVerdict(answer.body, 'valid');
      });

      it(`finds the ${link} invalid for another email, with a failed recipient check`, async () => {
        const answer = await verify({ url: award.links[link], recipient: 'someone.else@example.org' });

        expect(answer.body.badge?.recipientMatch).to.equal(false);
        expectVerdict(answer.body, 'invalid', 'recipient');
      });
    }
  });

  describe('revoked and expired badges', () => {
    let revoked: IssuedAward;
    let expired: IssuedAward;
    before(async () => {
      revoked = await issueNew(service, azureAdministratorPass('2024-05-20'));
      const answer = await call(service, 'POST', `/api/v1/awards/${revoked.id}/revoke`, {
        body: { reason: 'Exam result annulled' },
      });
      expect(answer.status, answer.text).to.equal(200);
      // AZ-104 earns a certification valid 12 months: backfilled from 2022, it expired in 2023.
      expired = await issueNew(service, azureAdministratorPass('2022-03-01'));
    });

    const formats = [
      { link: 'assertion', format: 'ob2-hosted' },
      { link: 'signedAssertion', format: 'ob2-signed' },
      { link: 'credential', format: 'ob3-data-integrity' },
      { link: 'credentialJwt', format: 'ob3-jwt' },
    ] as const;
    for (const { link, format } of formats) {
      it(`reports the revoked ${link} as revoked, with a failed status.revocation`, async () => {
        expectReport(await verify({ url: revoked.links[link] }), 'revoked', format, 'status.revocation');
      });

      it(`reports the ${link} of a certification that ran out as expired, with a failed time.expiry`, async () => {
        expectReport(await verify({ url: expired.links[link] }), 'expired', format, 'time.expiry');
      });
    }

    it('sees a revocation at once, even for a badge it has just verified', async () => {
      const fresh = await issueNew(service, azureAdministratorPass('2024-05-21'));
      const jwt = await text(fresh.links.credentialJwt);
      const credential = JSON.parse(await text(fresh.links.credential));
      expectReport(await verify({ credential: jwt }), 'valid', 'ob3-jwt');
      expectReport(await verify({ credential }), 'valid', 'ob3-data-integrity');

      const revocation = await call(service, 'POST', `/api/v1/awards/${fresh.id}/revoke`, {
        body: { reason: 'Issued in error' },
      });
      expect(revocation.status, revocation.text).to.equal(200);

      expectReport(await verify({ credential: jwt }), 'revoked', 'ob3-jwt', 'status.revocation');
      expectReport(await verify({ credential }), 'revoked', 'ob3-data-integrity', 'status.revocation');
      expectReport(await verify({ url: fresh.links.assertion }), 'revoked', 'ob2-hosted', 'status.revocation');
    });

    it('reports a revoked VC-JWT pasted as text as revoked', async () => {
      const jwt = await text(revoked.links.credentialJwt);

      expectReport(await verify({ credential: jwt }), 'revoked', 'ob3-jwt', 'status.revocation');
    });
  });
});
