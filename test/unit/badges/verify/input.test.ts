import { expect } from 'chai';
import sharp from 'sharp';
import { bakePng } from '../../../../src/badges/bake/index.js';
import { CHECK_DESCRIPTIONS, CHECK_IDS, verifyBadge } from '../../../../src/badges/verify/index.js';
import { AccoladeError } from '../../../../src/errors.js';
import { checkOf, expectVerdict } from '../../../fixtures/verify/expectations.js';
import { testFetcher } from '../../../fixtures/verify/fetcher.js';
import { intercept, offline } from '../../../fixtures/verify/hosting.js';
import { createOb2Issuer, hostedAssertion, serveOb2Issuer } from '../../../fixtures/verify/ob2Issuer.js';
import { credentialV2 } from '../../../fixtures/verify/ob3Credentials.js';
import { clockAtNow, ISSUER, ISSUER_DID } from '../../../fixtures/verify/scenario.js';
import { standards } from '../../../support/standards.js';
import { itxtChunk } from '../bake/pngFixtures.js';

const deps = () => ({ fetcher: testFetcher(), clock: clockAtNow(), standards });

function pngWithout(): Promise<Buffer> {
  return sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } })
    .png()
    .toBuffer();
}

/** A JSON text nested `depth` levels deep, the kind of input that overflows recursive parsers. */
function deeplyNestedText(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function deeplyNestedObject(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 0; i < depth; i++) {
    const child: Record<string, unknown> = {};
    node['a'] = child;
    node = child;
  }
  return root;
}

describe('reading what the verifier is handed', () => {
  offline();

  it('lists every check id with a description, for the README', () => {
    expect(CHECK_IDS.length).to.be.greaterThan(15);
    for (const id of CHECK_IDS) expect(CHECK_DESCRIPTIONS[id], id).to.be.a('string').and.not.be.empty;
  });

  // The nesting is measured on the text before parsing, so JSON.parse never recurses that deep.
  it('refuses JSON text nested 100,000 levels deep, as a failed check', async () => {
    const report = await verifyBadge({ kind: 'credential', credential: deeplyNestedText(100_000) }, deps());
    expectVerdict(report, 'invalid', 'input.parse');
  });

  it('refuses an already-parsed object nested deeper than the limit', async () => {
    const report = await verifyBadge({ kind: 'credential', credential: deeplyNestedObject(10_000) }, deps());
    expectVerdict(report, 'invalid', 'input.parse');
  });

  it('refuses a cyclic object instead of walking it forever', async () => {
    const cyclic: Record<string, unknown> = { type: ['VerifiableCredential'] };
    cyclic['self'] = [cyclic];
    const report = await verifyBadge({ kind: 'credential', credential: cyclic }, deps());
    expectVerdict(report, 'invalid', 'input.parse');
  });

  it('refuses text larger than the size limit', async () => {
    const report = await verifyBadge({ kind: 'credential', credential: `{"pad":"${'x'.repeat(1_100_000)}"}` }, deps());
    expectVerdict(report, 'invalid', 'input.parse');
  });

  it('refuses text that is neither JSON, a JWS nor a URL', async () => {
    expectVerdict(
      await verifyBadge({ kind: 'credential', credential: 'not a badge {' }, deps()),
      'invalid',
      'input.parse',
    );
  });

  it('refuses JSON that is neither an OB 2.0 assertion nor a credential', async () => {
    const report = await verifyBadge({ kind: 'credential', credential: { hello: 'world' } }, deps());
    expectVerdict(report, 'invalid', 'input.parse');
    expect(report.format).to.equal('unknown');
  });

  it('refuses a badge URL that is not http(s)', async () => {
    expectVerdict(await verifyBadge({ kind: 'url', url: 'file:///etc/passwd' }, deps()), 'invalid', 'input.parse');
  });

  it('refuses an image larger than the image limit', async () => {
    const report = await verifyBadge(
      { kind: 'image', contentType: 'image/png', bytes: Buffer.alloc(11 * 1024 * 1024) },
      deps(),
    );
    expectVerdict(report, 'invalid', 'image.unbake');
  });

  it('refuses a PNG with a malformed chunk', async () => {
    const png = await pngWithout();
    const broken = Buffer.from(png);
    broken.writeUInt32BE(0x7fffffff, 8);
    expectVerdict(
      await verifyBadge({ kind: 'image', contentType: 'image/png', bytes: broken }, deps()),
      'invalid',
      'image.unbake',
    );
  });

  it('refuses a PNG that holds no badge', async () => {
    const report = await verifyBadge({ kind: 'image', contentType: 'image/png', bytes: await pngWithout() }, deps());
    expectVerdict(report, 'invalid', 'image.unbake');
  });

  it('refuses a PNG with a second openbadges chunk, whichever one a displayer would show', async () => {
    const issuer = createOb2Issuer();
    const assertion = hostedAssertion(issuer);
    serveOb2Issuer(issuer, { assertions: [assertion] });
    const baked = bakePng(await pngWithout(), 'openbadges', String(assertion['id']));
    const iendAt = baked.length - 12;
    const png = Buffer.concat([
      baked.subarray(0, iendAt),
      itxtChunk({ keyword: 'openbadges', text: `${ISSUER}/assertions/someone-else` }),
      baked.subarray(iendAt),
    ]);

    const report = await verifyBadge({ kind: 'image', contentType: 'image/png', bytes: png }, deps());

    expectVerdict(report, 'invalid', 'image.unbake');
    expect(checkOf(report, 'image.unbake')?.message).to.include('more than one');
  });

  it('refuses an SVG with two badge elements', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://issuer.example/a/1"/><openbadges:assertion verify="https://issuer.example/a/2"/></svg>';
    const report = await verifyBadge({ kind: 'image', contentType: 'image/svg+xml', bytes: Buffer.from(svg) }, deps());
    expectVerdict(report, 'invalid', 'image.unbake');
  });

  it('refuses an SVG with a script', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><script>alert(1)</script><openbadges:credential verify="a.b.c"/></svg>';
    const report = await verifyBadge({ kind: 'image', contentType: 'image/svg+xml', bytes: Buffer.from(svg) }, deps());
    expectVerdict(report, 'invalid', 'image.unbake');
  });

  it('refuses an SVG declaring external entities', async () => {
    const svg =
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>';
    const report = await verifyBadge({ kind: 'image', contentType: 'image/svg+xml', bytes: Buffer.from(svg) }, deps());
    expectVerdict(report, 'invalid', 'image.unbake');
  });

  it('follows the hosted assertion URL baked in an OB 2.0 PNG', async () => {
    const issuer = createOb2Issuer();
    const assertion = hostedAssertion(issuer);
    serveOb2Issuer(issuer, { assertions: [assertion] });
    const png = bakePng(await pngWithout(), 'openbadges', String(assertion['id']));
    const report = await verifyBadge({ kind: 'image', contentType: 'image/png', bytes: png }, deps());
    expectVerdict(report, 'valid');
    expect(report.format).to.equal('ob2-hosted');
  });

  it('refuses a URL baked where an OB 3.0 credential belongs', async () => {
    const png = bakePng(await pngWithout(), 'openbadgecredential', `${ISSUER}/credentials/1`);
    const report = await verifyBadge({ kind: 'image', contentType: 'image/png', bytes: png }, deps());
    expectVerdict(report, 'invalid', 'input.parse');
  });

  it('fetches a badge URL answering an OB 3.0 credential as JSON', async () => {
    intercept(ISSUER).get('/credentials/1').reply(200, credentialV2(ISSUER_DID));
    const report = await verifyBadge({ kind: 'url', url: `${ISSUER}/credentials/1` }, deps());
    expect(checkOf(report, 'input.fetch')?.ok).to.equal(true);
    expect(report.format).to.equal('ob3-data-integrity');
    expectVerdict(report, 'invalid', 'proof.signature');
  });

  it('cannot judge a badge URL whose server is down', async () => {
    intercept(ISSUER).get('/credentials/1').replyWithError('ECONNREFUSED');
    expectVerdict(
      await verifyBadge({ kind: 'url', url: `${ISSUER}/credentials/1` }, deps()),
      'indeterminate',
      'input.fetch',
    );
  });

  it('refuses a badge URL the fetcher blocks', async () => {
    const fetcher = testFetcher({ blocked: () => true });
    const report = await verifyBadge(
      { kind: 'url', url: 'https://169.254.169.254/latest' },
      { fetcher, clock: clockAtNow(), standards },
    );
    expectVerdict(report, 'invalid', 'input.fetch');
  });

  it('never throws, even when its collaborators misbehave', async () => {
    const hostile = {
      get '@context'(): never {
        throw new Error('boom');
      },
    };
    const report = await verifyBadge({ kind: 'credential', credential: hostile }, deps());
    expectVerdict(report, 'indeterminate', 'verifier.error');

    const throwingFetcher = async () => {
      throw new AccoladeError('internal_error', 'unexpected');
    };
    const fetched = await verifyBadge(
      { kind: 'url', url: `${ISSUER}/x` },
      { fetcher: throwingFetcher, clock: clockAtNow(), standards },
    );
    expectVerdict(fetched, 'indeterminate', 'input.fetch');
  });
});
