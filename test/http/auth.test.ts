import { expect } from 'chai';
import { startTestService, type TestService } from '../support/testService.js';
import { call, expectError, postAward } from './support/api.js';
import { azureFundamentalsPass } from './support/awardRequests.js';

interface CreatedKey {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly string[];
  readonly key: string;
}

describe('API keys guard the API', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(() => service.close());

  async function createKey(name: string, scopes: readonly string[]): Promise<CreatedKey> {
    const answer = await call<CreatedKey>(service, 'POST', '/api/v1/api-keys', { body: { name, scopes } });
    expect(answer.status, answer.text).to.equal(201);
    return answer.body;
  }

  it('answers 401 unauthorized to a request without a key', async () => {
    expectError(await postAward(service, azureFundamentalsPass(), { token: null }), 401, 'unauthorized');
    expectError(await call(service, 'GET', '/api/v1/awards', { token: null }), 401, 'unauthorized');
  });

  it('names the Bearer scheme in WWW-Authenticate on every 401', async () => {
    for (const token of [null, 'acc_not-a-real-key']) {
      const answer = await postAward(service, azureFundamentalsPass(), { token });

      expect(answer.status).to.equal(401);
      expect(answer.headers.get('www-authenticate')).to.match(/^Bearer\b/);
    }
  });

  it('answers 401 unauthorized to a wrong key', async () => {
    expectError(
      await postAward(service, azureFundamentalsPass(), { token: 'acc_not-a-real-key' }),
      401,
      'unauthorized',
    );
  });

  it('answers 401 unauthorized to an Authorization header that is not a bearer key', async () => {
    const answer = await postAward(service, azureFundamentalsPass(), {
      token: null,
      headers: { authorization: 'Basic YWRtaW46YWRtaW4=' },
    });

    expectError(answer, 401, 'unauthorized');
  });

  it('lets a read-scoped key list awards but answers 403 forbidden when it issues one', async () => {
    const reader = await createKey('dashboard', ['read']);
    expect(reader.key).to.satisfy((key: string) => key.startsWith(reader.prefix));

    expect((await call(service, 'GET', '/api/v1/awards', { token: reader.key })).status).to.equal(200);
    const error = expectError(
      await postAward(service, azureFundamentalsPass(), { token: reader.key }),
      403,
      'forbidden',
    );
    expect(error.details?.['scope']).to.equal('issue');
  });

  it('lets an issue-scoped key issue but not revoke nor manage keys', async () => {
    const issuer = await createKey('exam system', ['issue']);

    const issued = await postAward(service, azureFundamentalsPass(), { token: issuer.key });
    expect(issued.status).to.equal(201);
    const revoke = await call(service, 'POST', `/api/v1/awards/${issued.body.id}/revoke`, {
      token: issuer.key,
      body: { reason: 'test' },
    });
    expectError(revoke, 403, 'forbidden');
    expectError(await call(service, 'GET', '/api/v1/api-keys', { token: issuer.key }), 403, 'forbidden');
  });

  it('answers 401 unauthorized to a key once it is revoked', async () => {
    const key = await createKey('temporary', ['issue']);
    expect((await postAward(service, azureFundamentalsPass(), { token: key.key })).status).to.equal(201);

    const revoked = await call<{ revokedAt?: string }>(service, 'DELETE', `/api/v1/api-keys/${key.id}`);
    expect(revoked.status).to.equal(200);
    expect(revoked.body.revokedAt).to.be.a('string');

    expectError(await postAward(service, azureFundamentalsPass(), { token: key.key }), 401, 'unauthorized');
  });

  it('refuses to create a key with an unknown scope with 400 validation_failed', async () => {
    const answer = await call(service, 'POST', '/api/v1/api-keys', { body: { name: 'x', scopes: ['everything'] } });

    expectError(answer, 400, 'validation_failed');
  });

  it('never shows a key in the admin list, only its prefix', async () => {
    const created = await createKey('listed', ['read', 'issue']);

    const list = await call<{ items: Record<string, unknown>[] }>(service, 'GET', '/api/v1/api-keys');

    expect(list.status).to.equal(200);
    expect(list.text).not.to.include(created.key);
    const listed = list.body.items.find((item) => item['id'] === created.id);
    expect(listed).to.deep.include({ name: 'listed', prefix: created.prefix, scopes: ['read', 'issue'] });
    for (const item of list.body.items) {
      expect(item).not.to.have.any.keys('key', 'hash');
      expect(String(item['prefix']).length).to.be.lessThan(created.key.length / 2);
    }
  });
});
