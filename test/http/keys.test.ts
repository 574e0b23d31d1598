import { expect } from 'chai';
import { decodeProtectedHeader, importJWK, type JWK, jwtVerify } from 'jose';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, expectError, fetchJson, fetchPublic, type IssuedAward, issueNew } from './support/api.js';
import { azureFundamentalsPass } from './support/awardRequests.js';
import { expectVerifiedCredential, fetchDidDocument } from './support/dataIntegrity.js';

interface KeySetView {
  readonly id: string;
  readonly createdAt: string;
  readonly activatesAt: string;
  readonly signing: boolean;
  readonly links: { readonly jwk: string; readonly cryptographicKey: string; readonly verificationMethod: string };
}

const HOUR = 3_600_000;

/** The key sets an award's documents are signed with: JWT kid, JWS creator, proof method. */
async function signersOf(award: IssuedAward) {
  const jwt = (await fetchPublic(award.links.credentialJwt)).text;
  const jws = (await fetchPublic(award.links.signedAssertion)).text;
  const credential = await fetchJson<{ proof: { verificationMethod: string }[] }>(
    award.links.credential,
    'application/vc+ld+json',
  );
  return {
    jwt,
    credential,
    /** Named as the links of a key set view, to compare with one. */
    keys: {
      jwk: decodeProtectedHeader(jwt).kid,
      cryptographicKey: JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')).verification.creator,
      verificationMethod: credential.proof[0]!.verificationMethod,
    },
  };
}

/** What verifiers can see of the issuer's keys: JWKS kids, DID methods, Profile publicKey. */
async function publishedKeys(service: TestService) {
  const jwks = await fetchJson<{ keys: JWK[] }>(`${service.baseUrl}/.well-known/jwks.json`, 'application/jwk-set+json');
  const profile = await fetchJson<{ publicKey: string[] }>(`${service.baseUrl}/ob2/issuer`, 'application/ld+json');
  const did = await fetchJson<{ id: string }>(`${service.baseUrl}/.well-known/did.json`, 'application/did+json');
  const didDocument = await fetchDidDocument(did.id);
  return {
    kids: jwks.keys.map((key) => key.kid),
    publicKey: profile.publicKey,
    verificationMethods: didDocument.verificationMethod.map((method) => method.id),
    assertionMethods: didDocument.assertionMethod,
  };
}

async function rotate(service: TestService): Promise<KeySetView> {
  const answer = await call<KeySetView>(service, 'POST', '/api/v1/keys/rotate');
  expect(answer.status, answer.text).to.equal(201);
  return answer.body;
}

describe('POST /api/v1/keys/rotate with the default 24-hour overlap', () => {
  const clock = fixedClock('2024-06-01T12:00:00Z');
  let service: TestService;
  let earlier: IssuedAward;
  let previous: KeySetView;
  let next: KeySetView;

  before(async () => {
    service = await startTestService({ clock });
    earlier = await issueNew(service, azureFundamentalsPass());
    const keys = await call<{ items: KeySetView[] }>(service, 'GET', '/api/v1/keys');
    previous = keys.body.items.find((set) => set.signing)!;
    next = await rotate(service);
  });
  after(() => service.close());

  it('answers 201 with the next key set, published but not yet signing', () => {
    expect(next.id).not.to.equal(previous.id);
    expect(next.signing).to.equal(false);
    expect(next.activatesAt).to.equal('2024-06-02T12:00:00.000Z');
  });

  it('publishes the next key at once in the JWKS, the DID document and the Profile', async () => {
    const published = await publishedKeys(service);

    expect(published.kids).to.have.members([previous.links.jwk, next.links.jwk]);
    expect(published.publicKey).to.have.members([previous.links.cryptographicKey, next.links.cryptographicKey]);
    expect(published.verificationMethods).to.have.members([
      previous.links.verificationMethod,
      next.links.verificationMethod,
    ]);
    expect(published.assertionMethods).to.include(next.links.verificationMethod);
    await fetchJson(next.links.jwk, 'application/jwk+json');
    await fetchJson(next.links.cryptographicKey, 'application/ld+json');
  });

  it('keeps signing new awards with the previous key during the overlap', async () => {
    clock.advance(23 * HOUR);

    const signers = await signersOf(await issueNew(service, azureFundamentalsPass('2024-05-20')));

    expect(signers.keys).to.deep.equal(previous.links);
  });

  it('signs new awards with the next key once the overlap is over', async () => {
    clock.advance(2 * HOUR);

    const signers = await signersOf(await issueNew(service, azureFundamentalsPass('2024-05-20')));

    expect(signers.keys).to.deep.equal(next.links);
    const keys = await call<{ items: KeySetView[] }>(service, 'GET', '/api/v1/keys');
    expect(keys.body.items.filter((set) => set.signing).map((set) => set.id)).to.deep.equal([next.id]);
  });

  it('still verifies the documents of awards issued before, with the previous key', async () => {
    const signers = await signersOf(earlier);

    expect(signers.keys).to.deep.equal(previous.links);
    const jwk = await fetchJson<JWK>(signers.keys.jwk!, 'application/jwk+json');
    await jwtVerify(signers.jwt, await importJWK(jwk, 'RS256'), { currentDate: clock.now() });
    await expectVerifiedCredential(signers.credential, clock.now());
  });

  it('answers 403 forbidden to a key without the admin scope', async () => {
    const created = await call<{ key: string }>(service, 'POST', '/api/v1/api-keys', {
      body: { name: 'exam system', scopes: ['issue', 'revoke', 'read'] },
    });

    expectError(await call(service, 'POST', '/api/v1/keys/rotate', { token: created.body.key }), 403, 'forbidden');
  });
});

describe('POST /api/v1/keys/rotate with KEY_ROTATION_OVERLAP_HOURS=0', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService({
      clock: fixedClock('2024-06-01T12:00:00Z'),
      env: { KEY_ROTATION_OVERLAP_HOURS: '0' },
    });
  });
  after(() => service.close());

  it('switches signing to the new key at once', async () => {
    const next = await rotate(service);

    expect(next.signing).to.equal(true);
    const signers = await signersOf(await issueNew(service, azureFundamentalsPass()));
    expect(signers.keys).to.deep.equal(next.links);
  });
});
