import { expect } from 'chai';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, expectError, issueNew, listAll, listPage, problemPaths } from './support/api.js';
import { azureAdministratorPass, azureFundamentalsPass, newRecipientEmail, passOf } from './support/awardRequests.js';

describe('GET /api/v1/awards lists awards', () => {
  let service: TestService;
  const ana = newRecipientEmail('ana');
  const ben = newRecipientEmail('ben');
  const ids: Record<string, string> = {};

  before(async () => {
    service = await startTestService({ clock: fixedClock('2024-06-01T12:00:00Z') });
    ids['anaFundamentals'] = (await issueNew(service, azureFundamentalsPass('2024-01-10', { email: ana }))).id;
    ids['anaAdministrator'] = (await issueNew(service, azureAdministratorPass('2024-02-10', { email: ana }))).id;
    ids['anaOffice'] = (await issueNew(service, passOf('MS-900', '2024-03-10', { email: ana }))).id;
    ids['benFundamentals'] = (await issueNew(service, azureFundamentalsPass('2024-01-20', { email: ben }))).id;
    ids['benDeveloper'] = (await issueNew(service, passOf('AZ-204', '2024-02-20', { email: ben }))).id;
    const revoked = await call(service, 'POST', `/api/v1/awards/${ids['benDeveloper']}/revoke`, {
      body: { reason: 'Issued to the wrong candidate' },
    });
    expect(revoked.status).to.equal(200);
  });
  after(() => service.close());

  const idsOf = (awards: readonly { id: string }[]) => awards.map((award) => award.id);

  it('lists every award in issuance order without filters', async () => {
    expect(idsOf(await listAll(service))).to.deep.equal(Object.values(ids));
  });

  it('filters by recipient, whatever the case of the email', async () => {
    const awards = await listAll(service, { recipient: ana.toUpperCase() });

    expect(idsOf(awards)).to.deep.equal([ids['anaFundamentals'], ids['anaAdministrator'], ids['anaOffice']]);
  });

  it('filters by achievement id, whatever its case', async () => {
    const awards = await listAll(service, { achievement: 'AZURE-Fundamentals' });

    expect(idsOf(awards)).to.deep.equal([ids['anaFundamentals'], ids['benFundamentals']]);
  });

  it('filters by status', async () => {
    expect(idsOf(await listAll(service, { status: 'revoked' }))).to.deep.equal([ids['benDeveloper']]);
    expect(await listAll(service, { status: 'pending' })).to.have.length(4);
    expect(await listAll(service, { status: 'declined' })).to.deep.equal([]);
  });

  it('combines filters', async () => {
    const awards = await listAll(service, { recipient: ben, status: 'pending', achievement: 'azure-fundamentals' });

    expect(idsOf(awards)).to.deep.equal([ids['benFundamentals']]);
  });

  it('walks every award exactly once with limit=2 and the cursor', async () => {
    const seen: string[] = [];
    let query: Record<string, string> = { limit: '2' };
    let pages = 0;
    for (;;) {
      const page = await listPage(service, query);
      expect(page.status).to.equal(200);
      expect(page.body.items.length).to.be.within(1, 2);
      seen.push(...idsOf(page.body.items));
      pages += 1;
      if (page.body.nextCursor === undefined) break;
      query = { limit: '2', cursor: page.body.nextCursor };
    }

    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(Object.values(ids));
  });

  it('refuses an unknown status with 400 validation_failed naming the parameter', async () => {
    expect(problemPaths(await listPage(service, { status: 'archived' }))).to.deep.equal(['/status']);
  });

  for (const limit of ['0', '201', 'ten', '-1']) {
    it(`refuses limit=${limit} with 400 validation_failed`, async () => {
      expectError(await listPage(service, { limit }), 400, 'validation_failed');
    });
  }

  it('refuses a filter given twice with 400 validation_failed', async () => {
    expectError(await call(service, 'GET', '/api/v1/awards?status=pending&status=revoked'), 400, 'validation_failed');
  });
});
