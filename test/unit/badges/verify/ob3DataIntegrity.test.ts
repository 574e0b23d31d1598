import { expect } from 'chai';
import { verifyBadge } from '../../../../src/badges/verify/index.js';
import { checkOf, expectVerdict } from '../../../fixtures/verify/expectations.js';
import { testFetcher } from '../../../fixtures/verify/fetcher.js';
import { intercept, offline, serveJson } from '../../../fixtures/verify/hosting.js';
import { RECIPIENT_EMAIL } from '../../../fixtures/verify/ob2Issuer.js';
import { credentialV2, type Json } from '../../../fixtures/verify/ob3Credentials.js';
import {
  controllerDocument,
  eddsaRdfc2022DidKey,
  eddsaRdfc2022Key,
  eddsaRdfc2022KeyAt,
  type LinkedDataKey,
} from '../../../fixtures/verify/ob3Signing.js';
import { clockAtNow, FUTURE, ISSUER, ISSUER_DID, LONG_AGO, OTHER_DID } from '../../../fixtures/verify/scenario.js';
import {
  bitstringEntry,
  encodedList,
  revocationList,
  revocationListEntry,
  statusListCredential,
} from '../../../fixtures/verify/statusLists.js';
import { standards } from '../../../support/standards.js';

const DID_URL = `${ISSUER}/.well-known/did.json`;

describe('verifying Open Badges 3.0 with a Data Integrity proof', () => {
  offline();
  let key: LinkedDataKey;
  before(async () => {
    key = await eddsaRdfc2022Key(ISSUER_DID);
  });

  const deps = (blocked?: (url: string) => boolean) => ({
    fetcher: testFetcher(blocked ? { blocked } : {}),
    clock: clockAtNow(),
    standards,
  });
  const serveIssuerDid = (document: Json = controllerDocument(ISSUER_DID, [key])) => serveJson(DID_URL, document);
  const verify = (credential: unknown, recipient?: string) =>
    verifyBadge({ kind: 'credential', credential, ...(recipient ? { recipient } : {}) }, deps());

  it('accepts an eddsa-rdfc-2022 credential from a did:web issuer and summarises it', async () => {
    serveIssuerDid();
    const report = await verify(await key.sign(credentialV2(ISSUER_DID, { validUntil: FUTURE })), RECIPIENT_EMAIL);
    expectVerdict(report, 'valid');
    expect(report.format).to.equal('ob3-data-integrity');
    expect(report.checks.map((check) => check.id)).to.include.members([
      'jsonld.safe_mode',
      'ob3.context',
      'ob3.type',
      'ob3.schema',
      'proof.key',
      'proof.key_controller',
      'proof.signature',
      'status.revocation',
      'time.expiry',
      'recipient',
    ]);
    expect(report.badge).to.deep.include({ name: 'Azure Fundamentals', expires: FUTURE, recipientMatch: true });
    expect(report.badge?.issuer).to.deep.equal({
      id: ISSUER_DID,
      name: 'Example Issuer',
      url: ISSUER,
      domain: 'issuer.example',
      known: false,
      own: false,
    });
  });

  it('reads a DID document served with any content type', async () => {
    serveJson(DID_URL, controllerDocument(ISSUER_DID, [key]), 'text/plain');
    expectVerdict(await verify(await key.sign(credentialV2(ISSUER_DID))), 'valid');
  });

  it('refuses a credential changed after signing', async () => {
    serveIssuerDid();
    const signed = await key.sign(credentialV2(ISSUER_DID));
    expectVerdict(await verify({ ...signed, name: 'Azure Expert' }), 'invalid', 'proof.signature');
  });

  it('refuses a credential without any proof', async () => {
    expectVerdict(await verify(credentialV2(ISSUER_DID)), 'invalid', 'proof.signature');
  });

  it('reports a recipient mismatch as invalid', async () => {
    serveIssuerDid();
    const report = await verify(await key.sign(credentialV2(ISSUER_DID)), 'mallory@example.org');
    expectVerdict(report, 'invalid', 'recipient');
    expect(report.badge?.recipientMatch).to.equal(false);
  });

  it('reports a credential past validUntil as expired', async () => {
    serveIssuerDid();
    const credential = credentialV2(ISSUER_DID, { validFrom: LONG_AGO, validUntil: '2024-01-01T00:00:00Z' });
    expectVerdict(await verify(await key.sign(credential)), 'expired', 'time.expiry');
  });

  it('reports a credential before validFrom as not yet valid (expired category)', async () => {
    serveIssuerDid();
    expectVerdict(
      await verify(await key.sign(credentialV2(ISSUER_DID, { validFrom: FUTURE }))),
      'expired',
      'time.not_before',
    );
  });

  it('refuses a key whose controller is not the issuer', async () => {
    serveIssuerDid();
    const credential = credentialV2(OTHER_DID);
    expectVerdict(await verify(await key.sign(credential)), 'invalid', 'proof.key_controller');
  });

  it('refuses a key its controller does not list under assertionMethod', async () => {
    serveIssuerDid(controllerDocument(ISSUER_DID, [key], []));
    expectVerdict(await verify(await key.sign(credentialV2(ISSUER_DID))), 'invalid', 'proof.key_controller');
  });

  it('refuses a key no longer in the DID document (rotated away)', async () => {
    const successor = await eddsaRdfc2022Key(ISSUER_DID, 'key-2');
    serveIssuerDid(controllerDocument(ISSUER_DID, [successor]));
    expectVerdict(await verify(await key.sign(credentialV2(ISSUER_DID))), 'invalid', 'proof.key');
  });

  it('cannot judge the proof while the DID document is unreachable (indeterminate)', async () => {
    intercept(ISSUER).get('/.well-known/did.json').reply(502);
    expectVerdict(await verify(await key.sign(credentialV2(ISSUER_DID))), 'indeterminate', 'proof.key');
  });

  it('cannot judge the proof when the DID document is too slow (indeterminate)', async () => {
    const report = await verifyBadge(
      { kind: 'credential', credential: await key.sign(credentialV2(ISSUER_DID)) },
      { ...deps(), fetcher: testFetcher({ stalled: (url) => url === DID_URL }) },
    );
    expectVerdict(report, 'indeterminate', 'proof.key');
  });

  it('refuses a key at a target the fetcher blocks (invalid)', async () => {
    const report = await verifyBadge(
      { kind: 'credential', credential: await key.sign(credentialV2(ISSUER_DID)) },
      deps((url) => url.startsWith(ISSUER)),
    );
    expectVerdict(report, 'invalid', 'proof.key');
  });

  it('refuses an unknown remote context without fetching it', async () => {
    serveIssuerDid();
    const fetcher = testFetcher();
    const credential = credentialV2(ISSUER_DID);
    const withRemote = {
      ...credential,
      '@context': [...(credential['@context'] as string[]), 'https://evil.example/context.json'],
    };
    const report = await verifyBadge(
      { kind: 'credential', credential: withRemote },
      { fetcher, clock: clockAtNow(), standards },
    );
    expectVerdict(report, 'invalid', 'jsonld.safe_mode');
    expect(fetcher.calls.some((url) => url.includes('evil.example'))).to.equal(false);
  });

  it('refuses a term no context defines (JSON-LD safe mode)', async () => {
    serveIssuerDid();
    const signed = await key.sign(credentialV2(ISSUER_DID));
    expectVerdict(await verify({ ...signed, favouriteColour: 'blue' }), 'invalid', 'jsonld.safe_mode');
  });

  it('refuses a credential the official schema rejects (issuer type not an array)', async () => {
    serveIssuerDid();
    const credential = credentialV2(ISSUER_DID);
    const issuer = { ...(credential['issuer'] as Json), type: 'Profile' };
    expectVerdict(await verify(await key.sign({ ...credential, issuer })), 'invalid', 'ob3.schema');
  });

  it('refuses a credential whose subject has neither id nor identifier', async () => {
    serveIssuerDid();
    const credential = credentialV2(ISSUER_DID);
    const { id: _id, identifier: _identifier, ...subject } = credential['credentialSubject'] as Json;
    expectVerdict(
      await verify(await key.sign({ ...credential, credentialSubject: subject })),
      'invalid',
      'ob3.subject',
    );
  });

  it('refuses a credential without an Open Badges context at position 1', async () => {
    serveIssuerDid();
    const credential = credentialV2(ISSUER_DID, { '@context': ['https://www.w3.org/ns/credentials/v2'] });
    expectVerdict(await verify(credential), 'invalid', 'ob3.context');
  });

  it('resolves a did:key verification method from the identifier alone, fetching nothing', async () => {
    const didKey = await eddsaRdfc2022DidKey();
    const fetcher = testFetcher();
    const credential = await didKey.sign(credentialV2(didKey.controller));
    const report = await verifyBadge({ kind: 'credential', credential }, { fetcher, clock: clockAtNow(), standards });
    expectVerdict(report, 'valid');
    expect(fetcher.calls).to.deep.equal([]);
  });

  it('resolves an http(s) controller document', async () => {
    const controller = `${ISSUER}/issuers/1`;
    const httpKey = await eddsaRdfc2022Key(controller);
    serveJson(controller, controllerDocument(controller, [httpKey]));
    expectVerdict(await verify(await httpKey.sign(credentialV2(controller))), 'valid');
  });

  describe('a credential as `vc.issue()` makes it by default, with one proof object rather than a set', () => {
    const expectSingleProofValid = async (credential: Json) => {
      expect(credential['proof']).to.be.an('object').and.not.to.be.an('array');
      const report = await verify(credential, RECIPIENT_EMAIL);
      expectVerdict(report, 'valid');
      expect(checkOf(report, 'ob3.schema')?.ok).to.equal(true);
    };

    it('is accepted from a did:key issuer', async () => {
      const didKey = await eddsaRdfc2022DidKey();
      await expectSingleProofValid(await didKey.issue(credentialV2(didKey.controller)));
    });

    it('is accepted from an issuer whose verification method is in its https controller document', async () => {
      const controller = `${ISSUER}/issuers/single-proof`;
      const httpKey = await eddsaRdfc2022Key(controller);
      serveJson(controller, controllerDocument(controller, [httpKey]));
      await expectSingleProofValid(await httpKey.issue(credentialV2(controller)));
    });

    it('is still refused once changed after signing', async () => {
      const didKey = await eddsaRdfc2022DidKey();
      const credential = await didKey.issue(credentialV2(didKey.controller));
      expectVerdict(await verify({ ...credential, name: 'Something else' }), 'invalid', 'proof.signature');
    });
  });

  describe('a key URL answering the key document itself', () => {
    const controller = `${ISSUER}/issuers/2`;
    const keyUrl = `${ISSUER}/keys/ed-1`;
    const signedWithKeyListed = async (assertionMethod: string[]) => {
      const standalone = await eddsaRdfc2022KeyAt(keyUrl, controller);
      serveJson(keyUrl, standalone.method);
      serveJson(controller, { id: controller, assertionMethod });
      return standalone.sign(credentialV2(controller));
    };

    it('fetches its controller document too and accepts the key listed there', async () => {
      expectVerdict(await verify(await signedWithKeyListed([keyUrl])), 'valid');
    });

    it('refuses the key when its controller document does not list it', async () => {
      expectVerdict(await verify(await signedWithKeyListed([])), 'invalid', 'proof.key_controller');
    });
  });

  describe('credentialStatus', () => {
    const LIST = `${ISSUER}/status/revocations`;
    const BITSTRING = `${ISSUER}/status/1`;

    it('reports a credential in the 1EdTechRevocationList as revoked', async () => {
      serveIssuerDid();
      const credential = credentialV2(ISSUER_DID, { credentialStatus: revocationListEntry(LIST) });
      serveJson(LIST, revocationList(LIST, [String(credential['id'])]));
      expectVerdict(await verify(await key.sign(credential)), 'revoked', 'status.revocation');
    });

    it('accepts a credential absent from its 1EdTechRevocationList', async () => {
      serveIssuerDid();
      serveJson(LIST, revocationList(LIST, ['urn:uuid:someone-else']));
      const credential = credentialV2(ISSUER_DID, { credentialStatus: revocationListEntry(LIST) });
      expectVerdict(await verify(await key.sign(credential)), 'valid');
    });

    it('cannot judge revocation while the revocation list is unreachable (indeterminate)', async () => {
      serveIssuerDid();
      intercept(ISSUER).get('/status/revocations').reply(503);
      const credential = credentialV2(ISSUER_DID, { credentialStatus: revocationListEntry(LIST) });
      expectVerdict(await verify(await key.sign(credential)), 'indeterminate', 'status.revocation');
    });

    it('reads a set bit in a signed BitstringStatusList as revoked', async () => {
      serveIssuerDid();
      serveJson(BITSTRING, await key.sign(statusListCredential(BITSTRING, ISSUER_DID, [7, 42])));
      const credential = credentialV2(ISSUER_DID, { credentialStatus: bitstringEntry(BITSTRING, 42) });
      expectVerdict(await verify(await key.sign(credential)), 'revoked', 'status.revocation');
    });

    it('reads a clear bit in a BitstringStatusList as not revoked', async () => {
      serveIssuerDid();
      serveJson(BITSTRING, await key.sign(statusListCredential(BITSTRING, ISSUER_DID, [7, 42])));
      const credential = credentialV2(ISSUER_DID, { credentialStatus: bitstringEntry(BITSTRING, 43) });
      expectVerdict(await verify(await key.sign(credential)), 'valid');
    });

    it('refuses a statusListIndex beyond the end of the list', async () => {
      serveIssuerDid();
      serveJson(BITSTRING, await key.sign(statusListCredential(BITSTRING, ISSUER_DID, [])));
      const credential = credentialV2(ISSUER_DID, { credentialStatus: bitstringEntry(BITSTRING, 131_072) });
      expectVerdict(await verify(await key.sign(credential)), 'invalid', 'status.revocation');
    });

    it('cannot judge revocation when the status list proof does not verify', async () => {
      serveIssuerDid();
      const list = await key.sign(statusListCredential(BITSTRING, ISSUER_DID, [42]));
      serveJson(BITSTRING, {
        ...list,
        credentialSubject: { ...(list['credentialSubject'] as Json), encodedList: encodedList([]) },
      });
      const credential = credentialV2(ISSUER_DID, { credentialStatus: bitstringEntry(BITSTRING, 42) });
      expectVerdict(await verify(await key.sign(credential)), 'indeterminate', 'status.revocation');
    });

    it('cannot judge revocation while the status list is unreachable', async () => {
      serveIssuerDid();
      intercept(ISSUER).get('/status/1').replyWithError('socket hang up');
      const credential = credentialV2(ISSUER_DID, { credentialStatus: bitstringEntry(BITSTRING, 42) });
      expectVerdict(await verify(await key.sign(credential)), 'indeterminate', 'status.revocation');
    });

    it('puts invalid before revoked when both apply', async () => {
      serveIssuerDid();
      const credential = credentialV2(ISSUER_DID, { credentialStatus: revocationListEntry(LIST) });
      serveJson(LIST, revocationList(LIST, [String(credential['id'])]));
      const report = await verify(await key.sign(credential), 'mallory@example.org');
      expectVerdict(report, 'invalid', 'recipient');
      expect(checkOf(report, 'status.revocation')?.ok).to.equal(false);
    });
  });
});
