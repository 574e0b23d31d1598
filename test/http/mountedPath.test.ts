import { expect } from 'chai';
import { startTestService, type TestService } from '../support/testService.js';

describe('a service whose PUBLIC_URL has a path', () => {
  let service: TestService;
  let origin: string;
  before(async () => {
    service = await startTestService({ basePath: '/accolade' });
    origin = new URL(service.baseUrl).origin;
  });
  after(() => service.close());

  it('serves its API and documents under that path, with a did:web naming the path', async () => {
    const issued = await service.request('POST', 'api/v1/awards', {
      body: { recipient: { email: 'path@example.org', name: 'Path' }, achievement: 'AZ-900', earnedOn: '2024-01-10' },
    });
    expect(issued.status).to.equal(201);
    const award = (await issued.json()) as { links: { assertion: string; credential: string } };
    expect(award.links.assertion.startsWith(`${origin}/accolade/ob2/assertions/`)).to.equal(true);
    const credential = (await (await fetch(award.links.credential)).json()) as { issuer: { id: string } };
    expect(credential.issuer.id).to.match(/^did:web:127\.0\.0\.1%3A\d+:accolade$/);
    const did = await fetch(`${origin}/accolade/did.json`);
    expect(did.status).to.equal(200);
    expect(((await did.json()) as { id: string }).id).to.equal(credential.issuer.id);
  });

  it("answers the JWKS at the origin's /.well-known/jwks.json as well as under the path", async () => {
    const underPath = await fetch(`${origin}/accolade/.well-known/jwks.json`);
    const atOrigin = await fetch(`${origin}/.well-known/jwks.json`);
    expect(underPath.status).to.equal(200);
    expect(atOrigin.status).to.equal(200);
    expect(atOrigin.headers.get('content-type')).to.match(/^application\/jwk-set\+json/);
    expect(await atOrigin.json()).to.deep.equal(await underPath.json());
  });
});
