/**
 * Draws the issuer's logo, assets/images/issuer.png (served at /images/issuer.png and named in
 * every Issuer Profile). Run once with `npx tsx scripts/make-issuer-image.ts`; the PNG is
 * committed, so the service never draws it at run time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { starPoints } from '../src/adapters/images-sharp/badgeSvg.js';
import { useShippedFonts } from '../src/adapters/images-sharp/shippedFonts.js';
import { projectPath } from '../src/paths.js';

const SIZE = 400;
const CENTER = SIZE / 2;

/** Five small stars on an arc above the monogram. */
function stars(): string {
  return [-2, -1, 0, 1, 2]
    .map((step) => {
      const angle = -Math.PI / 2 + step * 0.32;
      const x = CENTER + 128 * Math.cos(angle);
      const y = CENTER + 128 * Math.sin(angle);
      return `<polygon points="${starPoints(x, y, 11, 4.6)}" fill="url(#gold)"/>`;
    })
    .join('');
}

function issuerSvg(): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">`,
    '<defs>',
    '<linearGradient id="gold" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f8e58c"/><stop offset="0.5" stop-color="#d8ab30"/><stop offset="1" stop-color="#a67812"/></linearGradient>',
    '<linearGradient id="navy" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1d4f91"/><stop offset="1" stop-color="#0c2247"/></linearGradient>',
    '</defs>',
    `<circle cx="${CENTER}" cy="${CENTER}" r="192" fill="url(#gold)"/>`,
    `<circle cx="${CENTER}" cy="${CENTER}" r="178" fill="url(#navy)"/>`,
    `<circle cx="${CENTER}" cy="${CENTER}" r="166" fill="none" stroke="#fff" stroke-opacity="0.25" stroke-width="2"/>`,
    stars(),
    `<text x="${CENTER}" y="262" text-anchor="middle" font-family="'DejaVu Sans', Verdana, sans-serif" font-weight="bold" font-size="190" fill="url(#gold)">A</text>`,
    `<rect x="130" y="292" width="140" height="4" rx="2" fill="url(#gold)"/>`,
    '</svg>',
  ].join('\n');
}

useShippedFonts(projectPath('assets', 'fonts'));
const png = await sharp(Buffer.from(issuerSvg())).png({ compressionLevel: 9 }).toBuffer();
mkdirSync(projectPath('assets', 'images'), { recursive: true });
writeFileSync(projectPath('assets', 'images', 'issuer.png'), png);
console.log(`assets/images/issuer.png: ${png.length} bytes`);
