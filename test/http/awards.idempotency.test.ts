import { expect } from 'chai';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { expectError, issueNew, listAll, postAward } from './support/api.js';
import { azureAdministratorPass, azureFundamentalsPass, newRecipientEmail } from './support/awardRequests.js';

describe('POST /api/v1/awards never issues a badge twice', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService({ clock: fixedClock('2024-06-01T12:00:00Z') });
  });
  after(() => service.close());

  it('answers a retry with the same externalId and body with 200 and the first award', async () => {
    const request = azureFundamentalsPass('2024-05-15', { externalId: `exam-system-${newRecipientEmail()}` });
    const first = await issueNew(service, request);

    const retry = await postAward(service, request);

    expect(retry.status).to.equal(200);
    expect(retry.body.id).to.equal(first.id);
    expect(retry.body).not.to.have.property('duplicate');
    expect(await listAll(service, { recipient: request.recipient.email })).to.have.length(1);
  });

  it('refuses a reused externalId with another body with 409 idempotency_conflict', async () => {
    const request = azureFundamentalsPass('2024-05-15', { externalId: `exam-system-${newRecipientEmail()}` });
    const first = await issueNew(service, request);

    const error = expectError(
      await postAward(service, { ...request, earnedOn: '2024-05-16' }),
      409,
      'idempotency_conflict',
    );

    expect(error.details?.['awardId']).to.equal(first.id);
  });

  it('answers a retry with the same Idempotency-Key and body with 200 and the first award', async () => {
    const request = azureFundamentalsPass();
    const headers = { 'idempotency-key': `key-${newRecipientEmail()}` };
    const first = await postAward(service, request, { headers });
    expect(first.status).to.equal(201);

    const retry = await postAward(service, request, { headers });

    expect(retry.status).to.equal(200);
    expect(retry.body.id).to.equal(first.body.id);
  });

  it('refuses a reused Idempotency-Key with another body with 409 idempotency_conflict', async () => {
    const headers = { 'idempotency-key': `key-${newRecipientEmail()}` };
    expect((await postAward(service, azureFundamentalsPass(), { headers })).status).to.equal(201);

    expectError(await postAward(service, azureFundamentalsPass(), { headers }), 409, 'idempotency_conflict');
  });

  it('refuses an Idempotency-Key of invisible characters with 400 validation_failed', async () => {
    const headers = { 'idempotency-key': 'two words' };

    expectError(await postAward(service, azureFundamentalsPass(), { headers }), 400, 'validation_failed');
  });

  it('answers a second pass for a badge already held with 200, duplicate: true and the original award', async () => {
    const email = newRecipientEmail();
    const first = await issueNew(service, azureFundamentalsPass('2024-05-15', { email }));

    const again = await postAward(service, azureFundamentalsPass('2024-05-20', { email }));

    expect(again.status).to.equal(200);
    expect(again.body.duplicate).to.equal(true);
    expect(again.body.id).to.equal(first.id);
    const held = await listAll(service, { recipient: email });
    expect(held.map((award) => award.id)).to.deep.equal([first.id]);
  });

  it('treats a new key for a badge already held as a duplicate, not a second badge', async () => {
    const email = newRecipientEmail();
    const first = await issueNew(service, azureFundamentalsPass('2024-05-15', { email, externalId: `a-${email}` }));

    const again = await postAward(service, azureFundamentalsPass('2024-05-15', { email, externalId: `b-${email}` }));

    expect(again.status).to.equal(200);
    expect(again.body).to.include({ id: first.id, duplicate: true });
    expect(await listAll(service, { recipient: email })).to.have.length(1);
  });

  it('issues a new award when a pass renews a certification that has expired', async () => {
    const email = newRecipientEmail();
    const first = await issueNew(service, azureAdministratorPass('2022-03-01', { email }));
    expect(first.expires).to.equal('2023-03-01T00:00:00Z');

    const renewal = await postAward(service, azureAdministratorPass('2023-09-01', { email }));

    expect(renewal.status).to.equal(201);
    expect(renewal.body.id).not.to.equal(first.id);
    expect(renewal.body.expires).to.equal('2024-09-01T00:00:00Z');
    const held = await listAll(service, { recipient: email, achievement: 'azure-administrator-associate' });
    expect(held.map((award) => award.id)).to.deep.equal([first.id, renewal.body.id]);
  });

  it('creates exactly one award from 20 identical requests sent at once', async () => {
    const request = azureAdministratorPass();

    const answers = await Promise.all(Array.from({ length: 20 }, () => postAward(service, request)));

    const ids = new Set(answers.map((answer) => answer.body.id));
    expect(ids.size).to.equal(1);
    expect(answers.filter((answer) => answer.status === 201)).to.have.length(1);
    expect(answers.filter((answer) => answer.status === 200)).to.have.length(19);
    expect(await listAll(service, { recipient: request.recipient.email })).to.have.length(1);
  });

  it('creates exactly one award from 20 identical requests with one externalId sent at once', async () => {
    const request = azureFundamentalsPass('2024-05-15', { externalId: `burst-${newRecipientEmail()}` });

    const answers = await Promise.all(Array.from({ length: 20 }, () => postAward(service, request)));

    expect(answers.map((answer) => answer.status).sort()).to.deep.equal([201, ...Array<number>(19).fill(200)].sort());
    expect(new Set(answers.map((answer) => answer.body.id)).size).to.equal(1);
    expect(answers.filter((answer) => answer.body.duplicate !== undefined)).to.deep.equal([]);
    expect(await listAll(service, { recipient: request.recipient.email })).to.have.length(1);
  });
});
