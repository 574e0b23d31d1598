import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { compactVerify, decodeProtectedHeader, importSPKI } from 'jose';
import { publishedUuid } from '../../src/badges/publishedUuid.js';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { PUBLISHABLE_URN_UUID } from '../support/urnUuid.js';
import { fetchJson, fetchPublic, type IssuedAward, issueNew, mediaTypeOf } from './support/api.js';
import { azureAdministratorPass, newRecipientEmail } from './support/awardRequests.js';
import { expandSafely } from './support/specDocuments.js';

type Json = Record<string, unknown>;

const LD_JSON = 'application/ld+json';

describe('Open Badges 2.0 documents of an issued award', () => {
  let service: TestService;
  let award: IssuedAward;
  let assertion: Json;
  let profile: Json;
  const email = newRecipientEmail('Ana.Lopez');

  before(async () => {
    service = await startTestService({ clock: fixedClock('2024-06-01T12:00:00Z') });
    award = await issueNew(service, azureAdministratorPass('2024-05-15', { email: `  ${email} ` }));
    assertion = await fetchJson(award.links.assertion, LD_JSON);
    profile = await fetchJson(`${service.baseUrl}/ob2/issuer`, LD_JSON);
  });
  after(() => service.close());

  describe('the hosted assertion', () => {
    it('is served as application/ld+json at the URL that is its id', async () => {
      const fetched = await fetchPublic(award.links.assertion, { accept: 'application/ld+json, */*;q=0.1' });

      expect(fetched.status).to.equal(200);
      expect(mediaTypeOf(fetched.contentType)).to.equal(LD_JSON);
      expect(JSON.parse(fetched.text).id).to.equal(award.links.assertion);
    });

    it('is served as application/json to a client that accepts only that', async () => {
      await fetchJson(award.links.assertion, 'application/json', 'application/json');
    });

    it('has every field OB 2.0 requires of an Assertion', () => {
      expect(assertion).to.include({
        '@context': 'https://w3id.org/openbadges/v2',
        type: 'Assertion',
        id: award.links.assertion,
        // OB 2.0 issuedOn is when the achievement was awarded: the pass, not the record's creation.
        issuedOn: '2024-05-15T00:00:00Z',
        expires: '2025-05-15T00:00:00Z',
        image: award.links.png,
      });
      expect(assertion['verification']).to.deep.equal({ type: 'HostedBadge' });
      expect(assertion['recipient']).to.have.all.keys('type', 'hashed', 'salt', 'identity');
      expect(assertion['badge']).to.equal(`${service.baseUrl}/ob2/badges/azure-administrator-associate`);
    });

    it('identifies the recipient by the SHA-256 of the normalised email and the salt', () => {
      const recipient = assertion['recipient'] as { type: string; hashed: boolean; salt: string; identity: string };
      const expected = createHash('sha256')
        .update(email.toLowerCase() + recipient.salt)
        .digest('hex');

      expect(recipient).to.include({ type: 'email', hashed: true, identity: `sha256$${expected}` });
      expect(recipient.salt).to.match(/^[0-9a-f]{16,}$/);
    });

    it('defines every term of it, the Profile, its keys and its RevocationList under the official OB 2.0 context (JSON-LD safe mode)', async () => {
      const keys = await Promise.all((profile['publicKey'] as string[]).map((url) => fetchJson<Json>(url, LD_JSON)));
      const list = await fetchJson<Json>(profile['revocationList'] as string, LD_JSON);

      for (const document of [assertion, profile, ...keys, list]) {
        expect(await expandSafely(document), String(document['id'])).to.have.length(1);
      }
    });
  });

  describe('the BadgeClass and the issuer Profile', () => {
    it('serves a complete BadgeClass at the IRI the assertion names', async () => {
      const badgeClass = await fetchJson<Json>(assertion['badge'] as string, LD_JSON);

      expect(badgeClass).to.include({
        '@context': 'https://w3id.org/openbadges/v2',
        type: 'BadgeClass',
        id: assertion['badge'],
        name: 'Microsoft Certified: Azure Administrator Associate',
        issuer: profile['id'],
      });
      expect(badgeClass['description']).to.be.a('string').and.not.equal('');
      expect(badgeClass['criteria']).to.have.property('narrative').that.is.a('string');
      const image = await fetchPublic(badgeClass['image'] as string);
      expect([image.status, image.contentType]).to.deep.equal([200, 'image/png']);
      expect(await expandSafely(badgeClass)).to.have.length(1);
    });

    it("names the BadgeClass in the recipient's language, with its id the IRI the assertion names", async () => {
      const french = await issueNew(service, azureAdministratorPass('2024-05-15', { locale: 'fr' }));
      const frenchAssertion = await fetchJson<Json>(french.links.assertion, LD_JSON);

      const badgeClass = await fetchJson<Json>(frenchAssertion['badge'] as string, LD_JSON);

      expect(badgeClass['id']).to.equal(frenchAssertion['badge']);
      expect(badgeClass['name']).to.equal(french.achievement.name);
      expect(badgeClass['name']).to.equal('Microsoft Certified : Administrateur Azure Associate');
    });

    it('serves the issuer Profile with the fields OB 2.0 requires of an issuer', () => {
      expect(profile).to.include({ type: 'Issuer', id: `${service.baseUrl}/ob2/issuer`, url: service.baseUrl });
      expect(profile['name']).to.be.a('string').and.not.equal('');
      expect(profile['email']).to.match(/^[^@\s]+@[^@\s]+$/);
    });

    it('declares the startsWith policy on the base URL and never allowedOrigins', () => {
      expect(profile['verification']).to.deep.equal({ type: 'VerificationObject', startsWith: `${service.baseUrl}/` });
      expect(JSON.stringify(profile)).not.to.include('allowedOrigins');
      expect(award.links.assertion.startsWith(`${service.baseUrl}/`)).to.equal(true);
    });

    it('lists CryptographicKeys in publicKey, each owned by the Profile', async () => {
      const keys = profile['publicKey'] as string[];
      expect(keys).to.be.an('array').that.is.not.empty;

      for (const keyUrl of keys) {
        const key = await fetchJson<Json>(keyUrl, LD_JSON);
        expect(key).to.include({ type: 'CryptographicKey', id: keyUrl, owner: profile['id'] });
        expect(key['publicKeyPem']).to.match(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/);
      }
    });

    it('serves the RevocationList the Profile names', async () => {
      const list = await fetchJson<Json>(profile['revocationList'] as string, LD_JSON);

      expect(list).to.include({ type: 'RevocationList', id: profile['revocationList'], issuer: profile['id'] });
      expect(list['revokedAssertions']).to.be.an('array');
    });
  });

  describe('the signed assertion', () => {
    let jws: string;
    let payload: Json;

    before(async () => {
      const fetched = await fetchPublic(award.links.signedAssertion);
      expect(fetched.status).to.equal(200);
      expect(mediaTypeOf(fetched.contentType)).to.equal('text/plain');
      jws = fetched.text;
      payload = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'));
    });

    it('is an RS256 compact JWS whose verification.creator the Profile lists in publicKey', () => {
      expect(jws).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(decodeProtectedHeader(jws).alg).to.equal('RS256');
      const verification = payload['verification'] as { type: string; creator: string };
      expect(verification.type).to.equal('SignedBadge');
      expect(profile['publicKey']).to.include(verification.creator);
    });

    it('verifies with jose under the PEM of its creator key', async () => {
      const creator = (payload['verification'] as { creator: string }).creator;
      const key = await fetchJson<{ publicKeyPem: string }>(creator, LD_JSON);

      const { payload: signed, protectedHeader } = await compactVerify(
        jws,
        await importSPKI(key.publicKeyPem, 'RS256'),
      );

      expect(protectedHeader.alg).to.equal('RS256');
      expect(JSON.parse(Buffer.from(signed).toString('utf8'))).to.deep.equal(payload);
    });

    it('has a version-4 urn:uuid id of its own and says what the hosted assertion says', () => {
      expect(payload['id'])
        .to.equal(`urn:uuid:${publishedUuid(award.id)}`)
        .and.to.match(PUBLISHABLE_URN_UUID);
      const { id: _signedId, verification: _signed, ...signedRest } = payload;
      const { id: _hostedId, verification: _hosted, ...hostedRest } = assertion;
      expect(signedRest).to.deep.equal(hostedRest);
    });

    it('fails verification once its payload is altered', async () => {
      const creator = (payload['verification'] as { creator: string }).creator;
      const key = await fetchJson<{ publicKeyPem: string }>(creator, LD_JSON);
      const [header, , signature] = jws.split('.');
      const altered = Buffer.from(JSON.stringify({ ...payload, expires: '2099-01-01T00:00:00Z' })).toString(
        'base64url',
      );

      let failure: unknown;
      try {
        await compactVerify(`${header}.${altered}.${signature}`, await importSPKI(key.publicKeyPem, 'RS256'));
      } catch (error) {
        failure = error;
      }
      expect((failure as { code?: string } | undefined)?.code).to.equal('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    });
  });
});
