import { expect } from 'chai';
import { fixedClock } from '../../src/ports/clock.js';
import { credentialV2 } from '../fixtures/verify/ob3Credentials.js';
import { startTestService, type TestService } from '../support/testService.js';
import { fetchPublic, type IssuedAward, issueNew } from './support/api.js';
import { azureAdministratorPass } from './support/awardRequests.js';

interface Page {
  readonly status: number;
  readonly html: string;
  readonly headers: Headers;
}

/** A badge whose every displayed field is hostile markup or a script URL. */
function hostileCredential() {
  return credentialV2('https://issuer.example/issuer', {
    name: '<script>alert("name")</script>',
    issuer: {
      id: 'https://issuer.example/issuer',
      type: ['Profile'],
      name: '<img src=x onerror=alert("issuer")>',
      url: 'javascript:alert("issuer url")',
    },
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://issuer.example/achievements/1',
        type: ['Achievement'],
        name: '<script>alert("achievement")</script>',
        description: '<b onmouseover=alert("description")>hover</b>',
        criteria: { narrative: 'x' },
        image: { id: 'javascript:alert("image")', type: 'Image' },
      },
    },
  });
}

describe('the /verify page over HTTP', () => {
  let service: TestService;
  let award: IssuedAward;

  async function page(path: string, init: RequestInit = {}): Promise<Page> {
    const response = await fetch(`${service.baseUrl}${path}`, init);
    return { status: response.status, html: await response.text(), headers: response.headers };
  }

  function submit(fields: Record<string, string | Blob>, path = '/verify?lang=en'): Promise<Page> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return page(path, { method: 'POST', body: form });
  }

  const imageFile = (bytes: Buffer, type: string) => new Blob([new Uint8Array(bytes)], { type });

  before(async () => {
    service = await startTestService({ clock: fixedClock('2024-06-01T12:00:00Z') });
    award = await issueNew(service, azureAdministratorPass());
  });
  after(() => service.close());

  it('shows the form in English by default, with a CSP that allows no script', async () => {
    const shown = await page('/verify');

    expect(shown.status).to.equal(200);
    expect(shown.html).to.include('<html lang="en">');
    expect(shown.html).to.include('enctype="multipart/form-data"');
    expect(shown.html).not.to.include('class="report"');
    const csp = shown.headers.get('content-security-policy') ?? '';
    expect(csp).to.include("script-src 'self'");
    expect(csp).not.to.include('unsafe-inline');
  });

  it('speaks French to a browser that prefers it, and English again with ?lang=en', async () => {
    const french = await page('/verify', { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    const english = await page('/verify?lang=en', { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });

    expect(french.html).to.include('<html lang="fr">').and.include('Vérifier un badge');
    expect(french.html).to.include('action="/verify?lang=fr"');
    expect(english.html).to.include('<html lang="en">').and.include('Verify a badge');
  });

  it('verifies at once a URL given in the query, keeping it in the form', async () => {
    const shown = await page(`/verify?url=${encodeURIComponent(award.links.page)}`);

    expect(shown.status).to.equal(200);
    expect(shown.html).to.include('data-status="valid"');
    expect(shown.html).to.include(`<img src="${award.links.png}"`);
    expect(shown.html).to.include(`value="${award.links.page}"`);
    expect(shown.html).to.include('data-check="status.revocation"');
  });

  it('verifies a pasted VC-JWT posted with the form', async () => {
    const jwt = (await fetchPublic(award.links.credentialJwt)).text;

    const shown = await submit({ credential: jwt, url: '', recipient: '' });

    expect(shown.status).to.equal(200);
    expect(shown.html).to.include('data-status="valid"');
    expect(shown.html).to.include('Open Badges 3.0, VC-JWT');
  });

  it('shows an uploaded baked PNG inline, as a data: URL', async () => {
    const png = (await fetchPublic(award.links.png)).bytes;

    const shown = await submit({ image: imageFile(png, 'image/png') });

    expect(shown.html).to.include('data-status="valid"');
    expect(shown.html).to.include('src="data:image/png;base64,');
  });

  it('never inlines an uploaded SVG: it shows the badge image from its URL instead', async () => {
    const svg = (await fetchPublic(`${award.links.svg}?format=ob3`)).bytes;

    const shown = await submit({ image: imageFile(svg, 'image/svg+xml') });

    expect(shown.html).to.include('data-status="valid"');
    expect(shown.html).not.to.include('data:image/svg');
    expect(shown.html).not.to.include('<svg');
    expect(shown.html).to.include(`<img src="${service.baseUrl}/images/achievements/`);
  });

  it("escapes every field of a stranger's badge and links only http(s) URLs", async () => {
    const shown = await submit({ credential: JSON.stringify(hostileCredential()) });

    expect(shown.status).to.equal(200);
    expect(shown.html).to.include('data-status="invalid"');
    expect(shown.html).not.to.match(/<script|<img src=x|<b onmouseover/);
    expect(shown.html).to.include('&lt;script&gt;');
    expect(shown.html).not.to.include('href="javascript:');
    expect(shown.html).not.to.include('src="javascript:');
  });

  it('asks for a badge when the form is empty, and for only one way when several are used', async () => {
    const empty = await submit({ url: ' ', credential: '' });
    const several = await submit({ url: award.links.assertion, credential: 'a.b.c' });

    expect(empty.status).to.equal(400);
    expect(empty.html).to.include('data-problem="empty"');
    expect(several.status).to.equal(400);
    expect(several.html).to.include('data-problem="several"');
    expect(several.html).not.to.include('class="report"');
  });

  it('answers a page with 413 to an image over 5 MB', async () => {
    const shown = await submit({ image: imageFile(Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), 'image/png') });

    expect(shown.status).to.equal(413);
    expect(shown.headers.get('content-type')).to.match(/^text\/html/);
    expect(shown.html).to.include('data-problem="tooLarge"');
  });
});
