import { expect } from 'chai';
import type { BadgeFormat, CheckId, VerificationReport } from '../../src/badges/verify/index.js';
import { expectVerdict } from '../fixtures/verify/expectations.js';
import { createOb2Issuer, hostedAssertion, RECIPIENT_EMAIL, unsignedJws } from '../fixtures/verify/ob2Issuer.js';
import { credentialV2 } from '../fixtures/verify/ob3Credentials.js';
import { controllerDocument, eddsaRdfc2022Key } from '../fixtures/verify/ob3Signing.js';
import { clockAtNow, ISSUER } from '../fixtures/verify/scenario.js';
import { startTestService, type TestService } from '../support/testService.js';
import { type LocalServer, startLocalServer } from '../unit/adapters/fetch-safe/localServer.js';
import { type Answer, call, expectError } from './support/api.js';

type Json = Record<string, unknown>;

/** A document another issuer published at https://issuer.example, moved to the local test issuer. */
function rehosted(document: Json, origin: string): Json {
  return JSON.parse(JSON.stringify(document).replaceAll(ISSUER, origin));
}

/**
 * The verify endpoint fetches what strangers give it. These tests run the service with its real
 * safe fetcher (no override, no nock): a local test issuer on 127.0.0.1 is allowed through
 * VERIFY_ALLOWED_HOSTS, and a second local server (not allowed) is the trap nothing may reach.
 */
describe('POST /api/v1/verify safety rules, with the real safe fetcher', () => {
  let service: TestService;
  let issuer: LocalServer;
  let trap: LocalServer;
  const documents = new Map<string, { body: string; contentType: string }>();

  async function verify(body: unknown, contentType?: string): Promise<Answer<VerificationReport>> {
    if (contentType === undefined) return call(service, 'POST', '/api/v1/verify', { body, token: null });
    return call(service, 'POST', '/api/v1/verify', {
      rawBody: body as string | Buffer,
      headers: { 'content-type': contentType },
      token: null,
    });
  }

  async function expectReport(
    body: unknown,
    status: VerificationReport['status'],
    format: BadgeFormat,
    failing?: CheckId,
    contentType?: string,
  ): Promise<VerificationReport> {
    const answer = await verify(body, contentType);
    expect(answer.status, answer.text).to.equal(200);
    expectVerdict(answer.body, status, failing);
    expect(answer.body.format).to.equal(format);
    return answer.body;
  }

  const serve = (path: string, document: Json | string, contentType = 'application/json') =>
    documents.set(path, { body: typeof document === 'string' ? document : JSON.stringify(document), contentType });

  before(async () => {
    trap = await startLocalServer((_request, response) => response.end('{}'));
    issuer = await startLocalServer((request, response) => {
      const path = request.url ?? '/';
      if (path === '/redirect-to-trap') {
        response.writeHead(302, { location: `${trap.origin}/badge` }).end();
      } else if (path === '/huge') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(`"${'a'.repeat(3_000_000)}"`);
      } else if (path === '/silent') {
        // Never answers: the fetch must give up on its own.
      } else {
        const document = documents.get(path);
        if (document === undefined) response.writeHead(404).end();
        else response.writeHead(200, { 'content-type': document.contentType }).end(document.body);
      }
    });
    service = await startTestService({
      clock: clockAtNow(),
      env: { VERIFY_ALLOWED_HOSTS: `127.0.0.1:${issuer.port}`, VERIFY_FETCH_TIMEOUT_MS: '500' },
    });
  });
  after(async () => {
    await service?.close();
    await issuer?.close();
    await trap?.close();
  });

  describe('addresses', () => {
    const forbidden = () => [
      `http://127.0.0.1:${trap.port}/badge`,
      `https://127.0.0.1:${trap.port}/badge`,
      `http://2130706433:${trap.port}/badge`,
      `http://[::ffff:127.0.0.1]:${trap.port}/badge`,
      `http://[::1]:${trap.port}/badge`,
      `http://localhost:${trap.port}/badge`,
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/badge',
      'https://10.0.0.1/badge',
    ];

    it('refuses loopback, private and metadata addresses in every spelling, with a failed input.fetch', async () => {
      for (const url of forbidden()) await expectReport({ url }, 'invalid', 'unknown', 'input.fetch');
      expect(trap.requests).to.have.length(0);
    });

    it('refuses a file: URL without reading anything', async () => {
      await expectReport({ url: 'file:///etc/passwd' }, 'invalid', 'unknown', 'input.parse');
    });

    it('refuses a redirect from an allowed host to an address that is not allowed', async () => {
      await expectReport({ url: `${issuer.origin}/redirect-to-trap` }, 'invalid', 'unknown', 'input.fetch');
      expect(trap.requests).to.have.length(0);
    });

    it('gives up on a server that does not answer in time (indeterminate)', async () => {
      await expectReport({ url: `${issuer.origin}/silent` }, 'indeterminate', 'unknown', 'input.fetch');
    });

    it('refuses a response larger than VERIFY_MAX_RESPONSE_BYTES', async () => {
      await expectReport({ url: `${issuer.origin}/huge` }, 'invalid', 'unknown', 'input.fetch');
    });
  });

  describe('a local test issuer allowed through VERIFY_ALLOWED_HOSTS', () => {
    it('verifies its hosted OB 2.0 assertion over plain http', async () => {
      const ob2 = createOb2Issuer();
      const assertion = rehosted(hostedAssertion(ob2), issuer.origin);
      for (const document of [ob2.profile, ob2.badgeClass, assertion]) {
        serve(new URL(String(rehosted(document, issuer.origin)['id'])).pathname, rehosted(document, issuer.origin));
      }

      const report = await expectReport({ url: assertion['id'], recipient: RECIPIENT_EMAIL }, 'valid', 'ob2-hosted');

      expect(report.badge?.issuer.url).to.equal(issuer.origin);
      expect(report.badge?.recipientMatch).to.equal(true);
    });

    it('verifies its Data Integrity credential, reading its did:web document over plain http', async () => {
      const did = `did:web:127.0.0.1%3A${issuer.port}`;
      const key = await eddsaRdfc2022Key(did);
      serve('/.well-known/did.json', controllerDocument(did, [key]), 'application/did+json');

      await expectReport({ credential: await key.sign(credentialV2(did)) }, 'valid', 'ob3-data-integrity');
    });
  });

  describe('hostile input', () => {
    it('answers 413 payload_too_large to an image over 5 MB', async () => {
      const image = Buffer.alloc(5 * 1024 * 1024 + 1, 0x41);

      expectError(await verify(image, 'image/png'), 413, 'payload_too_large');
    });

    it('finds an SVG carrying a script unreadable, as a failed check', async () => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">
        <script>alert(document.cookie)</script>
        <openbadges:assertion verify="${ISSUER}/assertions/1"/>
      </svg>`;

      await expectReport(svg, 'invalid', 'unknown', 'image.unbake', 'image/svg+xml');
    });

    it('finds an SVG declaring an external entity unreadable, as a failed check', async () => {
      const svg = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">
        <openbadges:assertion verify="&xxe;"/></svg>`;

      await expectReport(svg, 'invalid', 'unknown', 'image.unbake', 'image/svg+xml');
    });

    it('finds a PNG with a malformed chunk unreadable, as a failed check', async () => {
      const png = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.from([0xff, 0xff, 0xff, 0xf0]),
        Buffer.from('iTXt'),
      ]);

      await expectReport(png, 'invalid', 'unknown', 'image.unbake', 'image/png');
    });

    it('finds a credential nested 100,000 levels deep unreadable, as a failed input.parse', async () => {
      const nested = `{"credential":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;

      await expectReport(nested, 'invalid', 'unknown', 'input.parse', 'application/json');
    });

    it('finds deeply nested JSON text unreadable, as a failed input.parse', async () => {
      await expectReport(
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
        'invalid',
        'unknown',
        'input.parse',
        'text/plain',
      );
    });

    it("refuses a JWS with alg none, whatever its payload's claims", async () => {
      const jws = unsignedJws({ alg: 'none' }, credentialV2(`${ISSUER}/issuer`));

      await expectReport({ credential: jws }, 'invalid', 'ob3-jwt', 'proof.signature');
    });
  });
});
