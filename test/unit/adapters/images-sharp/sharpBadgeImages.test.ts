import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import sharp from 'sharp';
import { createSharpBadgeImages, type RenderEvent } from '../../../../src/adapters/images-sharp/sharpBadgeImages.js';
import { extractFromSvg } from '../../../../src/badges/bake/extractFromSvg.js';
import { AccoladeError } from '../../../../src/errors.js';
import { projectPath } from '../../../../src/paths.js';
import type { AchievementImageRequest } from '../../../../src/ports/badgeImages.js';

function certificationRequest(overrides: Partial<AchievementImageRequest> = {}): AchievementImageRequest {
  return {
    achievementId: 'azure-administrator',
    title: 'Azure Administrator Associate',
    kind: 'certification',
    lang: 'en',
    ...overrides,
  };
}

function countingImages(assetsDir = projectPath('assets'), cacheSize?: number) {
  const renders: RenderEvent[] = [];
  const images = createSharpBadgeImages({
    assetsDir,
    programmeName: 'Accolade Certification Programme',
    ...(cacheSize === undefined ? {} : { cacheSize }),
    onRender: (event) => renders.push(event),
  });
  return { images, renders, pngRenders: () => renders.filter((event) => event.format === 'png').length };
}

interface Region {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** The title band of the generated badge, between the programme name and the ribbon. */
const TITLE_AREA: Region = { left: 64, top: 158, width: 272, height: 96 };

async function rawPixels(png: Buffer) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width };
}

/** Near-white, opaque pixels: the title ink on the dark badge face. */
async function inkPixels(png: Buffer, region: Region): Promise<number> {
  const { data, width } = await rawPixels(png);
  let count = 0;
  for (let y = region.top; y < region.top + region.height; y += 1) {
    for (let x = region.left; x < region.left + region.width; x += 1) {
      const i = (y * width + x) * 4;
      if (data[i]! > 225 && data[i + 1]! > 225 && data[i + 2]! > 225 && data[i + 3]! > 200) count += 1;
    }
  }
  return count;
}

async function differingPixels(first: Buffer, second: Buffer): Promise<number> {
  const [a, b] = await Promise.all([rawPixels(first), rawPixels(second)]);
  let count = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data.readUInt32BE(i) !== b.data.readUInt32BE(i)) count += 1;
  }
  return count;
}

async function rejection(promise: Promise<unknown>): Promise<AccoladeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AccoladeError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** A catalog image: one colour, any size. */
function solidPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
}

/** An assets directory holding catalog images, with the shipped fonts linked in. */
function catalogAssets() {
  const dir = mkdtempSync(join(tmpdir(), 'accolade-assets-'));
  symlinkSync(projectPath('assets', 'fonts'), join(dir, 'fonts'));
  mkdirSync(join(dir, 'images'));
  return dir;
}

describe('sharp badge images', () => {
  describe('the generated badge', () => {
    it('is a 400x400 PNG that decodes', async () => {
      const png = await countingImages().images.png(certificationRequest());
      const metadata = await sharp(png).metadata();
      expect([metadata.format, metadata.width, metadata.height]).to.deep.equal(['png', 400, 400]);
      expect((await sharp(png).raw().toBuffer()).length).to.equal(400 * 400 * metadata.channels!);
    });

    it('draws the title: ink in the title area only when there is a title', async () => {
      const { images } = countingImages();
      const withTitle = await images.png(certificationRequest());
      const withoutTitle = await images.png(certificationRequest({ title: '' }));
      expect(await inkPixels(withoutTitle, TITLE_AREA)).to.equal(0);
      expect(await inkPixels(withTitle, TITLE_AREA)).to.be.above(800);
    });

    it('draws different pictures for different titles', async () => {
      const { images } = countingImages();
      const first = await images.png(certificationRequest({ title: 'Security Operations Analyst' }));
      const second = await images.png(certificationRequest({ title: 'Data Engineer' }));
      expect(await differingPixels(first, second)).to.be.above(1000);
    });

    it('draws French accents rather than leaving them out', async () => {
      const { images } = countingImages();
      const accented = await images.png(certificationRequest({ title: 'Évaluée à Noël', lang: 'fr' }));
      const plain = await images.png(certificationRequest({ title: 'Evaluee a Noel', lang: 'fr' }));
      expect(await differingPixels(accented, plain)).to.be.above(20);
      expect(await images.svg(certificationRequest({ title: 'Évaluée à Noël', lang: 'fr' }))).to.include('Évaluée');
    });

    it('escapes markup in the title and stays well-formed', async () => {
      const { images } = countingImages();
      const request = certificationRequest({ title: `<script>&"'</script>` });
      const svg = await images.svg(request);
      expect(svg).to.include('&lt;script&gt;&amp;&quot;&apos;&lt;/script&gt;');
      expect(svg).not.to.include('<script');
      expect(extractFromSvg(svg)).to.deep.equal({ found: false });
      expect((await sharp(await images.png(request)).metadata()).width).to.equal(400);
    });

    it('is a standalone SVG with the title as real text and no external resource', async () => {
      const svg = await countingImages().images.svg(certificationRequest());
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
      expect(svg).to.include('<title id="ab-title">Azure Administrator Associate (certification)</title>');
      const drawn = [...svg.matchAll(/<tspan [^>]*>([^<]*)<\/tspan>/g)].map((match) => match[1]).join(' ');
      expect(drawn).to.include('Azure Administrator Associate');
      expect(svg).not.to.match(/href=|url\((?!#)|@import/);
    });

    it('names the kind in the recipient language unless the catalog gives a subtitle', async () => {
      const { images } = countingImages();
      expect(await images.svg(certificationRequest({ kind: 'exam', lang: 'fr' }))).to.include('>EXAMEN<');
      expect(await images.svg(certificationRequest({ kind: 'exam', lang: 'en' }))).to.include('>EXAM<');
      expect(await images.svg(certificationRequest({ subtitle: 'Expert' }))).to.include('>EXPERT<');
    });
  });

  describe('caching', () => {
    it('renders once and returns the same buffer on the next request', async () => {
      const { images, pngRenders } = countingImages();
      const first = await images.png(certificationRequest());
      const second = await images.png(certificationRequest());
      expect(second).to.equal(first);
      expect(pngRenders()).to.equal(1);
    });

    it('shares one render between concurrent requests for the same image', async () => {
      const { images, pngRenders } = countingImages();
      const [first, second] = await Promise.all([
        images.png(certificationRequest()),
        images.png(certificationRequest()),
      ]);
      expect(second).to.equal(first);
      expect(pngRenders()).to.equal(1);
    });

    it('renders again per language and kind', async () => {
      const { images, pngRenders } = countingImages();
      await images.png(certificationRequest());
      await images.png(certificationRequest({ lang: 'fr' }));
      await images.png(certificationRequest({ kind: 'exam' }));
      expect(pngRenders()).to.equal(3);
    });

    it('forgets the least recently used image when full', async () => {
      const { images, pngRenders } = countingImages(projectPath('assets'), 2);
      await images.png(certificationRequest({ achievementId: 'a' }));
      await images.png(certificationRequest({ achievementId: 'b' }));
      await images.png(certificationRequest({ achievementId: 'a' }));
      await images.png(certificationRequest({ achievementId: 'c' }));
      await images.png(certificationRequest({ achievementId: 'a' }));
      expect(pngRenders()).to.equal(3);
      await images.png(certificationRequest({ achievementId: 'b' }));
      expect(pngRenders()).to.equal(4);
    });
  });

  describe('images named by the catalog', () => {
    let assetsDir: string;

    beforeEach(() => {
      assetsDir = catalogAssets();
    });

    afterEach(() => {
      rmSync(assetsDir, { recursive: true, force: true });
    });

    it('serves a PNG file normalised to 400x400', async () => {
      writeFileSync(join(assetsDir, 'images', 'az-104.png'), await solidPng(120, 60));
      const png = await countingImages(assetsDir).images.png(certificationRequest({ imageFile: 'images/az-104.png' }));
      const metadata = await sharp(png).metadata();
      expect([metadata.format, metadata.width, metadata.height]).to.deep.equal(['png', 400, 400]);
    });

    it('wraps a PNG file into an SVG as embedded data', async () => {
      writeFileSync(join(assetsDir, 'images', 'az-104.png'), await solidPng(10, 10));
      const svg = await countingImages(assetsDir).images.svg(certificationRequest({ imageFile: 'images/az-104.png' }));
      expect(svg).to.include('xlink:href="data:image/png;base64,');
      expect(extractFromSvg(svg)).to.deep.equal({ found: false });
    });

    it('serves an SVG file without its scripts, and rasterises it sharply to 400x400', async () => {
      writeFileSync(
        join(assetsDir, 'images', 'mos.svg'),
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" width="20" height="20" onload="x()"><script>x()</script><circle cx="10" cy="10" r="9" fill="#c00"/></svg>',
      );
      const { images } = countingImages(assetsDir);
      const request = certificationRequest({ imageFile: 'images/mos.svg' });
      const svg = await images.svg(request);
      expect(svg).not.to.match(/script|onload/);
      expect(svg).to.include('<circle cx="10" cy="10" r="9" fill="#c00"/>');
      const { data, width } = await rawPixels(await images.png(request));
      expect(width).to.equal(400);
      expect([data[(200 * 400 + 200) * 4], data[(200 * 400 + 200) * 4 + 3]]).to.deep.equal([0xcc, 255]);
    });

    it('accepts the DOCTYPE design tools write, but not one declaring entities', async () => {
      const drawing =
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20"/></svg>';
      const publicDoctype =
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">';
      writeFileSync(join(assetsDir, 'images', 'exported.svg'), `<?xml version="1.0"?>\n${publicDoctype}\n${drawing}`);
      writeFileSync(join(assetsDir, 'images', 'entities.svg'), `<!DOCTYPE svg [<!ENTITY e "x">]>${drawing}`);
      const { images } = countingImages(assetsDir);
      const exported = await images.svg(certificationRequest({ imageFile: 'images/exported.svg' }));
      expect(exported).not.to.include('DOCTYPE');
      expect(exported).to.include('<rect width="20" height="20"/>');
      const refused = await rejection(images.svg(certificationRequest({ imageFile: 'images/entities.svg' })));
      expect(refused.code).to.equal('validation_failed');
    });

    it('refuses a path that leaves the assets directory', async () => {
      const error = await rejection(
        countingImages(assetsDir).images.png(certificationRequest({ imageFile: '../x.png' })),
      );
      expect(error.code).to.equal('validation_failed');
    });

    it('refuses a file type it cannot draw', async () => {
      const error = await rejection(
        countingImages(assetsDir).images.png(certificationRequest({ imageFile: 'images/x.gif' })),
      );
      expect(error.code).to.equal('unsupported_media_type');
    });

    it('reports a missing file as not found, and does not cache the failure', async () => {
      const { images } = countingImages(assetsDir);
      const request = certificationRequest({ imageFile: 'images/later.png' });
      expect((await rejection(images.png(request))).code).to.equal('not_found');
      writeFileSync(join(assetsDir, 'images', 'later.png'), await solidPng(8, 8));
      expect((await sharp(await images.png(request)).metadata()).width).to.equal(400);
    });
  });
});
