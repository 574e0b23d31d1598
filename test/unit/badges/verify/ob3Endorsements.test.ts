import { expect } from 'chai';
import { verifyBadge } from '../../../../src/badges/verify/index.js';
import { checkOf, expectVerdict } from '../../../fixtures/verify/expectations.js';
import { testFetcher } from '../../../fixtures/verify/fetcher.js';
import { intercept, offline, resetIntercepts, serveJson } from '../../../fixtures/verify/hosting.js';
import { credentialV2, endorsementV2, type Json } from '../../../fixtures/verify/ob3Credentials.js';
import {
  controllerDocument,
  eddsaRdfc2022Key,
  type JwtKey,
  jwtKey,
  type LinkedDataKey,
  signVcJwt,
} from '../../../fixtures/verify/ob3Signing.js';
import { clockAtNow, ISSUER, ISSUER_DID, LONG_AGO, OTHER_DID } from '../../../fixtures/verify/scenario.js';
import { standards } from '../../../support/standards.js';

const ENDORSER_KID = 'https://other.example/keys/1';

describe('verifying the endorsements embedded in an Open Badges 3.0 credential', () => {
  offline();
  let issuerKey: LinkedDataKey;
  let endorserKey: LinkedDataKey;
  let endorserJwtKey: JwtKey;
  before(async () => {
    issuerKey = await eddsaRdfc2022Key(ISSUER_DID);
    endorserKey = await eddsaRdfc2022Key(OTHER_DID);
    endorserJwtKey = await jwtKey('ES256');
  });
  beforeEach(() => {
    serveJson(`${ISSUER}/.well-known/did.json`, controllerDocument(ISSUER_DID, [issuerKey]));
    serveJson('https://other.example/.well-known/did.json', controllerDocument(OTHER_DID, [endorserKey]));
    serveJson(ENDORSER_KID, endorserJwtKey.publicJwk);
  });

  const verify = (credential: unknown) =>
    verifyBadge({ kind: 'credential', credential }, { fetcher: testFetcher(), clock: clockAtNow(), standards });
  const achievementId = () =>
    ((credentialV2(ISSUER_DID)['credentialSubject'] as Json)['achievement'] as Json)['id'] as string;

  /** The badge with `endorsement` on its achievement ($..endorsement), signed by the issuer. */
  const badgeEndorsedWith = async (endorsement: Json) => {
    const credential = credentialV2(ISSUER_DID);
    const subject = credential['credentialSubject'] as Json;
    const achievement = { ...(subject['achievement'] as Json), endorsement: [endorsement] };
    return issuerKey.sign({ ...credential, credentialSubject: { ...subject, achievement } });
  };

  it('verifies an embedded EndorsementCredential signed by its own issuer', async () => {
    const endorsement = await endorserKey.sign(endorsementV2(OTHER_DID, achievementId()));
    const report = await verify(await badgeEndorsedWith(endorsement));
    expectVerdict(report, 'valid');
    expect(checkOf(report, 'endorsement')?.ok).to.equal(true);
  });

  it('fails the endorsement check for an endorsement altered after signing', async () => {
    const endorsement = await endorserKey.sign(endorsementV2(OTHER_DID, achievementId()));
    const altered = { ...endorsement, name: 'Endorsement of something else' };
    expectVerdict(await verify(await badgeEndorsedWith(altered)), 'invalid', 'endorsement');
  });

  it('fails the endorsement check for an endorsement whose type is not EndorsementCredential', async () => {
    const endorsement = await endorserKey.sign({
      ...endorsementV2(OTHER_DID, achievementId()),
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
    });
    expectVerdict(await verify(await badgeEndorsedWith(endorsement)), 'invalid', 'endorsement');
  });

  it('cannot judge an endorsement whose issuer is unreachable (indeterminate)', async () => {
    resetIntercepts();
    serveJson(`${ISSUER}/.well-known/did.json`, controllerDocument(ISSUER_DID, [issuerKey]));
    intercept('https://other.example').get('/.well-known/did.json').reply(503);
    const endorsement = await endorserKey.sign(endorsementV2(OTHER_DID, achievementId()));
    expectVerdict(await verify(await badgeEndorsedWith(endorsement)), 'indeterminate', 'endorsement');
  });

  describe('endorsementJwt', () => {
    const endorserId = 'https://other.example/issuer';
    const badgeWithJwtEndorsement = async (endorsementJwt: string) => {
      const rsa = await jwtKey('RS256');
      serveJson(`${ISSUER}/keys/rsa`, rsa.publicJwk);
      return signVcJwt(credentialV2(`${ISSUER}/issuer`, { endorsementJwt: [endorsementJwt] }), rsa, {
        kid: `${ISSUER}/keys/rsa`,
      });
    };

    it('verifies an endorsement given as a VC-JWT', async () => {
      const endorsementJwt = await signVcJwt(endorsementV2(endorserId, achievementId()), endorserJwtKey, {
        kid: ENDORSER_KID,
      });
      const report = await verify(await badgeWithJwtEndorsement(endorsementJwt));
      expectVerdict(report, 'valid');
      expect(checkOf(report, 'endorsement')?.ok).to.equal(true);
    });

    it('fails the endorsement check for an expired endorsement JWT', async () => {
      const expired = endorsementV2(endorserId, achievementId(), {
        validFrom: LONG_AGO,
        validUntil: '2024-01-01T00:00:00Z',
      });
      const endorsementJwt = await signVcJwt(expired, endorserJwtKey, { kid: ENDORSER_KID });
      const report = await verify(await badgeWithJwtEndorsement(endorsementJwt));
      expectVerdict(report, 'invalid', 'endorsement');
      expect(checkOf(report, 'endorsement')?.message).to.contain('expired');
    });
  });
});
