import { expect } from 'chai';
import { startTestService, type TestService } from '../support/testService.js';

describe('service start-up', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(() => service.close());

  it('answers /healthz with 200 when its store is reachable', async () => {
    const response = await service.request('GET', '/healthz', { token: null });
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ status: 'ok', store: 'embedded' });
  });

  it('answers unknown paths with a JSON not_found error', async () => {
    const response = await service.request('GET', '/no/such/thing', { token: null });
    expect(response.status).to.equal(404);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).to.equal('not_found');
  });
});
