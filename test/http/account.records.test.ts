import { expect } from 'chai';
import type { AwardView } from '../../src/app/awards/awardView.js';
import { awardMailKey } from '../../src/app/mail/awardNotifications.js';
import { PROFILE_ID_PATTERN } from '../../src/app/profiles/profileId.js';
import { TRANSCRIPT_CSV_COLUMNS, type Transcript } from '../../src/app/profiles/transcript.js';
import type { VerificationReport } from '../../src/badges/verify/index.js';
import { fixedClock } from '../../src/ports/clock.js';
import { isSettled, waitForMail } from '../support/mailWait.js';
import { csrfIn, outboxMessagesTo, type PageClient, pageClient } from '../support/pageClient.js';
import { pageText, readPdf } from '../support/pdfText.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, type Fetched, fetchPublic, mediaTypeOf, revokeAward } from './support/api.js';
import { signedInCandidate } from './support/claims.js';

const NOW = '2025-06-01T12:00:00Z';

describe("the candidate's records in the account: profile id, transcript and certificates", () => {
  const clock = fixedClock(NOW);
  let service: TestService;
  before(async () => {
    service = await startTestService({ clock });
  });
  after(() => service?.close());

  /** A candidate with an accepted AZ-104 badge and a pending AZ-900 one, signed in by the claim link. */
  const candidate = (name = 'Zoë Ångström') => signedInCandidate(service, name, 'records');

  /** A download with the visitor's cookies, as bytes (PDFs are not text). */
  function download(visitor: PageClient, path: string): Promise<Fetched> {
    const cookie = [...visitor.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    return fetchPublic(new URL(path, `${service.baseUrl}/`).href, { cookie });
  }

  function linksOf(html: string): string[] {
    return [...html.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));
  }

  it('shows the profile id, the transcript in every format and a certificate for each badge', async () => {
    const { visitor, profileId, accepted, pending } = await candidate();
    expect(profileId).to.match(PROFILE_ID_PATTERN);
    const page = await visitor.get('/account');
    expect(page.status).to.equal(200);
    expect(page.text).to.include(`data-profile-id="${profileId}"`);
    const links = linksOf(page.text);
    for (const format of ['pdf', 'csv', 'json', 'clr']) {
      expect(links).to.include(`/account/profiles/${profileId}/transcript?format=${format}`);
    }
    expect(links).to.include.members([
      `/account/badges/${accepted.id}/certificate.pdf`,
      `/account/badges/${pending.id}/certificate.pdf`,
    ]);
    const french = await visitor.get('/account?lang=fr');
    expect(french.text).to.include('Identifiant de profil');
    expect(french.text).to.include('Relevé (PDF)');
  });

  it('downloads the transcript as JSON, CSV and PDF, each as a file of this profile', async () => {
    const { visitor, profileId, accepted, pending } = await candidate();
    const json = await download(visitor, `/account/profiles/${profileId}/transcript?format=json`);
    expect(json.status, json.text).to.equal(200);
    expect(mediaTypeOf(json.contentType)).to.equal('application/json');
    expect(json.headers.get('content-disposition')).to.match(/^attachment; filename="?transcript-ACC-/);
    const transcript = JSON.parse(json.text) as Transcript;
    expect(transcript.profile).to.deep.equal({ id: profileId, name: 'Zoë Ångström' });
    expect(transcript.achievements.map((entry) => [entry.awardId, entry.status])).to.deep.equal([
      [pending.id, 'pending'],
      [accepted.id, 'accepted'],
    ]);

    const csv = await download(visitor, `/account/profiles/${profileId}/transcript?format=csv`);
    expect(mediaTypeOf(csv.contentType)).to.equal('text/csv');
    expect(csv.text.split('\r\n')[0]).to.equal(TRANSCRIPT_CSV_COLUMNS.join(','));
    expect(csv.text.split('\r\n')).to.have.length(4);

    const pdf = await download(visitor, `/account/profiles/${profileId}/transcript?format=pdf&lang=fr`);
    expect(mediaTypeOf(pdf.contentType)).to.equal('application/pdf');
    const text = pageText(readPdf(pdf.bytes), 0);
    expect(text).to.include(profileId);
    expect(text).to.include('Relevé des réussites');

    const unknown = await download(visitor, `/account/profiles/${profileId}/transcript?format=xml`);
    expect(unknown.status).to.equal(400);
    expect((JSON.parse(unknown.text) as { error: { code: string } }).error.code).to.equal('validation_failed');
  });

  it('downloads a signed CLR 2.0 record that our verifier verifies', async () => {
    const { visitor, profileId, accepted } = await candidate();
    const clr = await download(visitor, `/account/profiles/${profileId}/transcript?format=clr`);
    expect(clr.status, clr.text).to.equal(200);
    expect(mediaTypeOf(clr.contentType)).to.equal('application/vc+ld+json');
    const record = JSON.parse(clr.text) as { credentialSubject: { verifiableCredential: { id: string }[] } };
    expect(record.credentialSubject.verifiableCredential.map((credential) => credential.id)).to.satisfy(
      (ids: string[]) => ids.length === 1 && ids[0]!.endsWith(accepted.id),
    );
    const report = await call<VerificationReport>(service, 'POST', '/api/v1/verify', { body: { credential: record } });
    expect(report.body.status, report.text).to.equal('valid');
  });

  it('gives the candidate the certificate of any badge of theirs, pending and private ones included, which the public link does not', async () => {
    const { visitor, accepted, pending, profileId } = await candidate('Léa Martin');
    const own = await download(visitor, `/account/badges/${pending.id}/certificate.pdf`);
    expect(own.status, own.text).to.equal(200);
    expect(mediaTypeOf(own.contentType)).to.equal('application/pdf');
    const text = pageText(readPdf(own.bytes), 0);
    expect(text).to.include('Léa Martin');
    expect(text).to.include(profileId);
    expect((await fetchPublic(`${service.baseUrl}/badges/${pending.id}/certificate.pdf`)).status).to.equal(404);

    // Accepted and public: anyone may print it; made private: only its earner, from the account.
    expect((await fetchPublic(`${service.baseUrl}/badges/${accepted.id}/certificate.pdf`)).status).to.equal(200);
    const page = await visitor.get('/account');
    const made = await visitor.post(`/account/badges/${accepted.id}/private`, { csrf: csrfIn(page.text) });
    expect(made.status).to.equal(303);
    const hidden = await fetchPublic(`${service.baseUrl}/badges/${accepted.id}/certificate.pdf`);
    expect(hidden.status).to.equal(404);
    expect((JSON.parse(hidden.text) as { error: { code: string } }).error.code).to.equal('not_found');
    expect(hidden.text).not.to.include('Léa Martin');
    expect((await download(visitor, `/account/badges/${accepted.id}/certificate.pdf`)).status).to.equal(200);
  });

  it("refuses another profile's transcript and another person's certificate with 404 not_found, telling nothing", async () => {
    const mine = await candidate('Ana López');
    const theirs = await candidate('Ben Okafor');
    const refusals = [
      `/account/profiles/${theirs.profileId}/transcript?format=json`,
      `/account/profiles/${theirs.profileId}/transcript?format=pdf`,
      `/account/profiles/${theirs.profileId}/transcript?format=clr`,
      `/account/profiles/ACC-0000-0000/transcript?format=json`,
      `/account/profiles/not-an-id/transcript?format=csv`,
      `/account/badges/${theirs.accepted.id}/certificate.pdf`,
      `/account/badges/${theirs.pending.id}/certificate.pdf`,
      `/account/badges/0190a1b2-0000-7000-8000-000000000000/certificate.pdf`,
    ];
    for (const path of refusals) {
      const answer = await download(mine.visitor, path);
      expect(answer.status, path).to.equal(404);
      expect((JSON.parse(answer.text) as { error: { code: string } }).error.code, path).to.equal('not_found');
      expect(answer.text, path).not.to.include('Ben Okafor');
      expect(answer.text, path).not.to.include(theirs.email);
    }
    // The ids as typed still lead to one's own profile.
    const typed = mine.profileId.toLowerCase();
    expect((await download(mine.visitor, `/account/profiles/${typed}/transcript?format=json`)).status).to.equal(200);

    // Signed out: sent to sign in, whatever the address.
    const stranger = pageClient(service.baseUrl);
    const answer = await stranger.get(`/account/profiles/${mine.profileId}/transcript?format=json`);
    expect(answer.status).to.equal(303);
    expect(answer.location).to.equal(`${service.baseUrl}/sign-in`);
    expect((await stranger.get(`/account/badges/${mine.accepted.id}/certificate.pdf`)).status).to.equal(303);
  });

  it('offers no certificate of a revoked badge', async () => {
    const { visitor, pending } = await candidate();
    await revokeAward(service, pending.id, 'issued in error');
    const page = await visitor.get('/account');
    expect(linksOf(page.text)).not.to.include(`/account/badges/${pending.id}/certificate.pdf`);
    expect((await download(visitor, `/account/badges/${pending.id}/certificate.pdf`)).status).to.equal(404);
  });

  it('mails a badge re-issued under an approved name at once, like any new award', async () => {
    const { email, accepted, profileId } = await candidate('Ana Lopez');
    const asked = await call<{ id: string }>(service, 'POST', `/api/v1/profiles/${profileId}/name-changes`, {
      body: { name: 'Ana López García' },
    });
    expect(asked.status, asked.text).to.equal(201);
    expect(
      (await call(service, 'POST', `/api/v1/name-changes/${asked.body.id}/approve`, { body: {} })).status,
    ).to.equal(200);
    const reissued = await call<{ award: AwardView }>(service, 'POST', `/api/v1/awards/${accepted.id}/reissue`);
    expect(reissued.status, reissued.text).to.equal(201);
    const newId = reissued.body.award.id;
    // Queued by the re-issue itself, before any start-up sweep.
    expect(await service.service.mail.find(awardMailKey(newId))).not.to.equal(null);
    const sent = await waitForMail(service.service.mail, awardMailKey(newId), isSettled);
    expect(sent.status).to.equal('sent');
    const messages = await outboxMessagesTo(service.dataDir, email);
    expect(messages.some((message) => (message.text ?? '').includes('Ana López García'))).to.equal(true);
  });
});
