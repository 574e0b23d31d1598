import { expect } from 'chai';
import { decodeProtectedHeader, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify } from 'jose';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { fetchJson, fetchPublic, type IssuedAward, issueNew, mediaTypeOf } from './support/api.js';
import { type AwardRequestBody, azureAdministratorPass, passOf } from './support/awardRequests.js';
import { expectVerifiedCredential, fetchDidDocument, verifyDataIntegrity } from './support/dataIntegrity.js';
import { expandSafely, ob3CredentialSchema } from './support/specDocuments.js';

type Json = Record<string, unknown>;

interface Credential extends Json {
  readonly id: string;
  readonly issuer: { readonly id: string } & Json;
  readonly validFrom: string;
  readonly validUntil?: string;
  readonly credentialSubject: { readonly id: string; readonly achievement: Json } & Json;
  readonly proof: readonly Json[];
}

const NOW = new Date('2024-06-01T12:00:00Z');

/** NumericDate (RFC 7519 §2) of an ISO date-time. */
const numericDate = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('Open Badges 3.0 documents of an issued award', () => {
  let service: TestService;
  let award: IssuedAward;
  let credential: Credential;

  before(async () => {
    service = await startTestService({ clock: fixedClock(NOW) });
    award = await issueNew(service, azureAdministratorPass('2024-05-15'));
    credential = await fetchJson<Credential>(award.links.credential, 'application/vc+ld+json');
  });
  after(() => service.close());

  describe('the VC-JWT', () => {
    let jwt: string;
    let kid: string;
    let jwk: JWK;

    before(async () => {
      const fetched = await fetchPublic(award.links.credentialJwt);
      expect(fetched.status).to.equal(200);
      expect(mediaTypeOf(fetched.contentType)).to.equal('text/plain');
      jwt = fetched.text;
      kid = decodeProtectedHeader(jwt).kid!;
      jwk = await fetchJson<JWK>(kid, 'application/jwk+json');
    });

    it('has an RS256 header whose kid is a URL', () => {
      const header = decodeProtectedHeader(jwt);

      expect(header.alg).to.equal('RS256');
      expect(Object.keys(header)).to.satisfy((keys: string[]) =>
        keys.every((key) => ['alg', 'kid', 'typ'].includes(key)),
      );
      expect(kid.startsWith(`${service.baseUrl}/`)).to.equal(true);
    });

    it('has a kid answering one public JWK that the JWKS lists too', async () => {
      expect(jwk).to.include({ kty: 'RSA', kid, alg: 'RS256', use: 'sig' });
      expect(jwk).not.to.have.any.keys('d', 'p', 'q', 'keys');
      const jwks = await fetchJson<{ keys: JWK[] }>(
        `${service.baseUrl}/.well-known/jwks.json`,
        'application/jwk-set+json',
      );
      expect(jwks.keys).to.deep.include(jwk);
    });

    it('verifies with jose, with claims equal to the credential fields', async () => {
      const { payload } = await jwtVerify(jwt, await importJWK(jwk, 'RS256'), { currentDate: NOW });
      const claims = payload as JWTPayload & Credential;

      expect(claims.iss).to.equal(claims.issuer.id);
      expect(claims.jti).to.equal(claims.id);
      expect(claims.sub).to.equal(claims.credentialSubject.id);
      expect(claims.nbf).to.equal(numericDate(claims.validFrom));
      expect(claims.exp).to.equal(numericDate(claims.validUntil!));
      expect(claims.sub).to.match(/^urn:uuid:[0-9a-f-]{36}$/);
    });

    it('carries the same credential as the Data Integrity document', () => {
      const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Json;
      const { iss: _iss, jti: _jti, sub: _sub, nbf: _nbf, exp: _exp, iat: _iat, proof: _jwtProof, ...inJwt } = payload;
      const { proof: _proof, ...unsigned } = credential;

      expect(inJwt).to.deep.equal(unsigned);
    });

    it('fails verification under any other RSA key', async () => {
      const { publicKey } = await generateKeyPair('RS256');

      let failure: unknown;
      try {
        await jwtVerify(jwt, publicKey, { currentDate: NOW });
      } catch (error) {
        failure = error;
      }
      expect((failure as { code?: string } | undefined)?.code).to.equal('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    });
  });

  describe('credentials of every kind of award', () => {
    const kinds: ReadonlyArray<{ kind: string; request: () => AwardRequestBody }> = [
      {
        kind: 'a French exam badge with evidence',
        request: () => ({
          ...passOf('AZ-305', '2024-05-01', { locale: 'fr-FR' }),
          evidence: [
            {
              id: 'https://exams.example.org/results/4711',
              name: 'Score report',
              narrative: 'Scored 912 of 1000',
              genre: 'Score',
              audience: 'Employers',
              description: 'The official score report',
            },
          ],
        }),
      },
      { kind: 'a backfilled badge of a retired exam', request: () => passOf('70-533', '2020-12-31') },
      { kind: 'a certification that never expires', request: () => passOf('MS-900', '2024-05-01') },
    ];
    for (const { kind, request } of kinds) {
      it(`are schema-valid, safe-mode clean and verifiable for ${kind}`, async () => {
        const issued = await issueNew(service, request());
        const document = await fetchJson<Credential>(issued.links.credential, 'application/vc+ld+json');
        const validate = ob3CredentialSchema();

        expect(validate(document), JSON.stringify(validate.errors)).to.equal(true);
        expect(await expandSafely(document)).to.have.length(1);
        await expectVerifiedCredential(document, NOW);
        expect(document.credentialSubject.achievement['name']).to.equal(issued.achievement.name);
      });
    }
  });

  describe('the Data Integrity credential', () => {
    it('is valid against the official OB 3.0 AchievementCredential schema', () => {
      const validate = ob3CredentialSchema();

      const valid = validate(credential);

      expect(valid, JSON.stringify(validate.errors)).to.equal(true);
    });

    it('defines every term under the official contexts (JSON-LD safe mode)', async () => {
      expect(await expandSafely(credential)).to.have.length(1);
    });

    it('embeds the issuer Profile with the did:web DID as its id and a urn:uuid subject', () => {
      expect(credential.type).to.deep.equal(['VerifiableCredential', 'OpenBadgeCredential']);
      expect(credential.issuer.id).to.match(/^did:web:127\.0\.0\.1%3A\d+$/);
      expect(credential.issuer['type']).to.deep.equal(['Profile']);
      expect(credential.credentialSubject.id).to.match(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(credential.credentialSubject.achievement['name']).to.equal(award.achievement.name);
      expect(credential.validUntil).to.equal(award.expires);
    });

    it('carries its proof as an array with one eddsa-rdfc-2022 DataIntegrityProof of the issuer', () => {
      expect(credential.proof).to.be.an('array').with.length(1);
      expect(credential.proof[0]).to.include({
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
        created: award.issuedOn,
      });
      expect(credential.proof[0]!['verificationMethod']).to.satisfy((method: string) =>
        method.startsWith(`${credential.issuer.id}#`),
      );
      expect(credential.proof[0]!['proofValue']).to.match(/^z[1-9A-HJ-NP-Za-km-z]+$/);
    });

    it('names its issuer with a did:web DID whose document lists the key under assertionMethod', async () => {
      const did = await fetchDidDocument(credential.issuer.id);
      const method = credential.proof[0]!['verificationMethod'] as string;

      expect(did.id).to.equal(credential.issuer.id);
      expect(did['@context']).to.deep.equal(['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1']);
      expect(did.assertionMethod).to.include(method);
      const key = did.verificationMethod.find((candidate) => candidate.id === method);
      expect(key).to.include({ type: 'Multikey', controller: did.id });
      expect(key?.publicKeyMultibase).to.match(/^z6Mk/);
      expect(await expandSafely(did)).to.have.length(1);
    });

    it('verifies with @digitalbazaar/vc, resolving the DID over HTTP', async () => {
      await expectVerifiedCredential(credential, NOW);
    });

    it('fails verification once the badge name is changed', async () => {
      const tampered = structuredClone(credential) as Json & { credentialSubject: { achievement: Json } };
      tampered.credentialSubject.achievement['name'] = 'Microsoft Certified: Azure Solutions Architect Expert';

      const outcome = await verifyDataIntegrity(tampered, NOW);

      expect(outcome.verified).to.equal(false);
    });

    it('lists a 1EdTechRevocationList served as application/json as its status', async () => {
      const status = credential['credentialStatus'] as { id: string; type: string };
      expect(status.type).to.equal('1EdTechRevocationList');

      const list = await fetchJson<{ revokedCredential: unknown[] }>(status.id, 'application/json');

      expect(list.revokedCredential).to.be.an('array');
    });
  });
});
