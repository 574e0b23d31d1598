import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { projectPath } from '../../src/paths.js';
import { startTestService, type TestService } from '../support/testService.js';
import { issueNew } from './support/api.js';
import { azureFundamentalsPass } from './support/awardRequests.js';

/** The link names the README's table of the award resource's `links` lists, in its order. */
function documentedLinkNames(): string[] {
  const readme = readFileSync(projectPath('README.md'), 'utf8');
  const start = readme.indexOf('carries absolute `links`');
  expect(start, 'README describes the award links').to.be.greaterThan(-1);
  const table = readme.slice(start, readme.indexOf('\n\n', readme.indexOf('| link |', start)));
  return [...table.matchAll(/^\| `(\w+)` \|/gm)].map((match) => match[1]!);
}

describe('the award resource links', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(() => service?.close());

  it('carries exactly the links the README lists, each absolute and without a query string but LinkedIn’s', async () => {
    const award = await issueNew(service, azureFundamentalsPass());

    expect(Object.keys(award.links).sort()).to.deep.equal(documentedLinkNames().sort());
    for (const [name, href] of Object.entries(award.links)) {
      const url = new URL(href);
      if (name !== 'linkedin') expect(url.search, name).to.equal('');
      if (name !== 'linkedin') expect(href.startsWith(service.baseUrl), name).to.equal(true);
    }
  });
});
