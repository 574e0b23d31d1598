import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { useShippedFonts } from '../../../../src/adapters/images-sharp/shippedFonts.js';
import { projectPath } from '../../../../src/paths.js';

const run = promisify(execFile);
const FONTS_DIR = projectPath('assets', 'fonts');

/**
 * Renders a row of narrow and a row of wide letters in a fresh process (fontconfig reads its
 * configuration once per process) and returns the width of the ink of each. Real glyphs are
 * as wide as the font says; the placeholder boxes drawn when no font is found are all alike.
 */
const MEASURE_GLYPHS = `
import sharp from 'sharp';
const widths = [];
for (const text of ['iiiiiiii', 'WWWWWWWW']) {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="700" height="100"><rect width="700" height="100" fill="#fff"/>'
    + '<text x="10" y="70" font-family="DejaVu Sans" font-weight="bold" font-size="40">' + text + '</text></svg>';
  const { info } = await sharp(Buffer.from(svg)).trim().toBuffer({ resolveWithObject: true });
  widths.push(info.width);
}
console.log(JSON.stringify(widths));
`;

async function glyphWidths(fontconfigFile: string): Promise<{ narrow: number; wide: number }> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', MEASURE_GLYPHS], {
    cwd: projectPath(),
    env: { ...process.env, FONTCONFIG_FILE: fontconfigFile, HOME: tmpdir() },
  });
  const [narrow, wide] = JSON.parse(stdout.trim()) as [number, number];
  return { narrow, wide };
}

/** The shipped fonts.conf without the system configuration: only what sits beside it. */
function isolatedFontsDir(withFont: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'accolade-fonts-'));
  const shipped = readFileSync(join(FONTS_DIR, 'fonts.conf'), 'utf8');
  writeFileSync(join(dir, 'fonts.conf'), shipped.replace(/<include[^>]*>[^<]*<\/include>/, ''));
  if (withFont) symlinkSync(join(FONTS_DIR, 'DejaVuSans-Bold.ttf'), join(dir, 'DejaVuSans-Bold.ttf'));
  return dir;
}

describe('the shipped fonts', () => {
  const dirs: string[] = [];

  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('render real glyphs with no system font at all', async () => {
    const dir = isolatedFontsDir(true);
    dirs.push(dir);
    const { narrow, wide } = await glyphWidths(join(dir, 'fonts.conf'));
    expect(wide / narrow).to.be.above(2.5);
  });

  it('are what makes the difference: without them the same text is drawn as boxes', async () => {
    const dir = isolatedFontsDir(false);
    dirs.push(dir);
    const { narrow, wide } = await glyphWidths(join(dir, 'fonts.conf'));
    expect(wide / narrow).to.be.below(1.5);
  });

  it('are configured for fontconfig unless the operator chose a configuration', () => {
    const saved = process.env['FONTCONFIG_FILE'];
    try {
      delete process.env['FONTCONFIG_FILE'];
      useShippedFonts(FONTS_DIR);
      expect(process.env['FONTCONFIG_FILE']).to.equal(join(FONTS_DIR, 'fonts.conf'));
      process.env['FONTCONFIG_FILE'] = '/etc/operator/fonts.conf';
      useShippedFonts(FONTS_DIR);
      expect(process.env['FONTCONFIG_FILE']).to.equal('/etc/operator/fonts.conf');
    } finally {
      if (saved === undefined) delete process.env['FONTCONFIG_FILE'];
      else process.env['FONTCONFIG_FILE'] = saved;
    }
  });
});
