import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectPath } from '../../src/paths.js';
import { startTestService, type TestService } from '../support/testService.js';

interface CatalogFile {
  version: string;
  achievements: Array<{ id: string; badge: Record<string, unknown> }>;
}

describe('catalog edits and badges already issued', () => {
  let service: TestService;
  let dir: string;
  let rulesPath: string;
  let links: { assertion: string; png: string };
  let badgeClassUrl: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accolade-catalog-'));
    rulesPath = join(dir, 'catalog.json');
    writeFileSync(rulesPath, readFileSync(projectPath('assets', 'catalog.json')));
    service = await startTestService({ env: { RULES_PATH: rulesPath } });
    const issued = await service.request('POST', '/api/v1/awards', {
      body: { recipient: { email: 'kept@example.org', name: 'Kept' }, achievement: 'AZ-900', earnedOn: '2024-02-01' },
    });
    expect(issued.status).to.equal(201);
    ({ links } = (await issued.json()) as { links: { assertion: string; png: string } });
    const assertion = (await (await fetch(links.assertion)).json()) as { badge: string };
    badgeClassUrl = assertion.badge;
  });

  after(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function reloadWith(edit: (catalog: CatalogFile) => CatalogFile): Promise<void> {
    const catalog = JSON.parse(readFileSync(rulesPath, 'utf8')) as CatalogFile;
    writeFileSync(rulesPath, JSON.stringify(edit(catalog)));
    const reloaded = await service.request('POST', '/api/v1/rules/reload');
    expect(reloaded.status).to.equal(200);
  }

  it('keeps serving the BadgeClass and image when the catalog stops offering the badge', async () => {
    await reloadWith((catalog) => ({
      ...catalog,
      version: 'no-more-fundamentals-badge',
      achievements: catalog.achievements.map((entry) =>
        entry.id === 'azure-fundamentals' ? { ...entry, badge: { available: false, reason: 'legacy' } } : entry,
      ),
    }));
    expect((await fetch(badgeClassUrl)).status).to.equal(200);
    const badgeClass = (await (await fetch(badgeClassUrl)).json()) as { image: string; name: string };
    expect(badgeClass.name).to.equal('Microsoft Certified: Azure Fundamentals');
    expect((await fetch(badgeClass.image)).status).to.equal(200);
  });

  it('serves them from the award itself when the catalog drops the entry altogether', async () => {
    await reloadWith((catalog) => ({
      ...catalog,
      version: 'fundamentals-gone',
      achievements: catalog.achievements.filter((entry) => entry.id !== 'azure-fundamentals'),
    }));
    const badgeClass = await fetch(badgeClassUrl);
    expect(badgeClass.status).to.equal(200);
    const image = ((await badgeClass.json()) as { image: string }).image;
    expect((await fetch(image)).status).to.equal(200);
    expect((await fetch(links.png)).status).to.equal(200);
    expect((await fetch(links.assertion)).status).to.equal(200);
  });
});
