import { createPublicKey, createSign, createVerify } from 'node:crypto';
import { expect } from 'chai';
import { compactVerify, FlattenedSign, importJWK } from 'jose';
import { buildDidDocument } from '../../../../src/badges/keys/didDocument.js';
import { buildJwks } from '../../../../src/badges/keys/jwks.js';
import { buildOb2CryptographicKey } from '../../../../src/badges/keys/ob2CryptographicKey.js';
import { ed25519PublicKeyMultibase, rsaPublicJwk, rsaPublicKeyPem } from '../../../../src/badges/keys/publicKeys.js';
import { rsaSigningKey } from '../../../../src/badges/keys/rsaSigningKey.js';
import { checkJsonLdSafeMode } from '../../../support/jsonldSafeMode.js';
import { portAndPathUrls, publicSiteUrls } from '../ob3/awardFixtures.js';
import { keySetFixture } from './keySetFixtures.js';

describe('signing key sets', () => {
  it('are plain JSON that survives a store round trip unchanged', async () => {
    const keySet = await keySetFixture();
    expect(JSON.parse(JSON.stringify(keySet))).to.deep.equal(keySet);
    expect(keySet.id).to.equal('ks-2025-1');
    expect(keySet.createdAt).to.equal('2025-01-01T00:00:00.000Z');
  });

  it('hold an RSA-2048 key whose public half is an SPKI PEM matching the private half', async () => {
    const keySet = await keySetFixture();
    const pem = rsaPublicKeyPem(keySet);
    expect(pem).to.match(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(createPublicKey(pem).asymmetricKeyDetails?.modulusLength).to.equal(2048);
    const signature = createSign('sha256').update('data').sign(keySet.rsa.privateKeyPem);
    expect(createVerify('sha256').update('data').verify(pem, signature)).to.equal(true);
  });

  it('hold an Ed25519 Multikey whose public key is z6Mk multibase', async () => {
    expect(ed25519PublicKeyMultibase(await keySetFixture())).to.match(/^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/);
  });

  it('are distinct each time one is generated', async () => {
    const [first, second] = await Promise.all([keySetFixture('a'), keySetFixture('b')]);
    expect(first.rsa.n).to.not.equal(second.rsa.n);
    expect(first.ed25519.publicKeyMultibase).to.not.equal(second.ed25519.publicKeyMultibase);
  });

  it('publish the RSA key as a public JWK whose kid is the URL serving it', async () => {
    const keySet = await keySetFixture();
    const urls = publicSiteUrls();
    const jwk = rsaPublicJwk(keySet, urls);
    expect(jwk).to.deep.equal({
      kty: 'RSA',
      n: keySet.rsa.n,
      e: 'AQAB',
      kid: urls.jwk('ks-2025-1'),
      alg: 'RS256',
      use: 'sig',
    });
    expect(jwk).to.not.have.property('d');
    const jws = await new FlattenedSign(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'RS256' })
      .sign(await rsaSigningKey(keySet));
    const compact = `${jws.protected}.${jws.payload}.${jws.signature}`;
    const verified = await compactVerify(compact, await importJWK(jwk, 'RS256'));
    expect(new TextDecoder().decode(verified.payload)).to.equal('x');
  });
});

describe('the JWKS', () => {
  it('lists every key set, retired ones included, each with its own kid', async () => {
    const urls = publicSiteUrls();
    const keySets = [await keySetFixture('ks-old'), await keySetFixture('ks-new')];
    const jwks = buildJwks(keySets, urls);
    expect(jwks.keys.map((key) => key.kid)).to.deep.equal([urls.jwk('ks-old'), urls.jwk('ks-new')]);
    expect(jwks.keys.every((key) => key.alg === 'RS256' && key.use === 'sig' && !('d' in key))).to.equal(true);
  });
});

describe('the DID document', () => {
  it('lists every Ed25519 key as a Multikey with an absolute id, controlled by the DID and usable for assertions', async () => {
    const urls = publicSiteUrls();
    const keySets = [await keySetFixture('ks-old'), await keySetFixture('ks-new')];
    const did = buildDidDocument(keySets, urls);
    expect(did['@context']).to.deep.equal(['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1']);
    expect(did.id).to.equal('did:web:badges.example.org');
    expect(did.verificationMethod).to.deep.equal(
      keySets.map((keySet) => ({
        id: `did:web:badges.example.org#key-${keySet.id}`,
        type: 'Multikey',
        controller: 'did:web:badges.example.org',
        publicKeyMultibase: keySet.ed25519.publicKeyMultibase,
      })),
    );
    expect(did.assertionMethod).to.deep.equal(did.verificationMethod.map((method) => method.id));
  });

  it('encodes the port of a non-default deployment in the DID', async () => {
    const did = buildDidDocument([await keySetFixture()], portAndPathUrls());
    expect(did.id).to.equal('did:web:127.0.0.1%3A8080:accolade');
    expect(did.assertionMethod[0]).to.equal('did:web:127.0.0.1%3A8080:accolade#key-ks-2025-1');
  });

  it('uses only terms its two contexts define', async () => {
    const result = await checkJsonLdSafeMode(buildDidDocument([await keySetFixture()], publicSiteUrls()));
    expect(result).to.deep.equal({ ok: true });
  });
});

describe('the OB 2.0 CryptographicKey', () => {
  it('names its owner, the issuer Profile, and carries the SPKI PEM', async () => {
    const urls = publicSiteUrls();
    const keySet = await keySetFixture();
    expect(buildOb2CryptographicKey(keySet, urls)).to.deep.equal({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'CryptographicKey',
      id: urls.ob2Key('ks-2025-1'),
      owner: urls.ob2Issuer,
      publicKeyPem: keySet.rsa.publicKeyPem,
    });
  });

  it('uses only terms of the OB 2.0 context', async () => {
    const result = await checkJsonLdSafeMode(buildOb2CryptographicKey(await keySetFixture(), publicSiteUrls()));
    expect(result).to.deep.equal({ ok: true });
  });
});
