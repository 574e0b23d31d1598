import { expect } from 'chai';
import { VERIFY_LIMITS, verifyBadge } from '../../../../src/badges/verify/index.js';
import { checkOf, expectVerdict } from '../../../fixtures/verify/expectations.js';
import { testFetcher } from '../../../fixtures/verify/fetcher.js';
import { memoryFetcher } from '../../../fixtures/verify/memoryFetcher.js';
import { credentialV2, endorsementV2, type Json } from '../../../fixtures/verify/ob3Credentials.js';
import {
  eddsaRdfc2022DidKey,
  type JwtKey,
  jwtKey,
  type LinkedDataKey,
  signVcJwt,
} from '../../../fixtures/verify/ob3Signing.js';
import { clockAtNow, ISSUER } from '../../../fixtures/verify/scenario.js';
import { silentFetcher } from '../../../fixtures/verify/slowFetcher.js';
import { revocationList, revocationListEntry } from '../../../fixtures/verify/statusLists.js';
import { standards } from '../../../support/standards.js';

const ISSUER_ID = `${ISSUER}/issuer`;
const RSA_KID = `${ISSUER}/keys/rsa-1`;
const LIST = `${ISSUER}/status/revocations`;
const BADGE_URL = `${ISSUER}/credentials/1.jwt`;

/** Every check that failed for lack of time says so. */
function timedOut(report: Awaited<ReturnType<typeof verifyBadge>>) {
  return report.checks.filter((check) => !check.ok && check.message.includes('time budget'));
}

describe('the budget of one verification (time and nested proof checks)', () => {
  describe('time', () => {
    let rsa: JwtKey;
    let documents: Map<string, unknown>;
    before(async () => {
      rsa = await jwtKey('RS256');
      const jwt = await signVcJwt(credentialV2(ISSUER_ID, { credentialStatus: revocationListEntry(LIST) }), rsa, {
        kid: RSA_KID,
      });
      documents = new Map<string, unknown>([
        [RSA_KID, rsa.publicJwk],
        [LIST, revocationList(LIST, [])],
        [BADGE_URL, jwt],
      ]);
    });

    it('verifies the badge when its issuer answers within the budget', async () => {
      const report = await verifyBadge(
        { kind: 'url', url: BADGE_URL },
        { fetcher: memoryFetcher(documents), clock: clockAtNow(), standards, deadlineMs: 5_000 },
      );
      expectVerdict(report, 'valid');
    });

    // The fetchers below never answer: a verification that ends at all was ended by its budget.
    it('gives up a badge URL that never answers once the budget is spent, as indeterminate', async () => {
      const fetcher = silentFetcher();
      const report = await verifyBadge(
        { kind: 'url', url: BADGE_URL },
        { fetcher, clock: clockAtNow(), standards, deadlineMs: 30 },
      );
      expect(fetcher.calls).to.deep.equal([BADGE_URL]);
      expectVerdict(report, 'indeterminate', 'input.fetch');
      expect(checkOf(report, 'input.fetch')?.message).to.contain('30 ms time budget');
    });

    it('stops an issuer that stalls: the fetch under way is given up and no other fetch starts', async () => {
      const fetcher = silentFetcher();
      const report = await verifyBadge(
        { kind: 'credential', credential: documents.get(BADGE_URL) as string },
        { fetcher, clock: clockAtNow(), standards, deadlineMs: 100 },
      );
      expectVerdict(report, 'indeterminate', 'status.revocation');
      expect(fetcher.calls).to.deep.equal([RSA_KID]);
      expect(timedOut(report).map((check) => check.id)).to.include('status.revocation');
    });
  });

  describe('nested proof checks', () => {
    let didKey: LinkedDataKey;
    before(async () => {
      didKey = await eddsaRdfc2022DidKey();
    });

    /**
     * A did:key badge (no fetch at all) endorsed `endorsements` times, each endorsement itself
     * endorsed `nested` times on its issuer Profile: 1 + endorsements × (1 + nested) proofs.
     * Identical copies cost nothing to sign, and are still each a proof to check.
     */
    async function endorsedBadge(endorsements: number, nested: number): Promise<Json> {
      const issuerId = didKey.controller;
      const achievement = (credentialV2(issuerId)['credentialSubject'] as Json)['achievement'] as Json;
      const leaf = await didKey.sign(endorsementV2(issuerId, String(achievement['id'])));
      const profile = endorsementV2(issuerId, String(achievement['id']))['issuer'] as Json;
      const endorsement = await didKey.sign(
        endorsementV2(issuerId, String(achievement['id']), {
          issuer: { ...profile, endorsement: Array.from({ length: nested }, () => leaf) },
        }),
      );
      const badge = credentialV2(issuerId);
      return didKey.sign({ ...badge, endorsement: Array.from({ length: endorsements }, () => endorsement) });
    }

    it(`verifies a did:key badge whose endorsements need ${VERIFY_LIMITS.maxProofChecks - 1} proof checks`, async () => {
      const fetcher = testFetcher();
      const report = await verifyBadge(
        { kind: 'credential', credential: await endorsedBadge(10, 2) },
        { fetcher, clock: clockAtNow(), standards },
      );
      expectVerdict(report, 'valid');
      expect(fetcher.calls).to.deep.equal([]);
    });

    it(`stops checking proofs after ${VERIFY_LIMITS.maxProofChecks}, however many endorsements nest (indeterminate)`, async () => {
      const report = await verifyBadge(
        { kind: 'credential', credential: await endorsedBadge(10, 3) },
        { fetcher: testFetcher(), clock: clockAtNow(), standards },
      );
      expectVerdict(report, 'indeterminate', 'endorsement');
      expect(checkOf(report, 'endorsement')?.message).to.contain(
        `more than ${VERIFY_LIMITS.maxProofChecks} proof checks`,
      );
      expect(checkOf(report, 'proof.signature')?.ok).to.equal(true);
    });
  });
});
