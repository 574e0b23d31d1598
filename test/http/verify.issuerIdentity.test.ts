import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { VerificationReport } from '../../src/badges/verify/index.js';
import { fixedClock } from '../../src/ports/clock.js';
import { expectVerdict } from '../fixtures/verify/expectations.js';
import { memoryFetcher } from '../fixtures/verify/memoryFetcher.js';
import { credentialV2, type Json } from '../fixtures/verify/ob3Credentials.js';
import { controllerDocument, eddsaRdfc2022DidKey, eddsaRdfc2022Key } from '../fixtures/verify/ob3Signing.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, fetchJson, type IssuedAward, issueNew } from './support/api.js';
import { azureAdministratorPass } from './support/awardRequests.js';

const LISTED = 'did:web:listed.example';
const UNLISTED = 'did:web:unlisted.example';

/** Our OB 3.0 credential re-issued by a fresh did:key: same name, no proof, no status, signed anew. */
async function selfSignedCopy(ours: Json): Promise<Json> {
  const key = await eddsaRdfc2022DidKey();
  const { proof: _proof, credentialStatus: _status, ...rest } = ours;
  const issuer = { ...(ours['issuer'] as Json), id: key.controller };
  return key.sign({ ...rest, issuer });
}

/** A credential of a did:web issuer, signed by a key its DID document lists. */
async function didWebCredential(did: string, documents: Map<string, unknown>): Promise<Json> {
  const key = await eddsaRdfc2022Key(did);
  const host = did.slice('did:web:'.length);
  documents.set(`https://${host}/.well-known/did.json`, controllerDocument(did, [key]));
  return key.sign(
    credentialV2(did, { issuer: { id: did, type: ['Profile'], name: 'Accolade Certification Programme' } }),
  );
}

describe('the verify report says who the issuer really is', () => {
  const documents = new Map<string, unknown>();
  let service: TestService;
  let award: IssuedAward;
  let ours: Json;

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accolade-trust-'));
    const trustFile = join(dir, 'trusted.json');
    writeFileSync(trustFile, JSON.stringify([{ domain: 'listed.example', name: 'Listed University' }]));
    service = await startTestService({
      clock: fixedClock('2024-06-01T12:00:00Z'),
      fetcher: memoryFetcher(documents),
      env: { VERIFY_TRUSTED_ISSUERS: trustFile },
    });
    award = await issueNew(service, azureAdministratorPass('2024-05-15'));
    ours = await fetchJson<Json>(award.links.credential, 'application/vc+ld+json');
  });
  after(() => service.close());

  async function verify(credential: unknown): Promise<VerificationReport> {
    const answer = await call<VerificationReport>(service, 'POST', '/api/v1/verify', {
      body: { credential },
      token: null,
    });
    expect(answer.status, answer.text).to.equal(200);
    return answer.body;
  }

  async function verifyPage(credential: unknown, lang: 'en' | 'fr'): Promise<string> {
    const form = new FormData();
    form.append('credential', JSON.stringify(credential));
    const response = await fetch(`${service.baseUrl}/verify?lang=${lang}`, { method: 'POST', body: form });
    expect(response.status).to.equal(200);
    return response.text();
  }

  /** The lead of the report: the verdict and the issuer line, up to the badge itself. */
  function lead(html: string): string {
    const start = html.indexOf('<section class="report"');
    const end = html.indexOf('</section>', start);
    return html.slice(start, end);
  }

  it('names us, with PUBLIC_URL host and port, for our own credential', async () => {
    const report = await verify(ours);

    expectVerdict(report, 'valid');
    const host = new URL(service.baseUrl).host;
    expect(report.badge?.issuer).to.include({ id: `did:web:${host.replace(':', '%3A')}`, domain: host });
    expect(report.badge?.issuer).to.include({ known: true, own: true });
  });

  it('names us for our OB 2.0 hosted assertion too, though PUBLIC_URL is plain http', async () => {
    const answer = await call<VerificationReport>(service, 'POST', '/api/v1/verify', {
      body: { url: award.links.assertion },
      token: null,
    });

    expect(answer.body.badge?.issuer).to.include({ domain: new URL(service.baseUrl).host, known: true, own: true });
  });

  it('reports a self-signed copy under a fresh did:key as valid cryptography but tied to no domain and unknown', async () => {
    const copy = await selfSignedCopy(ours);
    const report = await verify(copy);

    expectVerdict(report, 'valid');
    expect(report.badge?.issuer.name).to.equal('Accolade Certification Programme');
    expect(report.badge?.issuer.id).to.match(/^did:key:/);
    expect(report.badge?.issuer).to.include({ domain: null, known: false, own: false });
  });

  for (const [lang, line, ownLine] of [
    ['en', 'Issued by a key not tied to any domain', 'Issued by us'],
    ['fr', 'Émis par une clé liée à aucun domaine', 'Émis par nous'],
  ] as const) {
    it(`leads the ${lang} page of the did:key copy with "${line}", never with the name it gives itself`, async () => {
      const html = lead(await verifyPage(await selfSignedCopy(ours), lang));

      expect(html).to.include('data-issuer="noDomain"').and.include(line);
      expect(html).not.to.include('Accolade Certification Programme');
    });

    it(`leads the ${lang} page of our own credential with "${ownLine}"`, async () => {
      const html = lead(await verifyPage(ours, lang));

      expect(html).to.include('data-issuer="own"').and.include(ownLine);
    });
  }

  it('names a did:web issuer by its domain, known when the operator lists the domain', async () => {
    const listed = await verify(await didWebCredential(LISTED, documents));
    const unlisted = await verify(await didWebCredential(UNLISTED, documents));

    expectVerdict(listed, 'valid');
    expect(listed.badge?.issuer).to.include({ domain: 'listed.example', known: true, own: false });
    expect(listed.badge?.issuer.knownAs).to.equal('Listed University');
    expectVerdict(unlisted, 'valid');
    expect(unlisted.badge?.issuer).to.include({ domain: 'unlisted.example', known: false, own: false });
  });

  it('leads the page of an unlisted domain with "not on your list of known issuers"', async () => {
    const html = lead(await verifyPage(await didWebCredential(UNLISTED, documents), 'en'));

    expect(html).to.include('Issued by unlisted.example — not on your list of known issuers');
    expect(html).not.to.include('Accolade Certification Programme');
  });

  it('ties no domain to a credential that names a listed did:web but is signed by another key', async () => {
    const forger = await eddsaRdfc2022DidKey();
    const forged = await forger.sign(credentialV2(LISTED, { issuer: { id: LISTED, type: ['Profile'], name: 'x' } }));
    const report = await verify(forged);

    expectVerdict(report, 'invalid', 'proof.key_controller');
    expect(report.badge?.issuer).to.include({ id: LISTED, domain: null, known: false });
    expect(lead(await verifyPage(forged, 'en'))).to.include('data-issuer="unproven"');
  });
});
