import { request } from 'node:http';
import { expect } from 'chai';
import type { BadgeFormat, CheckId, VerificationReport } from '../../src/badges/verify/index.js';
import { expectVerdict } from '../fixtures/verify/expectations.js';
import { intercept, offline, serveJson, serveText } from '../fixtures/verify/hosting.js';
import {
  createOb2Issuer,
  hostedAssertion,
  type Ob2Issuer,
  RECIPIENT_EMAIL,
  serveOb2Issuer,
} from '../fixtures/verify/ob2Issuer.js';
import { credentialV2, type Json } from '../fixtures/verify/ob3Credentials.js';
import {
  controllerDocument,
  eddsaRdfc2022DidKey,
  eddsaRdfc2022Key,
  type JwtKey,
  jwtKey,
  signVcJwt,
} from '../fixtures/verify/ob3Signing.js';
import { clockAtNow, FUTURE, ISSUER } from '../fixtures/verify/scenario.js';
import { revocationList, revocationListEntry } from '../fixtures/verify/statusLists.js';
import { startTestService, type TestService } from '../support/testService.js';

const ISSUER_ID = `${ISSUER}/issuer`;
const RSA_KID = `${ISSUER}/keys/rsa-1`;

/**
 * POST /api/v1/verify over node:http: while nock plays other issuers, a fetch() it lets through
 * to 127.0.0.1 loses its body (nock 15.0.0), and node:http requests keep theirs.
 */
function postVerify(service: TestService, body: unknown): Promise<{ status: number; report: VerificationReport }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${service.baseUrl}/api/v1/verify`,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, report: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(body));
  });
}

/**
 * Other issuers on the internet, played by nock at https://issuer.example, verified through the
 * service's real safe fetcher (nock answers before any DNS resolution), with keys made here.
 */
describe('POST /api/v1/verify with badges of another issuer', () => {
  offline();
  let service: TestService;
  let issuer: Ob2Issuer;
  let rsa: JwtKey;

  async function expectReport(
    body: unknown,
    status: VerificationReport['status'],
    format: BadgeFormat,
    failing?: CheckId,
  ): Promise<VerificationReport> {
    const answer = await postVerify(service, body);
    expect(answer.status).to.equal(200);
    expectVerdict(answer.report, status, failing);
    expect(answer.report.format).to.equal(format);
    return answer.report;
  }

  /** A VC-JWT signed with the fresh RSA key, whose kid URL nock serves as one JWK. */
  function rsaJwt(overrides: Json = {}): Promise<string> {
    serveJson(RSA_KID, { ...rsa.publicJwk, kid: RSA_KID }, 'application/jwk+json');
    return signVcJwt(credentialV2(ISSUER_ID, overrides), rsa, { kid: RSA_KID });
  }

  before(async () => {
    service = await startTestService({ clock: clockAtNow() });
    issuer = createOb2Issuer();
    rsa = await jwtKey('RS256');
  });
  after(() => service.close());

  it('verifies a hosted OB 2.0 assertion, its recipient included', async () => {
    const assertion = hostedAssertion(issuer, { expires: FUTURE });
    serveOb2Issuer(issuer, { assertions: [assertion] });

    const report = await expectReport({ url: assertion['id'], recipient: RECIPIENT_EMAIL }, 'valid', 'ob2-hosted');

    expect(report.badge).to.deep.include({ name: 'Azure Fundamentals', recipientMatch: true });
    expect(report.badge?.issuer).to.deep.equal({
      id: ISSUER_ID,
      name: 'Example Issuer',
      url: ISSUER,
      domain: 'issuer.example',
      known: false,
      own: false,
    });
  });

  it('verifies a VC-JWT signed with an RSA key whose kid URL answers its JWK, pasted and by URL', async () => {
    const jwt = await rsaJwt({ validUntil: FUTURE });
    serveText(`${ISSUER}/credentials/1.jwt`, jwt);

    await expectReport({ credential: jwt }, 'valid', 'ob3-jwt');
    await expectReport({ url: `${ISSUER}/credentials/1.jwt` }, 'valid', 'ob3-jwt');
  });

  it('verifies a credential with one proof object, as vc.issue() makes it, by did:key and by https controller', async () => {
    const didKey = await eddsaRdfc2022DidKey();
    const controller = `${ISSUER}/issuers/vc-issue`;
    const httpKey = await eddsaRdfc2022Key(controller);
    serveJson(controller, controllerDocument(controller, [httpKey]));
    for (const credential of [
      await didKey.issue(credentialV2(didKey.controller, { validUntil: FUTURE })),
      await httpKey.issue(credentialV2(controller, { validUntil: FUTURE })),
    ]) {
      expect(credential['proof']).to.be.an('object').and.not.to.be.an('array');
      await expectReport({ credential, recipient: RECIPIENT_EMAIL }, 'valid', 'ob3-data-integrity');
    }
  });

  it('finds a tampered VC-JWT invalid, with a failed signature', async () => {
    const [header, payload, signature] = (await rsaJwt()).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const tampered = Buffer.from(JSON.stringify({ ...claims, name: 'Azure Solutions Architect Expert' }));

    await expectReport(
      { credential: [header, tampered.toString('base64url'), signature].join('.') },
      'invalid',
      'ob3-jwt',
      'proof.signature',
    );
  });

  it('reports a VC-JWT listed in its 1EdTechRevocationList as revoked', async () => {
    const list = `${ISSUER}/revocations/ob3-revoked`;
    const jwt = await rsaJwt({ credentialStatus: revocationListEntry(list) });
    const credentialId = String(credentialV2(ISSUER_ID)['id']);
    serveJson(list, revocationList(list, [credentialId]));

    await expectReport({ credential: jwt }, 'revoked', 'ob3-jwt', 'status.revocation');
  });

  it('reports a hosted assertion answering 410 Gone as revoked', async () => {
    intercept(ISSUER).get('/assertions/gone').reply(410, { revoked: true });

    await expectReport({ url: `${ISSUER}/assertions/gone` }, 'revoked', 'ob2-hosted', 'status.revocation');
  });

  it("cannot judge a badge while its issuer's server does not answer (indeterminate)", async () => {
    // What a connection that never answers ends as (the fetcher's own timeout is tested apart,
    // in safeFetcher.test.ts): nothing here waits for a clock.
    intercept(ISSUER)
      .get('/assertions/silent')
      .replyWithError(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }));

    await expectReport({ url: `${ISSUER}/assertions/silent` }, 'indeterminate', 'unknown', 'input.fetch');
  });

  it('cannot judge a VC-JWT while its status list answers 503 (indeterminate)', async () => {
    const list = `${ISSUER}/revocations/unavailable`;
    const jwt = await rsaJwt({ credentialStatus: revocationListEntry(list) });
    intercept(ISSUER).persist().get('/revocations/unavailable').reply(503);

    await expectReport({ credential: jwt }, 'indeterminate', 'ob3-jwt', 'status.revocation');
  });
});
