import { expect } from 'chai';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';

interface IssuedBody {
  achievement: { id: string };
  earnedBy?: string;
  expires?: string;
  issuedOn: string;
  warnings?: string[];
  alsoAwarded?: IssuedBody[];
}

describe('issuing history: direct certifications and passes already expired', () => {
  let service: TestService;

  before(async () => {
    service = await startTestService({ clock: fixedClock('2026-06-01T12:00:00Z') });
  });

  after(async () => {
    await service.close();
  });

  async function issue(
    email: string,
    achievement: string,
    earnedOn: string,
  ): Promise<{ status: number; body: IssuedBody }> {
    const answer = await service.request('POST', '/api/v1/awards', {
      body: { recipient: { email, name: 'History' }, achievement, earnedOn },
    });
    return { status: answer.status, body: (await answer.json()) as IssuedBody };
  }

  it('records earnedBy "direct" for a certification issued without recorded exam passes', async () => {
    const { status, body } = await issue('backfill@example.org', 'azure-fundamentals', '2021-05-04');
    expect(status).to.equal(201);
    expect(body.earnedBy).to.equal('direct');
    expect(body).not.to.have.property('warnings');
    const page = await (
      await fetch(`${service.baseUrl}/badges/${(body as unknown as { id: string }).id}`, {
        headers: { accept: 'text/html' },
      })
    ).text();
    expect(page).not.to.contain('>direct<');
  });

  it('issues a pass whose certification expired before the day it is issued, with a warning', async () => {
    const { status, body } = await issue('old-pass@example.org', 'AZ-104', '2022-01-10');
    expect(status).to.equal(201);
    expect([body.achievement.id, body.earnedBy, body.expires]).to.deep.equal([
      'azure-administrator-associate',
      'AZ-104',
      '2023-01-10T00:00:00Z',
    ]);
    expect(body.warnings).to.deep.equal(['expired_on_issue']);
  });

  it('gives no warning to a certification still valid when issued', async () => {
    const { status, body } = await issue('recent-pass@example.org', 'AZ-104', '2026-01-10');
    expect(status).to.equal(201);
    expect(body).not.to.have.property('warnings');
  });
});
