import { expect } from 'chai';
import { buildDidDocument } from '../../../../src/badges/keys/didDocument.js';
import { buildJwks } from '../../../../src/badges/keys/jwks.js';
import type { KeySetMaterial } from '../../../../src/badges/keys/keySetMaterial.js';
import { rsaPublicJwk } from '../../../../src/badges/keys/publicKeys.js';
import { buildOpenBadgeCredential } from '../../../../src/badges/ob3/credential.js';
import { buildOb3RevocationList } from '../../../../src/badges/ob3/revocationList.js';
import { signCredentialJwt } from '../../../../src/badges/ob3/vcJwt.js';
import { createUrlLayout, type UrlLayout } from '../../../../src/badges/urls.js';
import { verifyBadge } from '../../../../src/badges/verify/index.js';
import { checkOf, expectVerdict } from '../../../fixtures/verify/expectations.js';
import { testFetcher } from '../../../fixtures/verify/fetcher.js';
import { FORGED_RECIPIENT, reissuedToForger } from '../../../fixtures/verify/forgery.js';
import { intercept, offline, serveJson } from '../../../fixtures/verify/hosting.js';
import { memoryFetcher } from '../../../fixtures/verify/memoryFetcher.js';
import { credentialV2, type Json } from '../../../fixtures/verify/ob3Credentials.js';
import { eddsaJwtKey, type JwtKey, jwtKey, signVcJwt } from '../../../fixtures/verify/ob3Signing.js';
import { clockAtNow, ISSUER, ISSUER_DID } from '../../../fixtures/verify/scenario.js';
import { standards } from '../../../support/standards.js';
import { keySetFixture } from '../keys/keySetFixtures.js';
import { certificationAward, portAndPathUrls, publicSiteUrls, RECIPIENT_EMAIL } from '../ob3/awardFixtures.js';

const ISSUER_ID = `${ISSUER}/issuer`;
const ISSUER_JWKS = `${ISSUER}/.well-known/jwks.json`;
const EVIL_KID = 'https://evil.example/key.json';
const CDN_KID = 'https://keys.cdn.example/issuer/rsa-1';

/** The service's own public documents, served from memory as the in-process fetcher does. */
function ownDocuments(urls: UrlLayout, keySet: KeySetMaterial, extra: Record<string, unknown> = {}) {
  return new Map<string, unknown>([
    [urls.jwk(keySet.id), rsaPublicJwk(keySet, urls)],
    [urls.jwks, buildJwks([keySet], urls)],
    [urls.didDocument, buildDidDocument([keySet], urls)],
    [urls.ob3RevocationList, buildOb3RevocationList([], urls)],
    ...Object.entries(extra),
  ]);
}

describe('which keys a VC-JWT may be signed with (key provenance, docs/open-badges.md B5)', () => {
  offline();
  let forger: JwtKey;
  let keySet: KeySetMaterial;
  before(async () => {
    forger = await jwtKey('RS256');
    keySet = await keySetFixture();
  });

  const verifyWith = (credential: unknown, fetcher: Parameters<typeof verifyBadge>[1]['fetcher'], recipient?: string) =>
    verifyBadge(
      { kind: 'credential', credential, ...(recipient ? { recipient } : {}) },
      { fetcher, clock: clockAtNow(), standards },
    );

  describe('one of our own VC-JWTs', () => {
    const award = certificationAward();
    const ownJwt = (urls: UrlLayout) => signCredentialJwt(buildOpenBadgeCredential(award, urls), keySet, urls);

    it("is refused once re-signed for another recipient with the forger's key in the jwk header", async () => {
      const urls = publicSiteUrls();
      const forged = await reissuedToForger(await ownJwt(urls), forger, { jwk: forger.publicJwk });

      const report = await verifyWith(forged, memoryFetcher(ownDocuments(urls, keySet)), FORGED_RECIPIENT);

      expectVerdict(report, 'invalid', 'proof.key_controller');
      expect(checkOf(report, 'proof.signature')?.ok).to.not.equal(true);
    });

    it("is refused once re-signed with the forger's key served at a kid on another origin, whatever its iss says", async () => {
      const urls = publicSiteUrls();
      const forgedKey = { ...forger.publicJwk, kid: EVIL_KID, iss: urls.did };
      const forged = await reissuedToForger(await ownJwt(urls), forger, { kid: EVIL_KID });

      const report = await verifyWith(
        forged,
        memoryFetcher(ownDocuments(urls, keySet, { [EVIL_KID]: forgedKey })),
        FORGED_RECIPIENT,
      );

      expectVerdict(report, 'invalid', 'proof.key_controller');
    });

    it('still verifies, its kid on the issuer origin', async () => {
      const urls = publicSiteUrls();
      const report = await verifyWith(await ownJwt(urls), memoryFetcher(ownDocuments(urls, keySet)), RECIPIENT_EMAIL);
      expectVerdict(report, 'valid');
      expect(checkOf(report, 'proof.key_controller')?.message).to.contain(new URL(urls.base).origin);
    });

    for (const [deployment, urls] of [
      ['on a port over plain http (did:web:localhost%3A3000)', createUrlLayout('http://localhost:3000')],
      ['on a port and a path over plain http', portAndPathUrls()],
    ] as const) {
      it(`still verifies from a deployment ${deployment}`, async () => {
        const report = await verifyWith(await ownJwt(urls), memoryFetcher(ownDocuments(urls, keySet)));
        expectVerdict(report, 'valid');
      });
    }

    it('is refused when its kid names the same path on another port of the host', async () => {
      const urls = createUrlLayout('http://localhost:3000');
      const elsewhere = createUrlLayout('http://localhost:3001');
      const forged = await reissuedToForger(await ownJwt(urls), forger, { kid: elsewhere.jwk(keySet.id) });
      const documents = ownDocuments(urls, keySet, { [elsewhere.jwk(keySet.id)]: forger.publicJwk });

      expectVerdict(await verifyWith(forged, memoryFetcher(documents)), 'invalid', 'proof.key_controller');
    });
  });

  describe("another issuer's VC-JWT", () => {
    let rsa: JwtKey;
    before(async () => {
      rsa = await jwtKey('RS256');
    });
    const verify = (credential: unknown) => verifyWith(credential, testFetcher());
    const serveIssuerJwks = (...keys: Json[]) => serveJson(ISSUER_JWKS, { keys }, 'application/jwk-set+json');

    it("refuses a forger's key in the jwk header that the issuer's JWK Set does not list", async () => {
      serveIssuerJwks({ ...rsa.publicJwk, kid: 'rsa-1' });
      const forged = await signVcJwt(credentialV2(ISSUER_ID), forger, { jwk: forger.publicJwk });
      expectVerdict(await verify(forged), 'invalid', 'proof.key_controller');
    });

    it("refuses a forger's key at a kid on another origin that the issuer's JWK Set does not list", async () => {
      serveIssuerJwks({ ...rsa.publicJwk, kid: 'rsa-1' });
      serveJson(EVIL_KID, { ...forger.publicJwk, iss: ISSUER_ID });
      const forged = await signVcJwt(credentialV2(ISSUER_ID), forger, { kid: EVIL_KID });
      expectVerdict(await verify(forged), 'invalid', 'proof.key_controller');
    });

    it("accepts a kid on another origin whose key the issuer's JWK Set lists (matched by thumbprint)", async () => {
      serveIssuerJwks({ ...rsa.publicJwk, kid: 'rsa-1' });
      serveJson(CDN_KID, rsa.publicJwk);
      const report = await verify(await signVcJwt(credentialV2(ISSUER_ID), rsa, { kid: CDN_KID }));
      expectVerdict(report, 'valid');
      expect(checkOf(report, 'proof.key_controller')?.message).to.contain(ISSUER_JWKS);
    });

    it("refuses a kid on another origin that the issuer's JWK Set names with another key", async () => {
      serveIssuerJwks({ ...rsa.publicJwk, kid: EVIL_KID });
      serveJson(EVIL_KID, forger.publicJwk);
      const forged = await signVcJwt(credentialV2(ISSUER_ID), forger, { kid: EVIL_KID });
      expectVerdict(await verify(forged), 'invalid', 'proof.key_controller');
    });

    it("cannot judge a key from elsewhere while the issuer's JWK Set is unreachable (indeterminate)", async () => {
      intercept(ISSUER).get('/.well-known/jwks.json').reply(503);
      const jwt = await signVcJwt(credentialV2(ISSUER_ID), rsa, { jwk: rsa.publicJwk });
      expectVerdict(await verify(jwt), 'indeterminate', 'proof.key_controller');
    });

    it('refuses a JWT whose iss is not the issuer id, whatever the key', async () => {
      serveJson(`${ISSUER}/keys/rsa-1`, rsa.publicJwk);
      const jwt = await signVcJwt(
        credentialV2(ISSUER_ID),
        rsa,
        { kid: `${ISSUER}/keys/rsa-1` },
        {
          iss: 'https://evil.example/issuer',
        },
      );
      expectVerdict(await verify(jwt), 'invalid', 'proof.key_controller');
    });

    it('refuses an embedded jwk from an issuer with neither origin nor DID, fetching nothing', async () => {
      const fetcher = testFetcher();
      const jwt = await signVcJwt(credentialV2('urn:uuid:6f1d3b4e-0000-4000-8000-000000000001'), rsa, {
        jwk: rsa.publicJwk,
      });
      expectVerdict(await verifyWith(jwt, fetcher), 'invalid', 'proof.key_controller');
      expect(fetcher.calls).to.deep.equal([]);
    });
  });

  describe('DID issuers', () => {
    let ed: Awaited<ReturnType<typeof eddsaJwtKey>>;
    let rsa: JwtKey;
    before(async () => {
      ed = await eddsaJwtKey();
      rsa = await jwtKey('RS256');
    });
    const verify = (credential: unknown) => verifyWith(credential, testFetcher());
    const issuerDidDocument = (methods: Json[], assertionMethod: string[]) =>
      serveJson(`${ISSUER}/.well-known/did.json`, {
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
        id: ISSUER_DID,
        verificationMethod: methods,
        assertionMethod,
      });

    it('accepts a did:key issuer whose kid is a DID URL of that did:key, fetching nothing', async () => {
      const did = `did:key:${ed.publicKeyMultibase}`;
      const fetcher = testFetcher();
      const jwt = await signVcJwt(credentialV2(did), ed, { kid: `${did}#${ed.publicKeyMultibase}` });
      expectVerdict(await verifyWith(jwt, fetcher), 'valid');
      expect(fetcher.calls).to.deep.equal([]);
    });

    it("refuses a did:key issuer's credential signed with another did:key", async () => {
      const other = await eddsaJwtKey();
      const did = `did:key:${ed.publicKeyMultibase}`;
      const otherDid = `did:key:${other.publicKeyMultibase}`;
      const forged = await signVcJwt(credentialV2(did), other, { kid: `${otherDid}#${other.publicKeyMultibase}` });
      expectVerdict(await verify(forged), 'invalid', 'proof.key_controller');
    });

    it('accepts a did:web issuer whose DID document lists the kid under assertionMethod', async () => {
      const kid = `${ISSUER_DID}#jwt-1`;
      issuerDidDocument(
        [{ id: kid, type: 'JsonWebKey2020', controller: ISSUER_DID, publicKeyJwk: rsa.publicJwk }],
        [kid],
      );
      expectVerdict(await verify(await signVcJwt(credentialV2(ISSUER_DID), rsa, { kid })), 'valid');
    });

    it('refuses a did:web kid its DID document lists only as a verification method, not for assertions', async () => {
      const kid = `${ISSUER_DID}#jwt-1`;
      issuerDidDocument([{ id: kid, type: 'JsonWebKey2020', controller: ISSUER_DID, publicKeyJwk: rsa.publicJwk }], []);
      expectVerdict(
        await verify(await signVcJwt(credentialV2(ISSUER_DID), rsa, { kid })),
        'invalid',
        'proof.key_controller',
      );
    });

    it("accepts an embedded jwk that the did:web issuer's DID document lists (as a Multikey)", async () => {
      const id = `${ISSUER_DID}#key-1`;
      issuerDidDocument(
        [{ id, type: 'Multikey', controller: ISSUER_DID, publicKeyMultibase: ed.publicKeyMultibase }],
        [id],
      );
      expectVerdict(await verify(await signVcJwt(credentialV2(ISSUER_DID), ed, { jwk: ed.publicJwk })), 'valid');
    });
  });
});
