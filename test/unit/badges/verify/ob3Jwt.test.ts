import { expect } from 'chai';
import { decodeJwt } from 'jose';
import sharp from 'sharp';
import { bakePng, bakeSvgOb3Jwt } from '../../../../src/badges/bake/index.js';
import { verifyBadge } from '../../../../src/badges/verify/index.js';
import { checkOf, expectVerdict } from '../../../fixtures/verify/expectations.js';
import { testFetcher } from '../../../fixtures/verify/fetcher.js';
import { intercept, offline, serveJson, serveText } from '../../../fixtures/verify/hosting.js';
import { RECIPIENT_EMAIL, unsignedJws } from '../../../fixtures/verify/ob2Issuer.js';
import { credentialV2, credentialV11, type Json } from '../../../fixtures/verify/ob3Credentials.js';
import { eddsaJwtKey, type JwtKey, jwtKey, signVcJwt } from '../../../fixtures/verify/ob3Signing.js';
import { clockAtNow, FUTURE, ISSUER, ISSUER_DID, LONG_AGO, OTHER_DID } from '../../../fixtures/verify/scenario.js';
import {
  bitstringEntry,
  revocationList,
  revocationListEntry,
  statusListCredential,
} from '../../../fixtures/verify/statusLists.js';
import { standards } from '../../../support/standards.js';

const ISSUER_ID = `${ISSUER}/issuer`;
const RSA_KID = `${ISSUER}/keys/rsa-1`;

describe('verifying Open Badges 3.0 VC-JWT', () => {
  offline();
  let rsa: JwtKey;
  let ec: JwtKey;
  let ed: Awaited<ReturnType<typeof eddsaJwtKey>>;
  before(async () => {
    rsa = await jwtKey('RS256');
    ec = await jwtKey('ES256');
    ed = await eddsaJwtKey();
  });

  const deps = (blocked?: (url: string) => boolean) => ({
    fetcher: testFetcher(blocked ? { blocked } : {}),
    clock: clockAtNow(),
    standards,
  });
  const verify = (credential: unknown, recipient?: string) =>
    verifyBadge({ kind: 'credential', credential, ...(recipient ? { recipient } : {}) }, deps());
  const serveRsaKey = () => serveJson(RSA_KID, { ...rsa.publicJwk, kid: RSA_KID });
  const rsaJwt = (overrides: Json = {}, claims: Json = {}) =>
    signVcJwt(credentialV2(ISSUER_ID, overrides), rsa, { kid: RSA_KID }, claims);

  describe('key discovery', () => {
    it('accepts RS256 with a kid URL answering one JWK and summarises the badge', async () => {
      serveRsaKey();
      const report = await verify(await rsaJwt({ validUntil: FUTURE }), RECIPIENT_EMAIL);
      expectVerdict(report, 'valid');
      expect(report.format).to.equal('ob3-jwt');
      expect(checkOf(report, 'ob3.jwt_claims')?.ok).to.equal(true);
      expect(report.badge).to.deep.include({ name: 'Azure Fundamentals', expires: FUTURE, recipientMatch: true });
    });

    it('accepts ES256 with a kid URL answering a JWK Set, matched by kid', async () => {
      const kid = `${ISSUER}/.well-known/jwks.json#es-1`;
      serveJson(
        `${ISSUER}/.well-known/jwks.json`,
        {
          keys: [
            { ...rsa.publicJwk, kid: 'rsa-1' },
            { ...ec.publicJwk, kid: 'es-1' },
          ],
        },
        'application/jwk-set+json',
      );
      expectVerdict(await verify(await signVcJwt(credentialV2(ISSUER_ID), ec, { kid })), 'valid');
    });

    it("looks a bare kid up in the issuer's /.well-known/jwks.json", async () => {
      serveJson(`${ISSUER}/.well-known/jwks.json`, { keys: [{ ...ec.publicJwk, kid: 'es-1' }] });
      expectVerdict(await verify(await signVcJwt(credentialV2(ISSUER_ID), ec, { kid: 'es-1' })), 'valid');
    });

    it('accepts EdDSA with a did:key kid, fetching nothing', async () => {
      const did = `did:key:${ed.publicKeyMultibase}`;
      const fetcher = testFetcher();
      const jwt = await signVcJwt(credentialV2(did), ed, { kid: `${did}#${ed.publicKeyMultibase}` });
      const report = await verifyBadge(
        { kind: 'credential', credential: jwt },
        { fetcher, clock: clockAtNow(), standards },
      );
      expectVerdict(report, 'valid');
      expect(fetcher.calls).to.deep.equal([]);
    });

    it('accepts a did:web kid whose DID document holds a publicKeyJwk', async () => {
      const kid = `${ISSUER_DID}#jwt-1`;
      serveJson(`${ISSUER}/.well-known/did.json`, {
        id: ISSUER_DID,
        verificationMethod: [{ id: kid, type: 'JsonWebKey2020', controller: ISSUER_DID, publicKeyJwk: rsa.publicJwk }],
        assertionMethod: [kid],
      });
      expectVerdict(await verify(await signVcJwt(credentialV2(ISSUER_DID), rsa, { kid })), 'valid');
    });

    it('accepts a did:web kid whose DID document holds a publicKeyMultibase', async () => {
      serveJson(`${ISSUER}/.well-known/did.json`, {
        id: ISSUER_DID,
        verificationMethod: [
          { id: '#key-1', type: 'Multikey', controller: ISSUER_DID, publicKeyMultibase: ed.publicKeyMultibase },
        ],
        assertionMethod: ['#key-1'],
      });
      expectVerdict(
        await verify(await signVcJwt(credentialV2(ISSUER_DID), ed, { kid: `${ISSUER_DID}#key-1` })),
        'valid',
      );
    });

    it("accepts a public key embedded in the header as jwk when the issuer's JWK Set lists it", async () => {
      serveJson(`${ISSUER}/.well-known/jwks.json`, { keys: [{ ...ec.publicJwk, kid: 'es-1' }] });
      expectVerdict(await verify(await signVcJwt(credentialV2(ISSUER_ID), ec, { jwk: ec.publicJwk })), 'valid');
    });

    it('refuses an embedded jwk that carries a private key', async () => {
      const jwt = await signVcJwt(credentialV2(ISSUER_ID), ec, { jwk: { ...ec.publicJwk, d: 'c2VjcmV0' } });
      expectVerdict(await verify(jwt), 'invalid', 'proof.key');
    });

    it('refuses a header with neither kid nor jwk', async () => {
      expectVerdict(await verify(await signVcJwt(credentialV2(ISSUER_ID), ec, {})), 'invalid', 'proof.key');
    });

    it('refuses a kid the JWK Set no longer holds (rotated away)', async () => {
      serveJson(`${ISSUER}/.well-known/jwks.json`, { keys: [{ ...ec.publicJwk, kid: 'es-2' }] });
      const jwt = await signVcJwt(credentialV2(ISSUER_ID), ec, { kid: `${ISSUER}/.well-known/jwks.json#es-1` });
      expectVerdict(await verify(jwt), 'invalid', 'proof.key');
    });

    it('refuses a kid URL that answers 404', async () => {
      intercept(ISSUER).get('/keys/rsa-1').reply(404);
      expectVerdict(await verify(await rsaJwt()), 'invalid', 'proof.key');
    });

    it('cannot judge the signature while the kid URL answers 503 (indeterminate)', async () => {
      intercept(ISSUER).get('/keys/rsa-1').reply(503);
      expectVerdict(await verify(await rsaJwt()), 'indeterminate', 'proof.key');
    });

    it('cannot judge the signature while the key server is too slow (indeterminate)', async () => {
      const report = await verifyBadge(
        { kind: 'credential', credential: await rsaJwt() },
        { ...deps(), fetcher: testFetcher({ stalled: (url) => url === RSA_KID }) },
      );
      expectVerdict(report, 'indeterminate', 'proof.key');
    });

    it('refuses a kid at a target the fetcher blocks (invalid)', async () => {
      const report = await verifyBadge(
        { kind: 'credential', credential: await rsaJwt() },
        deps((url) => url === RSA_KID),
      );
      expectVerdict(report, 'invalid', 'proof.key');
    });

    it("refuses a did:web key whose DID is not the issuer's", async () => {
      const kid = `${OTHER_DID}#key-1`;
      serveJson(`${ISSUER}/.well-known/did.json`, { id: ISSUER_DID, verificationMethod: [], assertionMethod: [] });
      intercept(ISSUER).get('/.well-known/jwks.json').reply(404);
      serveJson('https://other.example/.well-known/did.json', {
        id: OTHER_DID,
        verificationMethod: [{ id: kid, type: 'JsonWebKey2020', controller: OTHER_DID, publicKeyJwk: rsa.publicJwk }],
      });
      expectVerdict(
        await verify(await signVcJwt(credentialV2(ISSUER_DID), rsa, { kid })),
        'invalid',
        'proof.key_controller',
      );
    });

    it('refuses a published JWK whose iss names another issuer', async () => {
      serveJson(RSA_KID, { ...rsa.publicJwk, kid: RSA_KID, iss: 'https://other.example/issuer' });
      expectVerdict(await verify(await rsaJwt()), 'invalid', 'proof.key_controller');
    });
  });

  describe('signature and algorithm', () => {
    it('refuses a payload changed after signing', async () => {
      serveRsaKey();
      const [header, , signature] = (await rsaJwt()).split('.');
      const forged = await rsaJwt({ name: 'Azure Expert' });
      const report = await verify(`${header}.${forged.split('.')[1]}.${signature}`);
      expectVerdict(report, 'invalid', 'proof.signature');
    });

    it('refuses a JWT signed by another key than the kid names', async () => {
      serveRsaKey();
      const other = await jwtKey('RS256');
      expectVerdict(
        await verify(await signVcJwt(credentialV2(ISSUER_ID), other, { kid: RSA_KID })),
        'invalid',
        'proof.signature',
      );
    });

    it('refuses alg none with a clear message', async () => {
      serveRsaKey();
      const report = await verify(unsignedJws({ alg: 'none', kid: RSA_KID }, credentialV2(ISSUER_ID)));
      expectVerdict(report, 'invalid', 'proof.signature');
      expect(checkOf(report, 'proof.signature')?.message).to.contain('none');
    });

    it('refuses HS256 against a public key', async () => {
      serveRsaKey();
      const report = await verify(unsignedJws({ alg: 'HS256', kid: RSA_KID }, credentialV2(ISSUER_ID), 'AAAA'));
      expectVerdict(report, 'invalid', 'proof.signature');
    });
  });

  describe('claims and dates', () => {
    it('refuses a jti that is not the credential id', async () => {
      serveRsaKey();
      expectVerdict(await verify(await rsaJwt({}, { jti: 'urn:uuid:another' })), 'invalid', 'ob3.jwt_claims');
    });

    it('accepts a JWT without sub when the subject has no id, only an identifier', async () => {
      serveRsaKey();
      const { id: _id, ...identifiedOnly } = credentialV2(ISSUER_ID)['credentialSubject'] as Json;
      const jwt = await rsaJwt({ credentialSubject: identifiedOnly });
      expect(decodeJwt(jwt)).not.to.have.property('sub');

      const report = await verify(jwt, RECIPIENT_EMAIL);

      expectVerdict(report, 'valid');
      expect(checkOf(report, 'ob3.jwt_claims')?.ok).to.equal(true);
    });

    it('refuses a JWT without sub when the subject has an id', async () => {
      serveRsaKey();
      const jwt = await rsaJwt({}, { sub: undefined });
      expect(decodeJwt(jwt)).not.to.have.property('sub');
      expectVerdict(await verify(jwt), 'invalid', 'ob3.jwt_claims');
    });

    it('refuses an iss that is not the issuer id', async () => {
      serveRsaKey();
      expectVerdict(await verify(await rsaJwt({}, { iss: 'https://other.example' })), 'invalid', 'ob3.jwt_claims');
    });

    it('refuses an nbf that is not validFrom', async () => {
      serveRsaKey();
      expectVerdict(await verify(await rsaJwt({}, { nbf: 1_600_000_000 })), 'invalid', 'ob3.jwt_claims');
    });

    it('reports a past exp and validUntil as expired, not invalid', async () => {
      serveRsaKey();
      const report = await verify(await rsaJwt({ validFrom: LONG_AGO, validUntil: '2024-01-01T00:00:00Z' }));
      expectVerdict(report, 'expired', 'time.expiry');
      expect(checkOf(report, 'proof.signature')?.ok).to.equal(true);
    });

    it('reports a future nbf and validFrom as not yet valid (expired category)', async () => {
      serveRsaKey();
      expectVerdict(await verify(await rsaJwt({ validFrom: FUTURE })), 'expired', 'time.not_before');
    });
  });

  describe('VCDM 1.1 credentials in the vc claim', () => {
    const LIST = `${ISSUER}/status/revocations`;
    const v11Jwt = (overrides: Json = {}) => signVcJwt(credentialV11(ISSUER_ID, overrides), rsa, { kid: RSA_KID });

    it('verifies the valid badge', async () => {
      serveRsaKey();
      const report = await verify(await v11Jwt());
      expectVerdict(report, 'valid');
      expect(report.badge?.earnedOn).to.equal('2024-01-15T10:00:00Z');
    });

    it('reports the expired badge as expired', async () => {
      serveRsaKey();
      expectVerdict(
        await verify(await v11Jwt({ issuanceDate: LONG_AGO, expirationDate: '2024-01-01T00:00:00Z' })),
        'expired',
        'time.expiry',
      );
    });

    it('reports the revoked badge as revoked', async () => {
      serveRsaKey();
      const credential = credentialV11(ISSUER_ID, { credentialStatus: revocationListEntry(LIST) });
      serveJson(LIST, revocationList(LIST, [String(credential['id'])]));
      expectVerdict(await verify(await signVcJwt(credential, rsa, { kid: RSA_KID })), 'revoked', 'status.revocation');
    });
  });

  describe('delivery', () => {
    it('reads a BitstringStatusList served as a VC-JWT', async () => {
      serveRsaKey();
      const listUrl = `${ISSUER}/status/1`;
      const list = statusListCredential(listUrl, ISSUER_ID, [3], { issuer: { id: ISSUER_ID } });
      serveText(listUrl, await signVcJwt(list, rsa, { kid: RSA_KID }), 'application/vc+jwt');
      const jwt = await rsaJwt({ credentialStatus: bitstringEntry(listUrl, 3) });
      expectVerdict(await verify(jwt), 'revoked', 'status.revocation');
    });

    it('fetches a badge URL answering the compact JWS as text/plain', async () => {
      serveRsaKey();
      serveText(`${ISSUER}/credentials/1.jwt`, await rsaJwt());
      const report = await verifyBadge({ kind: 'url', url: `${ISSUER}/credentials/1.jwt` }, deps());
      expectVerdict(report, 'valid');
      expect(checkOf(report, 'input.fetch')?.ok).to.equal(true);
    });

    it('unbakes a VC-JWT from a PNG and from an SVG', async () => {
      serveRsaKey();
      const jwt = await rsaJwt();
      const png = await sharp({ create: { width: 4, height: 4, channels: 4, background: '#336699' } })
        .png()
        .toBuffer();
      const baked = bakePng(png, 'openbadgecredential', jwt);
      const fromPng = await verifyBadge({ kind: 'image', contentType: 'image/png', bytes: baked }, deps());
      expectVerdict(fromPng, 'valid');
      expect(checkOf(fromPng, 'image.unbake')?.ok).to.equal(true);
      const svg = bakeSvgOb3Jwt(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>',
        jwt,
      );
      const fromSvg = await verifyBadge(
        { kind: 'image', contentType: 'image/svg+xml', bytes: Buffer.from(svg) },
        deps(),
      );
      expectVerdict(fromSvg, 'valid');
    });
  });
});
