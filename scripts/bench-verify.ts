import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { RequestStep } from 'autocannon';
import { v7 as uuidv7 } from 'uuid';
import { readStandardDocuments } from '../src/adapters/standards-files/readStandardDocuments.js';
import { createContextLoader } from '../src/badges/jsonld/documentLoader.js';
import { buildDidDocument } from '../src/badges/keys/didDocument.js';
import { generateKeySet, type KeySetMaterial } from '../src/badges/keys/keySetMaterial.js';
import { rsaPublicJwk } from '../src/badges/keys/publicKeys.js';
import { buildHostedAssertion } from '../src/badges/ob2/assertion.js';
import { buildBadgeClass } from '../src/badges/ob2/badgeClass.js';
import { buildOb2IssuerProfile } from '../src/badges/ob2/issuerProfile.js';
import { buildOpenBadgeCredential } from '../src/badges/ob3/credential.js';
import { dataIntegrityKey } from '../src/badges/ob3/dataIntegrity/key.js';
import { signDataIntegrity } from '../src/badges/ob3/dataIntegrity/signCredential.js';
import { buildOb3RevocationList } from '../src/badges/ob3/revocationList.js';
import { signCredentialJwt } from '../src/badges/ob3/vcJwt.js';
import { createUrlLayout, type UrlLayout } from '../src/badges/urls.js';
import { freshCertificationAward } from './bench-support/benchAward.js';
import { type LoadFigures, loadTest } from './bench-support/loadTest.js';
import { formatNumber, markdownTable } from './bench-support/report.js';
import { BENCH_ADMIN_TOKEN, type ServiceUnderTest, startServiceUnderTest } from './bench-support/serviceUnderTest.js';

export interface VerifyBenchOptions {
  readonly connections?: number;
  /** Seconds each measured figure lasts. */
  readonly seconds?: number;
  /** Seconds of unmeasured load before each figure, so JIT and caches are warm. */
  readonly warmUpSeconds?: number;
  /** Distinct badges each figure cycles through, so no figure is one badge verified over and over. */
  readonly badges?: number;
  /** Told the service's process id as soon as it runs (to sample its memory). */
  readonly onServiceStarted?: (pid: number | undefined) => void;
}

export interface VerifyFigure extends LoadFigures {
  /** verifications/s ÷ healthz/s. */
  readonly ratio: number;
}

export interface VerifyFigures {
  readonly healthz: LoadFigures;
  /** Our own badges, one figure per format: answered in-process, no HTTP round-trip. */
  readonly own: readonly VerifyFigure[];
  /** Another issuer on a local server: every document fetched each time (it answers no-store). */
  readonly otherCold: readonly VerifyFigure[];
  /** The same issuer answering max-age: its profile, keys and lists come from the fetch cache. */
  readonly otherCached: readonly VerifyFigure[];
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** POST /api/v1/verify cycling through the given bodies, one per request. */
function verifyRequests(bodies: readonly string[]): RequestStep[] {
  let next = 0;
  return [
    {
      method: 'POST',
      path: '/api/v1/verify',
      headers: JSON_HEADERS,
      setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }),
    },
  ];
}

/** Every body must verify as valid before it is timed: a fast "invalid" would be a false figure. */
async function expectValid(baseUrl: string, name: string, bodies: readonly string[]): Promise<void> {
  for (const body of bodies) {
    const response = await fetch(`${baseUrl}/api/v1/verify`, { method: 'POST', headers: JSON_HEADERS, body });
    const report = (await response.json()) as { status?: string; checks?: unknown };
    if (report.status !== 'valid') {
      throw new Error(`${name}: expected a valid badge, got ${report.status}: ${JSON.stringify(report.checks)}`);
    }
  }
}

interface Documents {
  readonly byPath: Map<string, { readonly body: string; readonly contentType: string; readonly badge: boolean }>;
}

/**
 * Another issuer, on a plain local HTTP server: OB 2.0 hosted assertions with their BadgeClass
 * and Profile, RS256 VC-JWTs whose kid URL answers a JWK and whose status is a 1EdTech
 * revocation list, and eddsa-rdfc-2022 credentials from a did:web issuer. The badges themselves
 * answer `no-cache` (a verifier must see a revocation at once); the issuer's profile, keys, DID
 * document and lists answer `no-store` while `cacheable` is false, and `max-age=300` after.
 */
async function startOtherIssuer(badges: number) {
  const documents: Documents = { byPath: new Map() };
  let cacheable = false;
  const server: Server = createServer((request, response) => {
    const document = documents.byPath.get(request.url ?? '/');
    if (document === undefined) {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(200, {
        'content-type': document.contentType,
        'cache-control': document.badge ? 'no-cache' : cacheable ? 'public, max-age=300' : 'no-store',
      })
      .end(document.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const urls: UrlLayout = createUrlLayout(origin);
  const keySet: KeySetMaterial = await generateKeySet(uuidv7(), new Date());
  const serve = (url: string, body: unknown, contentType: string, badge = false) => {
    const { pathname, search } = new URL(url);
    documents.byPath.set(`${pathname}${search}`, {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      contentType,
      badge,
    });
  };

  const issuer = { name: 'Other Issuer', url: origin, email: 'badges@other.example', imageUrl: `${origin}/logo.png` };
  const awards = Array.from({ length: badges }, (_, index) => ({
    ...freshCertificationAward(keySet.id, index),
    issuer,
    lang: 'en' as const,
    expires: '2099-01-01T00:00:00Z',
  }));
  serve(urls.ob2Issuer, buildOb2IssuerProfile(issuer, [keySet.id], urls), 'application/ld+json');
  serve(urls.jwk(keySet.id), rsaPublicJwk(keySet, urls), 'application/jwk+json');
  serve(urls.didDocument, buildDidDocument([keySet], urls), 'application/did+json');
  serve(urls.ob3RevocationList, buildOb3RevocationList([], urls), 'application/json');
  const hosted: string[] = [];
  const jwts: string[] = [];
  const dataIntegrity: string[] = [];
  const contexts = createContextLoader(readStandardDocuments().contexts);
  for (const award of awards) {
    const badgeClass = buildBadgeClass({ achievement: award.achievement, lang: award.lang }, urls);
    serve(badgeClass.id, badgeClass, 'application/ld+json');
    serve(urls.assertion(award.awardId), buildHostedAssertion(award, urls), 'application/ld+json', true);
    const credential = buildOpenBadgeCredential(award, urls);
    serve(urls.credentialJwt(award.awardId), await signCredentialJwt(credential, keySet, urls), 'text/plain', true);
    serve(
      urls.credential(award.awardId),
      await signDataIntegrity(credential, dataIntegrityKey(keySet, urls), contexts),
      'application/vc+ld+json',
      true,
    );
    hosted.push(JSON.stringify({ url: urls.assertion(award.awardId) }));
    jwts.push(JSON.stringify({ url: urls.credentialJwt(award.awardId) }));
    dataIntegrity.push(JSON.stringify({ url: urls.credential(award.awardId) }));
  }
  return {
    host: new URL(origin).host,
    formats: [
      { name: 'OB 2.0 hosted assertion URL', bodies: hosted },
      { name: 'OB 3.0 VC-JWT URL', bodies: jwts },
      { name: 'OB 3.0 Data Integrity URL', bodies: dataIntegrity },
    ],
    setCacheable(value: boolean) {
      cacheable = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface AwardLinks {
  readonly links: { readonly assertion: string; readonly signedAssertion: string; readonly credential: string };
  readonly id: string;
}

/** Our own badges: AZ-900 passes issued through the API, one request body per badge and format. */
async function ownBadgeFormats(service: ServiceUnderTest, badges: number) {
  const awards: AwardLinks[] = [];
  for (let index = 0; index < badges; index += 1) {
    const response = await fetch(`${service.baseUrl}/api/v1/awards`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
      body: JSON.stringify({
        recipient: { email: `verify-${index}@example.org`, name: `Candidate ${index}` },
        achievement: 'AZ-900',
        earnedOn: '2024-05-01',
      }),
    });
    if (response.status !== 201) throw new Error(`issuing a badge answered ${response.status}`);
    awards.push((await response.json()) as AwardLinks);
  }
  const signed = await Promise.all(awards.map(async (award) => (await fetch(award.links.signedAssertion)).text()));
  const body = (value: object) => JSON.stringify(value);
  return [
    { name: 'OB 2.0 hosted assertion URL', bodies: awards.map((award) => body({ url: award.links.assertion })) },
    { name: 'OB 2.0 signed JWS, pasted', bodies: signed.map((jws) => body({ credential: jws })) },
    {
      name: 'OB 3.0 VC-JWT URL',
      bodies: awards.map((award) => body({ url: `${award.links.credential}/jwt` })),
    },
    { name: 'OB 3.0 Data Integrity URL', bodies: awards.map((award) => body({ url: award.links.credential })) },
  ];
}

/**
 * Public verification throughput against a real service (child process, embedded store in a temp
 * dir, no rate limit), in one run at 10 connections: `/healthz`, then `POST /api/v1/verify` for
 * our own badges by URL (one figure per format; the goal is at least half the healthz rate),
 * then another issuer's badges from a local server allowed through VERIFY_ALLOWED_HOSTS, cold
 * (it forbids caching) and cached.
 */
export async function benchVerify(options: VerifyBenchOptions = {}): Promise<VerifyFigures> {
  const connections = options.connections ?? 10;
  const seconds = options.seconds ?? 5;
  const warmUpSeconds = options.warmUpSeconds ?? 1;
  const badges = options.badges ?? 20;
  const other = await startOtherIssuer(badges);
  // The child service inherits this process's environment.
  const previousAllowance = process.env['VERIFY_ALLOWED_HOSTS'];
  process.env['VERIFY_ALLOWED_HOSTS'] = other.host;
  let service: ServiceUnderTest | undefined;
  try {
    service = await startServiceUnderTest('child');
    options.onServiceStarted?.(service.pid);
    const url = `${service.baseUrl}/api/v1/verify`;
    const healthzUrl = `${service.baseUrl}/healthz`;
    await loadTest('warm-up healthz', { url: healthzUrl, connections, duration: warmUpSeconds });
    const healthz = await loadTest(
      'GET /healthz',
      { url: healthzUrl, connections, duration: seconds },
      service.cpuSeconds,
    );
    const measure = async (name: string, bodies: readonly string[]): Promise<VerifyFigure> => {
      await expectValid(service!.baseUrl, name, bodies);
      await loadTest(`warm-up ${name}`, {
        url,
        connections,
        duration: warmUpSeconds,
        requests: verifyRequests(bodies),
      });
      const figure = await loadTest(
        name,
        { url, connections, duration: seconds, requests: verifyRequests(bodies) },
        service!.cpuSeconds,
      );
      return { ...figure, ratio: figure.perSecond / healthz.perSecond };
    };

    const own: VerifyFigure[] = [];
    for (const format of await ownBadgeFormats(service, badges)) own.push(await measure(format.name, format.bodies));

    other.setCacheable(false);
    const otherCold: VerifyFigure[] = [];
    for (const format of other.formats) otherCold.push(await measure(`${format.name}, cold`, format.bodies));
    other.setCacheable(true);
    const otherCached: VerifyFigure[] = [];
    for (const format of other.formats) otherCached.push(await measure(`${format.name}, cached`, format.bodies));
    return { healthz, own, otherCold, otherCached };
  } finally {
    await service?.close();
    await other.close();
    if (previousAllowance === undefined) delete process.env['VERIFY_ALLOWED_HOSTS'];
    else process.env['VERIFY_ALLOWED_HOSTS'] = previousAllowance;
  }
}

/** The figures as a Markdown table: verifications/s, latency, non-2xx, and the ratio to healthz. */
export function verifyTable(figures: VerifyFigures): string {
  const row = (group: string, figure: LoadFigures & { ratio?: number }) => [
    `${group}${figure.name}`,
    formatNumber(figure.perSecond),
    formatNumber(figure.latencyP50Ms),
    formatNumber(figure.latencyP99Ms),
    String(figure.non2xx + figure.errors),
    figure.ratio === undefined ? '' : formatNumber(figure.ratio),
  ];
  return markdownTable(
    ['POST /api/v1/verify, 10 connections', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', '÷ healthz'],
    [
      row('', figures.healthz),
      ...figures.own.map((figure) => row('ours: ', figure)),
      ...figures.otherCold.map((figure) => row('other issuer: ', figure)),
      ...figures.otherCached.map((figure) => row('other issuer: ', figure)),
    ],
  );
}

/** Whether our own badges by URL verify at least at half the healthz rate, every format. */
export function ownBadgeGoalMet(figures: VerifyFigures): boolean {
  return figures.own.every((figure) => figure.ratio >= 0.5);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchVerify()
    .then((figures) => {
      process.stdout.write(`${verifyTable(figures)}\n`);
      process.stdout.write(
        `Goal (ours by URL ≥ 0.5 × healthz, every format): ${ownBadgeGoalMet(figures) ? 'met' : 'NOT met'}\n`,
      );
      process.stdout.write(`${JSON.stringify(figures)}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`verify benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
