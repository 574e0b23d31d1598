import { expect } from 'chai';
import { CHECK_DESCRIPTIONS, type VerificationReport, verifyBadge } from '../../../../src/badges/verify/index.js';
import { LIMITS } from '../../../../src/badges/verify/limits.js';
import { fixedClock } from '../../../../src/ports/clock.js';
import { clrExample, clrTestVectorExample } from '../../../fixtures/clr/specClr.js';
import { checkOf, expectVerdict } from '../../../fixtures/verify/expectations.js';
import { testFetcher } from '../../../fixtures/verify/fetcher.js';
import { offline, serveJson } from '../../../fixtures/verify/hosting.js';
import { standards } from '../../../support/standards.js';
import { signedCandidateRecord } from '../clr/clrFixtures.js';
import { RECIPIENT_EMAIL } from '../ob3/awardFixtures.js';
import { singleKeyController } from '../ob3/dataIntegrityVerifier.js';

const AFTER_THE_RECORD = '2025-06-02T00:00:00Z';
/** After the certification's validUntil (2026-03-04), before nothing else ends. */
const AFTER_THE_CERTIFICATION_EXPIRED = '2026-04-01T00:00:00Z';

type Record_ = Awaited<ReturnType<typeof signedCandidateRecord>>;

function credentialChecks(report: VerificationReport) {
  return report.checks.filter((check) => check.id === 'clr.credential');
}

describe('verifying a Comprehensive Learner Record (CLR 2.0)', () => {
  offline();
  let record: Record_;
  before(async () => {
    record = await signedCandidateRecord();
  });

  /** Our issuer's did:web document and OB 3.0 revocation list, as the public site serves them. */
  function serveOurIssuer(revoked: readonly string[] = []) {
    serveJson('https://badges.example.org/.well-known/did.json', record.didDocument);
    serveJson(record.urls.ob3RevocationList, {
      id: record.urls.ob3RevocationList,
      issuer: record.urls.did,
      revokedCredential: revoked.map((id) => ({ id, revoked: true, revocationReason: 'duplicate' })),
    });
  }

  /** An issuer of the specification's examples: its id answers a controller document listing its key. */
  function serveSpecIssuer(controller: string, publicKeyMultibase: string) {
    const verificationMethod = `${controller}#${publicKeyMultibase}`;
    serveJson(controller, singleKeyController({ controller, verificationMethod, publicKeyMultibase }));
  }

  const verify = (credential: unknown, at = AFTER_THE_RECORD, recipient?: string) =>
    verifyBadge(
      { kind: 'credential', credential, ...(recipient ? { recipient } : {}) },
      { fetcher: testFetcher(), clock: fixedClock(at), standards },
    );

  it('verifies ours: the record, then each wrapped credential in a check of its own', async () => {
    serveOurIssuer();
    const report = await verify(record.signed);
    expectVerdict(report, 'valid');
    expect(report.format).to.equal('clr-data-integrity');
    expect(report.checks.map((check) => check.id)).to.include.members([
      'jsonld.safe_mode',
      'clr.context',
      'clr.type',
      'clr.schema',
      'clr.subject',
      'proof.key',
      'proof.key_controller',
      'proof.signature',
      'time.not_before',
    ]);
    expect(credentialChecks(report).map(({ ok, credential }) => ({ ok, credential }))).to.deep.equal([
      { ok: true, credential: { index: 0, id: record.exam.id } },
      { ok: true, credential: { index: 1, id: record.certification.id } },
    ]);
    expect(report.badge).to.deep.include({ name: 'Transcript of Ada L.', issuedOn: '2025-06-01T12:00:00Z' });
  });

  it('fails a tampered wrapped credential in its own check, and the record proof with it', async () => {
    serveOurIssuer();
    const [exam, certification] = record.signed.credentialSubject.verifiableCredential as [object, object];
    const tampered = {
      ...record.signed,
      credentialSubject: {
        ...record.signed.credentialSubject,
        verifiableCredential: [{ ...exam, name: 'Azure Solutions Architect Expert' }, certification],
      },
    };
    const report = await verify(tampered);
    expectVerdict(report, 'invalid', 'clr.credential');
    const [first, second] = credentialChecks(report);
    expect(first).to.deep.include({ ok: false, credential: { index: 0, id: record.exam.id } });
    expect(first?.message).to.include('proof.signature');
    expect(second).to.deep.include({ ok: true, credential: { index: 1, id: record.certification.id } });
    expect(checkOf(report, 'proof.signature')?.ok).to.equal(false);
  });

  it('reports a revoked wrapped credential as revoked', async () => {
    serveOurIssuer([record.certification.id]);
    const report = await verify(record.signed);
    expectVerdict(report, 'revoked', 'clr.credential');
    expect(credentialChecks(report).map((check) => check.ok)).to.deep.equal([true, false]);
    expect(checkOf(report, 'proof.signature')?.ok).to.equal(true);
  });

  it('keeps a record valid when a wrapped certification has expired since, and says so', async () => {
    serveOurIssuer();
    const report = await verify(record.signed, AFTER_THE_CERTIFICATION_EXPIRED);
    expectVerdict(report, 'valid');
    const [, certification] = credentialChecks(report);
    expect(certification?.ok).to.equal(true);
    expect(certification?.message).to.include('expired since');
  });

  it('matches a recipient named by the record, and refuses another', async () => {
    serveOurIssuer();
    expect((await verify(record.signed, AFTER_THE_RECORD, RECIPIENT_EMAIL)).badge?.recipientMatch).to.equal(true);
    const report = await verify(record.signed, AFTER_THE_RECORD, 'someone.else@example.com');
    expectVerdict(report, 'invalid', 'recipient');
  });

  it('refuses a record wrapping more credentials than it verifies, without verifying them', async () => {
    serveOurIssuer();
    const many = Array.from({ length: LIMITS.maxClrCredentials + 1 }, () => record.exam);
    const report = await verify({
      ...record.signed,
      credentialSubject: { ...record.signed.credentialSubject, verifiableCredential: many },
    });
    expectVerdict(report, 'invalid', 'clr.subject');
    expect(credentialChecks(report)).to.deep.equal([]);
    expect(CHECK_DESCRIPTIONS['clr.subject']).to.include(`at most ${LIMITS.maxClrCredentials} credentials`);
  });

  it("verifies the specification's signed test vector, and reports its wrapped credential's schema faults", async () => {
    serveSpecIssuer('https://example.edu/issuers/565049', 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi');
    const report = await verify(clrTestVectorExample('Signed credential'), '2011-01-01T00:00:00Z');
    expect(checkOf(report, 'proof.signature')).to.deep.include({ ok: true });
    expect(checkOf(report, 'clr.schema')).to.deep.include({ ok: true });
    // Its wrapped credential's proof holds, but it writes single-string types the OB 3.0
    // schema refuses (docs/open-badges.md D3), and nothing else fails.
    const [wrapped] = credentialChecks(report);
    expect(wrapped).to.deep.include({
      ok: false,
      credential: { index: 0, id: 'urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002' },
    });
    expect(wrapped?.message).to.match(/is invalid: ob3\.schema: [^;]*type must be array/);
    expect(wrapped?.message).not.to.include('proof.');
    expect(report.checks.filter((check) => !check.ok).map((check) => check.id)).to.deep.equal(['clr.credential']);
  });

  it("verifies the validator's own example record, its wrapped credential included", async () => {
    serveSpecIssuer('https://example.edu/issuers/565049', 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi');
    serveSpecIssuer('https://example.com/issuers/876543', 'z6MkvREVgsHx7Ppae68vCoByy73ZD4aMSJiPML2cryVL8JAx');
    const report = await verify(clrExample('simple'), '2025-01-01T00:00:00Z');
    expectVerdict(report, 'valid');
    expect(credentialChecks(report)).to.deep.equal([
      {
        id: 'clr.credential',
        ok: true,
        message: 'credential #0 (http://example.com/credentials/3527) verified',
        credential: { index: 0, id: 'http://example.com/credentials/3527' },
      },
    ]);
  });
});
