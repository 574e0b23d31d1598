import { expect } from 'chai';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, expectError, issueNew, listAll, postAward } from './support/api.js';
import { azureAdministratorPass, azureFundamentalsPass, newRecipientEmail, passOf } from './support/awardRequests.js';

const NOW = '2024-06-01T12:00:00Z';

describe('POST /api/v1/awards issues the badge a pass earns', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService({ clock: fixedClock(NOW) });
  });
  after(() => service.close());

  it('answers 201 with a pending award for the certification an exam completes', async () => {
    const answer = await postAward(service, azureFundamentalsPass('2024-05-15'));

    expect(answer.status).to.equal(201);
    const award = answer.body;
    expect(award.id).to.match(/^[0-9a-f-]{36}$/);
    expect(award.status).to.equal('pending');
    expect(award.achievement).to.deep.equal({
      id: 'azure-fundamentals',
      kind: 'certification',
      name: 'Microsoft Certified: Azure Fundamentals',
    });
    expect(award.earnedBy).to.equal('AZ-900');
    expect(award.earnedOn).to.equal('2024-05-15T00:00:00Z');
    expect(award.issuedOn).to.equal(NOW);
    expect(award).not.to.have.property('expires');
    expect(answer.headers.get('location')).to.equal(award.links.page);
  });

  it('gives a certification with a validity period an expiry twelve months after the pass', async () => {
    const award = await issueNew(service, azureAdministratorPass('2024-05-15'));

    expect(award.achievement.id).to.equal('azure-administrator-associate');
    expect(award.earnedBy).to.equal('AZ-104');
    expect(award.expires).to.equal('2025-05-15T00:00:00Z');
  });

  it('links every format with an absolute URL under the base URL and without a query string', async () => {
    const award = await issueNew(service, azureAdministratorPass());
    const { linkedin, ...published } = award.links;

    expect(Object.keys(published)).to.have.members([
      'assertion',
      'page',
      'signedAssertion',
      'credentialJwt',
      'credential',
      'png',
      'svg',
    ]);
    for (const [name, link] of Object.entries(published)) {
      const url = new URL(link);
      expect(link, name).to.satisfy((value: string) => value.startsWith(`${service.baseUrl}/`));
      expect(url.search, name).to.equal('');
      expect(url.hash, name).to.equal('');
      expect(url.pathname, name).to.include(award.id);
    }
    expect(new Set(Object.values(published)).size).to.equal(Object.keys(published).length);
    const addToProfile = new URL(linkedin);
    expect(addToProfile.origin + addToProfile.pathname).to.equal('https://www.linkedin.com/profile/add');
    expect(addToProfile.searchParams.get('certUrl')).to.equal(award.links.page);
    expect(addToProfile.searchParams.get('certId')).to.equal(award.id);
  });

  it('serves the same award resource at GET /api/v1/awards/:id', async () => {
    const award = await issueNew(service, azureAdministratorPass());

    const fetched = await call(service, 'GET', `/api/v1/awards/${award.id}`);

    expect(fetched.status).to.equal(200);
    expect(fetched.body).to.deep.equal(award);
  });

  it('answers 404 not_found for an award id it does not know', async () => {
    expectError(await call(service, 'GET', '/api/v1/awards/0190c2a4-0000-7000-8000-000000000000'), 404, 'not_found');
  });

  it('writes the badge names in French for a recipient whose locale is French', async () => {
    const award = await issueNew(service, azureFundamentalsPass('2024-05-15', { locale: 'fr-FR' }));

    expect(award.achievement.name).to.equal("Microsoft Certified : Notions fondamentales d'Azure");
    expect(award.recipient.locale).to.equal('fr');
  });

  it('issues the expert certification as well when AZ-104 completes it after AZ-305, and keeps the AZ-305 badge', async () => {
    const email = newRecipientEmail('architect');
    const exam = await issueNew(service, passOf('AZ-305', '2024-04-01', { email }));
    expect(exam.achievement).to.include({ id: 'AZ-305', kind: 'exam' });

    const second = await issueNew(service, azureAdministratorPass('2024-05-01', { email }));

    expect(second.achievement.id).to.equal('azure-administrator-associate');
    expect(second.alsoAwarded?.map((award) => award.achievement.id)).to.deep.equal([
      'azure-solutions-architect-expert',
    ]);
    expect(second.alsoAwarded?.[0]?.earnedBy).to.equal('AZ-104');
    const held = await listAll(service, { recipient: email });
    expect(held.map((award) => [award.achievement.id, award.status])).to.have.deep.members([
      ['AZ-305', 'pending'],
      ['azure-administrator-associate', 'pending'],
      ['azure-solutions-architect-expert', 'pending'],
    ]);
  });

  it('accepts a backfilled pass dated on the retirement day of its exam', async () => {
    const award = await issueNew(service, passOf('70-533', '2020-12-31'));

    expect(award.achievement).to.include({ id: '70-533', kind: 'exam' });
  });

  const refusals: ReadonlyArray<{ scenario: string; achievement: string; earnedOn: string; rule: string }> = [
    {
      scenario: 'an achievement the catalog lacks',
      achievement: 'XX-999',
      earnedOn: '2024-01-10',
      rule: 'unknown_achievement',
    },
    { scenario: 'exam 74-343', achievement: '74-343', earnedOn: '2015-03-01', rule: 'excluded' },
    { scenario: 'MOS 2010 exam 77-881', achievement: '77-881', earnedOn: '2015-03-01', rule: 'excluded' },
    { scenario: 'Dynamics CRM exam MB2-710', achievement: 'MB2-710', earnedOn: '2017-03-01', rule: 'excluded' },
    { scenario: 'legacy exam 70-290', achievement: '70-290', earnedOn: '2005-03-01', rule: 'no_badge_legacy' },
    {
      scenario: 'a pass of 70-533 the day after it retired',
      achievement: '70-533',
      earnedOn: '2021-01-01',
      rule: 'earned_after_retirement',
    },
    {
      scenario: 'a pass of AZ-305 before its release',
      achievement: 'AZ-305',
      earnedOn: '2022-01-10',
      rule: 'earned_before_release',
    },
    { scenario: 'a pass dated tomorrow', achievement: 'AZ-900', earnedOn: '2024-06-02', rule: 'earned_in_future' },
    {
      scenario: 'a pass dated half an hour from now in another time zone',
      achievement: 'AZ-900',
      earnedOn: '2024-06-01T13:30:00+01:00',
      rule: 'earned_in_future',
    },
  ];
  for (const { scenario, achievement, earnedOn, rule } of refusals) {
    it(`refuses ${scenario} with 422 not_eligible and rule ${rule}, storing nothing`, async () => {
      const request = passOf(achievement, earnedOn);

      const error = expectError(await postAward(service, request), 422, 'not_eligible');

      expect(error.details?.['rule']).to.equal(rule);
      expect(await listAll(service, { recipient: request.recipient.email })).to.deep.equal([]);
    });
  }
});
