import { expect } from 'chai';
import { startTestService, type TestService } from '../support/testService.js';

describe('concurrent passes of one recipient', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(() => service.close());

  it('issues the certification that AZ-305 and AZ-104 complete together, even when both arrive at once', async () => {
    const recipients = Array.from({ length: 12 }, (_, i) => ({
      email: `together${i}@example.org`,
      name: `Together ${i}`,
    }));
    const passes = recipients.flatMap((recipient) =>
      [
        { achievement: 'AZ-305', earnedOn: '2025-03-01' },
        { achievement: 'AZ-104', earnedOn: '2025-03-02' },
      ].map((pass) => service.request('POST', '/api/v1/awards', { body: { recipient, ...pass } })),
    );
    const answers = await Promise.all(passes);
    expect(answers.every((answer) => answer.status === 201)).to.equal(true);
    for (const recipient of recipients) {
      const list = (await (await service.request('GET', `/api/v1/awards?recipient=${recipient.email}`)).json()) as {
        items: Array<{ achievement: { id: string } }>;
      };
      expect(list.items.map((award) => award.achievement.id).sort(), recipient.email).to.deep.equal([
        'AZ-305',
        'azure-administrator-associate',
        'azure-solutions-architect-expert',
      ]);
    }
  });
});

describe('replaying a pass that completed a certification', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(() => service.close());

  it('answers the retry with the same award and the certification it completed', async () => {
    const recipient = { email: 'replayed@example.org', name: 'Replayed' };
    await service.request('POST', '/api/v1/awards', {
      body: { recipient, achievement: 'AZ-305', earnedOn: '2025-03-01' },
    });
    const pass = { recipient, achievement: 'AZ-104', earnedOn: '2025-03-02', externalId: 'exam-system-42' };
    const first = (await (await service.request('POST', '/api/v1/awards', { body: pass })).json()) as {
      id: string;
      alsoAwarded: Array<{ id: string; achievement: { id: string } }>;
    };
    expect(first.alsoAwarded.map((award) => award.achievement.id)).to.deep.equal(['azure-solutions-architect-expert']);

    const retry = await service.request('POST', '/api/v1/awards', { body: { ...pass, achievement: 'az-104' } });
    expect(retry.status).to.equal(200);
    const again = (await retry.json()) as typeof first;
    expect(again.id).to.equal(first.id);
    expect(again.alsoAwarded.map((award) => award.id)).to.deep.equal(first.alsoAwarded.map((award) => award.id));
  });
});

describe('GET /api/v1/eligibility for a badge already held', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(() => service.close());

  it('names the award a new pass would be a duplicate of', async () => {
    const recipient = { email: 'holder@example.org', name: 'Holder' };
    const first = (await (
      await service.request('POST', '/api/v1/awards', {
        body: { recipient, achievement: 'AZ-900', earnedOn: '2024-01-01' },
      })
    ).json()) as { id: string };
    const explained = (await (
      await service.request(
        'GET',
        '/api/v1/eligibility?achievement=AZ-900&earnedOn=2024-06-01&recipient=holder@example.org',
      )
    ).json()) as { decision: { eligible: boolean }; duplicateOf?: string };
    expect(explained.decision.eligible).to.equal(true);
    expect(explained.duplicateOf).to.equal(first.id);
    const fresh = (await (
      await service.request(
        'GET',
        '/api/v1/eligibility?achievement=AZ-900&earnedOn=2024-06-01&recipient=new@example.org',
      )
    ).json()) as { duplicateOf?: string };
    expect(fresh.duplicateOf).to.equal(undefined);
  });
});
