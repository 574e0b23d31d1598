import { expect } from 'chai';
import { startTestService, type TestService } from '../support/testService.js';
import { fetchJson, fetchPublic, issueNew } from './support/api.js';
import { passOf } from './support/awardRequests.js';

const HTML = { accept: 'text/html' };

/** The rows of the table in the section of class `sectionClass`, each as its cells' texts. */
function tableRows(html: string, sectionClass: string): string[][] {
  const section = new RegExp(`<section class="achievements ${sectionClass}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
  return [...section.matchAll(/<tr>(<td[\s\S]*?)<\/tr>/g)].map((row) =>
    String(row[1])
      .split('</td>')
      .map((cell) => cell.replace(/<[^>]+>/g, '').trim())
      .filter((cell) => cell !== ''),
  );
}

describe('the issuer home', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(() => service?.close());

  it('shows the programme, its logo, description and contact, and the verify form', async () => {
    const page = await fetchPublic(`${service.baseUrl}/`, HTML);

    expect(page.status).to.equal(200);
    expect(page.text).to.include('<h1 id="programme"><bdi>Accolade Certification Programme</bdi></h1>');
    expect(page.text).to.include(`src="${service.baseUrl}/images/issuer.png"`);
    expect(page.text).to.include('Digital badges for the exams and certifications');
    expect(page.text).to.include('href="mailto:badges@example.org"');
    expect(page.text).to.match(/<form class="inline" method="get" action="\/verify">[\s\S]*name="url"/);
  });

  it('lists the active achievements with their criteria and skills', async () => {
    const page = await fetchPublic(`${service.baseUrl}/`, HTML);
    const entry = /<li class="achievement" id="achievement-AZ-104">[\s\S]*?<\/li>\s*<\/ul>\s*<\/li>/.exec(
      page.text,
    )?.[0];

    expect(entry).to.include('Microsoft Azure Administrator');
    expect(entry).to.include('Pass exam AZ-104');
    expect(entry).to.include('href="https://learn.microsoft.com/');
    expect(entry).to.include('<li><bdi>Azure</bdi></li>');
    expect(page.text).not.to.include('id="achievement-AZ-103"');
    expect(page.text).not.to.include('id="achievement-77-881"');
  });

  it('lists retired achievements and those without a badge, with their dates', async () => {
    const page = await fetchPublic(`${service.baseUrl}/`, HTML);

    expect(tableRows(page.text, 'retired')).to.deep.include([
      'Microsoft Azure Administrator (2019)',
      'AZ-103',
      '31 August 2020',
    ]);
    const without = tableRows(page.text, 'without-badge');
    expect(without).to.deep.include([
      'Managing Projects with Microsoft Project 2013',
      '74-343',
      'Excluded by the programme',
      '31 July 2019',
    ]);
    expect(without).to.deep.include([
      'Microsoft Dynamics CRM 2016 Sales',
      'MB2-713',
      'Excluded by the programme',
      '31 December 2019',
    ]);
    expect(without.map((row) => row[1])).to.include.members(['77-881', 'mos-2010-master', '70-270']);
  });

  it('speaks French, with the French description', async () => {
    const page = await fetchPublic(`${service.baseUrl}/?lang=fr`, HTML);

    expect(page.text).to.include('<html lang="fr">');
    expect(page.text).to.include('Badges numériques pour les examens');
    expect(page.text).to.include('Les badges que nous décernons');
    const titles = tableRows(page.text, 'without-badge').map((row) => String(row[0]));
    expect(titles).to.deep.equal([...titles].sort((a, b) => a.localeCompare(b, 'fr')));
    const retired = tableRows(page.text, 'retired').find((row) => row[1] === 'AZ-103');
    expect(retired?.[2]).to.equal('31 août 2020');
  });

  it('is what the OB 2.0 issuer Profile and the OB 3.0 issuer name as their url', async () => {
    const profile = await fetchJson<{ url: string }>(`${service.baseUrl}/ob2/issuer`, 'application/ld+json');

    const award = await issueNew(service, passOf('AZ-900', '2024-05-15'));
    const credential = await fetchJson<{ issuer: { url: string } }>(award.links.credential, 'application/vc+ld+json');

    expect(new URL(profile.url).href).to.equal(`${service.baseUrl}/`);
    expect(new URL(credential.issuer.url).href).to.equal(`${service.baseUrl}/`);
    expect((await fetchPublic(profile.url, HTML)).status).to.equal(200);
  });

  it('sends a client asking for JSON to the issuer Profile with 303', async () => {
    const answer = await fetchPublic(`${service.baseUrl}/`, { accept: 'application/json' });

    expect(answer.status).to.equal(303);
    expect(answer.headers.get('location')).to.equal(`${service.baseUrl}/ob2/issuer`);
  });

  it('answers under the mount path when PUBLIC_URL has one', async () => {
    const mounted = await startTestService({ basePath: '/accolade' });
    try {
      for (const path of ['/accolade', '/accolade/']) {
        const page = await fetchPublic(`${new URL(mounted.baseUrl).origin}${path}`, HTML);
        expect(page.status, path).to.equal(200);
        expect(page.text).to.include('action="/accolade/verify"');
      }
    } finally {
      await mounted.close();
    }
  });
});
