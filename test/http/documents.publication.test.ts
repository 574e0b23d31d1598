import { rmSync } from 'node:fs';
import { expect } from 'chai';
import { extractFromPng } from '../../src/badges/bake/index.js';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { PUBLISHABLE_URN_UUID, urnUuidsIn } from '../support/urnUuid.js';
import { call, type Fetched, fetchPublic, type IssuedAward, issueNew } from './support/api.js';
import { azureAdministratorPass, newRecipientEmail } from './support/awardRequests.js';
import { acceptThroughEmail } from './support/claims.js';
import { setStoredAwardStatus } from './support/storedAwards.js';

/** Every public URL of one award, by name: its links, the OB 3.0 bakes, and what they point at. */
function publicUrls(award: IssuedAward, base: string): Record<string, string> {
  const { linkedin: _linkedin, page: _page, ...documents } = award.links;
  return {
    ...documents,
    png3: `${award.links.png}?format=ob3`,
    svg3: `${award.links.svg}?format=ob3`,
    badgeClass: `${base}/ob2/badges/${award.achievement.id}`,
    profile: `${base}/ob2/issuer`,
    ob2RevocationList: `${base}/ob2/revocations`,
    ob3RevocationList: `${base}/ob3/revocations`,
    jwks: `${base}/.well-known/jwks.json`,
    did: `${base}/.well-known/did.json`,
  };
}

async function fetchAll(urls: Record<string, string>, via: (url: string) => string = (url) => url) {
  const fetched: Record<string, Fetched> = {};
  for (const [name, url] of Object.entries(urls)) {
    fetched[name] = await fetchPublic(via(url));
    expect(fetched[name].status, `${name} ${url}`).to.equal(200);
  }
  return fetched;
}

/** The payload of a compact JWS, which base64url would otherwise hide from a text search. */
function jwsPayload(jws: string): string {
  return Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8');
}

/**
 * What a reader of the documents sees: each one as text, and the payload of every compact JWS
 * found in it (the signed assertion, the VC-JWT, and the tokens baked into PNG and SVG images;
 * a PNG's iTXt chunk is uncompressed text, so a latin1 reading finds it).
 */
function readableTexts(documents: readonly Fetched[]): string[] {
  const texts = documents.flatMap((fetched) => [fetched.text, fetched.bytes.toString('latin1')]);
  const tokens = texts.flatMap((text) => text.match(/eyJ[\w-]*\.eyJ[\w-]*\.[\w-]+/g) ?? []);
  return [...texts, ...tokens.map(jwsPayload)];
}

describe('public documents of an award', () => {
  const clock = fixedClock('2024-06-01T12:00:00Z');
  const email = newRecipientEmail('Private.Person');
  let service: TestService;
  let award: IssuedAward;
  let urls: Record<string, string>;
  let first: Record<string, Fetched>;

  before(async () => {
    service = await startTestService({ clock });
    award = await issueNew(service, azureAdministratorPass('2024-05-15', { email, name: 'Ana López' }));
    // Accepted, so its page names the earner: the email must stay out of that page too.
    await acceptThroughEmail(service, award.id);
    urls = publicUrls(award, service.baseUrl);
    first = await fetchAll(urls);
  });
  after(() => service.close());

  it('never contain the recipient email, not even inside signed tokens or baked images', async () => {
    const pages = await Promise.all(
      ['en', 'fr'].map((lang) => fetchPublic(`${award.links.page}?lang=${lang}`, { accept: 'text/html' })),
    );
    const texts = [
      ...readableTexts(Object.values(first)),
      ...['png', 'png3'].map((name) => {
        const extracted = extractFromPng(first[name]!.bytes);
        return extracted.found ? `${extracted.text}\n${jwsPayload(extracted.text)}` : '';
      }),
      ...pages.map((page) => page.text),
    ];

    expect(pages.map((page) => page.status)).to.deep.equal([200, 200]);
    expect(pages[0]!.text).to.include('Ana López');
    const localPart = email.toLowerCase().split('@')[0]!;
    for (const text of texts) {
      expect(text.toLowerCase()).not.to.include(email.toLowerCase());
      expect(text.toLowerCase()).not.to.include(localPart);
    }
  });

  it('answer twice with identical bytes', async () => {
    const again = await fetchAll(urls);

    for (const name of Object.keys(urls)) {
      expect(again[name]!.bytes.equals(first[name]!.bytes), name).to.equal(true);
    }
  });

  describe('when the recipient has declined the award and the service has restarted days later', () => {
    let restarted: TestService;

    before(async () => {
      await service.close({ keepData: true });
      await setStoredAwardStatus(service.dataDir, award.id, 'declined');
      clock.advance(3 * 24 * 3_600_000);
      // The same PUBLIC_URL on a new port: what is served must be what was served before.
      restarted = await startTestService({ clock, dataDir: service.dataDir, env: { PUBLIC_URL: service.baseUrl } });
    });
    after(async () => {
      await restarted.close();
      rmSync(service.dataDir, { recursive: true, force: true });
    });

    const onRestarted = (url: string) => url.replace(service.baseUrl, restarted.baseUrl);

    it('still serves every document, byte for byte as before', async () => {
      const stored = await call<IssuedAward>(restarted, 'GET', `/api/v1/awards/${award.id}`);
      expect(stored.body.status).to.equal('declined');

      const now = await fetchAll(urls, onRestarted);

      for (const name of Object.keys(urls)) {
        expect(now[name]!.bytes.equals(first[name]!.bytes), name).to.equal(true);
      }
    });

    it('still serves its page', async () => {
      const page = await fetchPublic(onRestarted(award.links.page), { accept: 'text/html' });

      expect(page.status).to.equal(200);
      expect(page.text).to.include(award.achievement.name);
    });
  });
});

describe('urn:uuid ids in public documents', () => {
  let service: TestService;
  after(() => service.close());

  it('are all UUIDs the official OB 2.0 validator accepts (versions 1-5), revocation lists included', async () => {
    service = await startTestService({ clock: fixedClock('2024-06-01T12:00:00Z') });
    const kept = await issueNew(service, azureAdministratorPass('2024-05-15', { email: newRecipientEmail('Kept') }));
    const revoked = await issueNew(service, azureAdministratorPass('2024-05-16', { email: newRecipientEmail('Gone') }));
    const revocation = await call(service, 'POST', `/api/v1/awards/${revoked.id}/revoke`, {
      body: { reason: 'Exam result annulled' },
    });
    expect(revocation.status).to.equal(200);

    const documents: Fetched[] = [];
    for (const award of [kept, revoked]) {
      for (const url of Object.values(publicUrls(award, service.baseUrl))) documents.push(await fetchPublic(url));
    }
    const ids = readableTexts(documents).flatMap(urnUuidsIn);

    // Both awards' signed assertions and subjects, and the revoked one in both revocation lists.
    expect(new Set(ids).size).to.be.at.least(4);
    for (const id of ids) expect(id).to.match(PUBLISHABLE_URN_UUID);
  });
});
