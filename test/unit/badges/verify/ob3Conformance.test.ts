import { expect } from 'chai';
import { verifyBadge } from '../../../../src/badges/verify/index.js';
import { expectVerdict } from '../../../fixtures/verify/expectations.js';
import { testFetcher } from '../../../fixtures/verify/fetcher.js';
import { offline, serveJson } from '../../../fixtures/verify/hosting.js';
import {
  credentialV2,
  credentialV11,
  DATA_INTEGRITY_V2,
  ED25519_2020,
  type Json,
  withContexts,
} from '../../../fixtures/verify/ob3Credentials.js';
import {
  controllerDocument,
  ed25519Signature2020Key,
  eddsaRdfc2022Key,
  type LinkedDataKey,
} from '../../../fixtures/verify/ob3Signing.js';
import { clockAtNow, ISSUER, ISSUER_DID, LONG_AGO } from '../../../fixtures/verify/scenario.js';
import { revocationList, revocationListEntry } from '../../../fixtures/verify/statusLists.js';
import { standards } from '../../../support/standards.js';

const LIST = `${ISSUER}/status/revocations`;

/**
 * The 1EdTech displayer conformance set (SPEC ob_v3p0/cert/displayer.md): a valid, an expired
 * and a revoked (1EdTechRevocationList) badge, for VCDM 2.0 and VCDM 1.1, here with both
 * Data Integrity suites.
 */
describe('the displayer conformance set', () => {
  offline();
  const keys: Record<string, LinkedDataKey> = {};
  before(async () => {
    keys['eddsa-rdfc-2022'] = await eddsaRdfc2022Key(ISSUER_DID);
    keys['Ed25519Signature2020'] = await ed25519Signature2020Key(ISSUER_DID);
  });

  const versions = [
    {
      name: 'VCDM 2.0',
      build: (overrides: Json) => credentialV2(ISSUER_DID, overrides),
      expiry: { validFrom: LONG_AGO, validUntil: '2024-01-01T00:00:00Z' },
      fromProperty: 'validFrom',
    },
    {
      name: 'VCDM 1.1',
      build: (overrides: Json) => credentialV11(ISSUER_DID, overrides),
      expiry: { issuanceDate: LONG_AGO, expirationDate: '2024-01-01T00:00:00Z' },
      fromProperty: 'issuanceDate',
    },
  ];
  const suites = [
    { name: 'eddsa-rdfc-2022', contexts: (isV1: boolean) => (isV1 ? [DATA_INTEGRITY_V2] : []) },
    { name: 'Ed25519Signature2020', contexts: () => [ED25519_2020] },
  ];

  for (const version of versions) {
    for (const suite of suites) {
      describe(`${version.name} signed with ${suite.name}`, () => {
        const sign = (overrides: Json) => {
          const key = keys[suite.name]!;
          serveJson(`${ISSUER}/.well-known/did.json`, controllerDocument(ISSUER_DID, Object.values(keys)));
          const credential = withContexts(version.build(overrides), ...suite.contexts(version.name === 'VCDM 1.1'));
          return key.sign(credential);
        };
        const verify = async (credential: Json) =>
          verifyBadge({ kind: 'credential', credential }, { fetcher: testFetcher(), clock: clockAtNow(), standards });

        it('verifies the valid badge and shows its name, issuer and the date it was earned', async () => {
          const report = await verify(await sign({}));
          expectVerdict(report, 'valid');
          expect(report.badge).to.deep.include({ name: 'Azure Fundamentals', description: 'Passed exam AZ-900.' });
          expect(report.badge?.issuer.name).to.equal('Example Issuer');
          expect(report.badge?.earnedOn).to.equal('2024-01-15T10:00:00Z');
        });

        it('reports the expired badge as expired', async () => {
          const report = await verify(await sign(version.expiry));
          expectVerdict(report, 'expired', 'time.expiry');
          expect(report.badge?.expires).to.equal('2024-01-01T00:00:00Z');
        });

        it('reports the revoked badge as revoked', async () => {
          const credential = await sign({ credentialStatus: revocationListEntry(LIST) });
          serveJson(LIST, revocationList(LIST, [String(credential['id'])]));
          expectVerdict(await verify(credential), 'revoked', 'status.revocation');
        });
      });
    }
  }
});
