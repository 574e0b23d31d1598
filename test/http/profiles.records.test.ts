import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { expect } from 'chai';
import type { AwardView } from '../../src/app/awards/awardView.js';
import { PROFILE_ID_PATTERN } from '../../src/app/profiles/profileId.js';
import { TRANSCRIPT_CSV_COLUMNS, type Transcript } from '../../src/app/profiles/transcript.js';
import type { VerificationReport } from '../../src/badges/verify/index.js';
import { fixedClock } from '../../src/ports/clock.js';
import { pageText, readPdf } from '../support/pdfText.js';
import { validateClrCredential } from '../support/standards.js';
import { startTestService, type TestService } from '../support/testService.js';
import { type Answer, call, expectError, fetchPublic, issueNew, listAll, mediaTypeOf } from './support/api.js';
import { newRecipientEmail, passOf } from './support/awardRequests.js';
import { didWebLoader } from './support/dataIntegrity.js';
import { setStoredAwardStatus } from './support/storedAwards.js';

interface ProfileView {
  readonly id: string;
  readonly name: string;
  readonly emails: readonly string[];
  readonly primaryEmail: string;
  readonly createdAt: string;
}

interface SignedRecord {
  readonly type: readonly string[];
  readonly partial?: boolean;
  readonly credentialSubject: {
    readonly verifiableCredential: readonly { readonly id: string }[];
    readonly achievement?: readonly { readonly id: string; readonly name: string }[];
    readonly association?: readonly { associationType: string; sourceId: string; targetId: string }[];
  };
}

const NOW = '2025-06-01T12:00:00Z';

describe("a candidate's profile, transcript, learner record and certificates", () => {
  const clock = fixedClock(NOW);
  const email = newRecipientEmail('zoe');
  let first: TestService;
  let service: TestService;
  let administrator: AwardView;
  let expert: AwardView;
  let fundamentals: AwardView;

  before(async () => {
    first = await startTestService({ clock });
    const name = 'Zoë Ångström';
    administrator = await issueNew(first, passOf('AZ-104', '2025-01-10', { email, name }));
    expert = await issueNew(first, passOf('AZ-305', '2025-03-01', { email, name }));
    fundamentals = await issueNew(first, passOf('AZ-900', '2024-05-15', { email, name, locale: 'fr' }));
    // Accepting is the candidate's to do (claim pages); no API of this service does it yet.
    await first.close({ keepData: true });
    await setStoredAwardStatus(first.dataDir, administrator.id, 'accepted');
    await setStoredAwardStatus(first.dataDir, expert.id, 'accepted');
    service = await startTestService({ clock, dataDir: first.dataDir });
  });
  after(() => service?.close());

  const profileOf = async (address: string) => {
    const answer = await call<{ items: ProfileView[] }>(
      service,
      'GET',
      `/api/v1/profiles?email=${encodeURIComponent(address)}`,
    );
    expect(answer.status, answer.text).to.equal(200);
    return answer.body.items;
  };
  const transcript = (id: string, format: string, extra = '') =>
    call<unknown>(service, 'GET', `/api/v1/profiles/${id}/transcript?format=${format}${extra}`);

  it('gives every candidate one stable, human-typable profile id, found by email or by id as typed', async () => {
    const [profile] = await profileOf(email);
    expect(profile).to.include({ name: 'Zoë Ångström', primaryEmail: email.toLowerCase() });
    expect(profile!.emails).to.deep.equal([email.toLowerCase()]);
    expect(profile!.id).to.match(PROFILE_ID_PATTERN);
    expect((await profileOf(email.toUpperCase()))[0]!.id).to.equal(profile!.id);
    const typed = profile!.id.toLowerCase().replaceAll('-', ' ');
    const byId = await call<ProfileView>(service, 'GET', `/api/v1/profiles/${encodeURIComponent(typed)}`);
    expect(byId.body).to.deep.equal(profile);
  });

  it('answers no profile for an address with no badge, and refuses what is not an address or an id', async () => {
    expect(await profileOf(newRecipientEmail('nobody'))).to.deep.equal([]);
    expectError(await call(service, 'GET', '/api/v1/profiles?email=not-an-address'), 400, 'invalid_email');
    expectError(await call(service, 'GET', '/api/v1/profiles'), 400, 'validation_failed');
    expectError(await call(service, 'GET', '/api/v1/profiles/ACC-0000-0000'), 404, 'not_found');
    expectError(await call(service, 'GET', '/api/v1/profiles/..%2Fawards'), 404, 'not_found');
    expectError(await call(service, 'GET', '/api/v1/profiles/ACC-0000-0000/transcript'), 404, 'not_found');
    expectError(await call(service, 'GET', '/api/v1/profiles', { token: null }), 401, 'unauthorized');
  });

  it('lists the awards of a profile', async () => {
    const [profile] = await profileOf(email);
    const awards = await listAll(service, { profile: profile!.id });
    expect(awards.map((award) => award.id).sort()).to.deep.equal([administrator.id, expert.id, fundamentals.id].sort());
    expectError(await call(service, 'GET', '/api/v1/awards?profile=ACC-0000-0000'), 404, 'not_found');
  });

  it('answers the transcript as JSON: every achievement with its dates and status, oldest first', async () => {
    const [profile] = await profileOf(email);
    const answer = (await transcript(profile!.id, 'json')) as Answer<Transcript>;
    expect(mediaTypeOf(answer.headers.get('content-type') ?? '')).to.equal('application/json');
    expect(answer.body.profile).to.deep.equal({ id: profile!.id, name: 'Zoë Ångström' });
    expect(
      answer.body.achievements.map(({ achievement, kind, status }) => ({ achievement, kind, status })),
    ).to.deep.equal([
      { achievement: 'azure-fundamentals', kind: 'certification', status: 'pending' },
      { achievement: 'azure-administrator-associate', kind: 'certification', status: 'accepted' },
      { achievement: 'azure-solutions-architect-expert', kind: 'certification', status: 'accepted' },
    ]);
    const [entry] = answer.body.achievements;
    expect(Object.keys(entry!)).to.deep.equal([...TRANSCRIPT_CSV_COLUMNS]);
    expect(entry).to.include({
      awardId: fundamentals.id,
      name: 'Microsoft Certified: Azure Fundamentals',
      expires: null,
    });
    expect(entry!.earnedOn).to.match(/^2024-05-15/);
  });

  it('answers the transcript as CSV with the documented header, one row per achievement', async () => {
    const [profile] = await profileOf(email);
    const answer = await transcript(profile!.id, 'csv');
    expect(mediaTypeOf(answer.headers.get('content-type') ?? '')).to.equal('text/csv');
    const rows = answer.text.split('\r\n');
    expect(rows[0]).to.equal('awardId,achievement,name,kind,earnedOn,issuedOn,expires,status');
    expect(rows.at(-1)).to.equal('');
    expect(rows.slice(1, -1)).to.have.length(3);
    expect(rows[3]).to.match(
      new RegExp(
        `^${expert.id},azure-solutions-architect-expert,Microsoft Certified: Azure Solutions Architect Expert,certification,2025-03-01`,
      ),
    );
    expect(rows[3]).to.match(/,accepted$/);
  });

  it('answers the transcript as a printable PDF', async () => {
    const [profile] = await profileOf(email);
    const response = await service.request('GET', `/api/v1/profiles/${profile!.id}/transcript?format=pdf&lang=fr`);
    expect(response.status).to.equal(200);
    expect(mediaTypeOf(response.headers.get('content-type') ?? '')).to.equal('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    const text = pageText(readPdf(pdf), 0);
    for (const expected of [
      profile!.id,
      'Zoë Ångström',
      'Relevé des réussites',
      'azure-solutions-architect-expert',
      'Pas encore réclamé',
    ]) {
      expect(text).to.include(expected);
    }
  });

  it('answers a signed CLR 2.0 record of the accepted badges that we and @digitalbazaar/vc verify', async () => {
    const [profile] = await profileOf(email);
    const answer = (await transcript(profile!.id, 'clr')) as Answer<SignedRecord>;
    expect(answer.status, answer.text).to.equal(200);
    expect(mediaTypeOf(answer.headers.get('content-type') ?? '')).to.equal('application/vc+ld+json');
    const record = answer.body;
    expect(record.type).to.deep.equal(['VerifiableCredential', 'ClrCredential']);
    expect(validateClrCredential(record).errors).to.deep.equal([]);
    // The pending fundamentals badge is left out, and the record says it is partial.
    expect(record.partial).to.equal(true);
    const wrapped = record.credentialSubject.verifiableCredential.map((credential) => credential.id);
    expect(wrapped).to.have.length(2);
    expect(wrapped.some((id) => id.endsWith(administrator.id))).to.equal(true);
    expect(wrapped.some((id) => id.endsWith(expert.id))).to.equal(true);

    const ours = await call<VerificationReport>(service, 'POST', '/api/v1/verify', { body: { credential: record } });
    expect(ours.body.status, ours.text).to.equal('valid');
    expect(ours.body.format).to.equal('clr-data-integrity');
    expect(ours.body.checks.filter((check) => check.id === 'clr.credential').map((check) => check.ok)).to.deep.equal([
      true,
      true,
    ]);

    const theirs = await vc.verifyCredential({
      credential: structuredClone(record),
      suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
      documentLoader: didWebLoader(),
      now: NOW,
    });
    expect(theirs.verified, JSON.stringify(theirs.error ?? theirs.results)).to.equal(true);
  });

  it('relates each exam to its certification, and the prerequisite certification to the expert one', async () => {
    const [profile] = await profileOf(email);
    const record = ((await transcript(profile!.id, 'clr')) as Answer<SignedRecord>).body;
    const name = (id: string) => id.split('/').filter(Boolean).at(-1)!.replace(/\?.*$/, '');
    const relations = (record.credentialSubject.association ?? []).map(
      ({ associationType, sourceId, targetId }) => `${name(sourceId)} ${associationType} ${name(targetId)}`,
    );
    expect(relations).to.have.members([
      'AZ-104 isPartOf azure-administrator-associate',
      'AZ-305 isPartOf azure-solutions-architect-expert',
      'azure-administrator-associate precedes azure-solutions-architect-expert',
    ]);
    expect(record.credentialSubject.achievement?.map((achievement) => achievement.name)).to.have.members([
      'Microsoft Azure Administrator',
      'Designing Microsoft Azure Infrastructure Solutions',
    ]);
  });

  it('refuses a format it does not make, and a learner record of nothing accepted', async () => {
    const [profile] = await profileOf(email);
    expectError(await transcript(profile!.id, 'xml'), 400, 'validation_failed');
    const other = newRecipientEmail('pending');
    await issueNew(service, passOf('AZ-900', '2024-05-15', { email: other }));
    const [pending] = await profileOf(other);
    expectError(await transcript(pending!.id, 'clr'), 409, 'conflict');
  });

  it('serves the certificate of an accepted badge to anyone, and none for a pending or unknown one', async () => {
    const [profile] = await profileOf(email);
    const certificate = await fetchPublic(`${service.baseUrl}/badges/${expert.id}/certificate.pdf`);
    expect(certificate.status).to.equal(200);
    expect(mediaTypeOf(certificate.contentType)).to.equal('application/pdf');
    const text = pageText(readPdf(certificate.bytes), 0);
    for (const expected of [
      'Zoë Ångström',
      'Microsoft Certified: Azure Solutions Architect Expert',
      `Profile ID ${profile!.id}`,
      `Credential ID ${expert.id}`,
      'Earned on 1 March 2025',
    ]) {
      expect(text).to.include(expected);
    }
    // The verify link is printed under the QR code, wrapped over as many lines as it takes.
    expect(readPdf(certificate.bytes).pages[0]!.join('')).to.include(
      `${service.baseUrl}/verify?url=${encodeURIComponent(`${service.baseUrl}/badges/${expert.id}`)}`,
    );
    expect((await fetchPublic(`${service.baseUrl}/badges/${fundamentals.id}/certificate.pdf`)).status).to.equal(404);
    expect(
      (await fetchPublic(`${service.baseUrl}/badges/0190a1b2-0000-7000-8000-000000000000/certificate.pdf`)).status,
    ).to.equal(404);
  });
});
