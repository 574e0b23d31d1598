import { expect } from 'chai';
import { loadFontMetrics } from '../../../../src/adapters/images-sharp/fontMetrics.js';
import { projectPath } from '../../../../src/paths.js';

const SHIPPED_FONT = projectPath('assets', 'fonts', 'DejaVuSans-Bold.ttf');

describe('font metrics', () => {
  it('reads advance widths from the shipped font', () => {
    const metrics = loadFontMetrics(SHIPPED_FONT);
    // DejaVu Sans Bold: "a" advances 1382 of 2048 units, "i" 702, "m" 2134.
    expect(metrics.width('a')).to.be.closeTo(1382 / 2048, 1e-9);
    expect(metrics.width('i')).to.be.closeTo(702 / 2048, 1e-9);
    expect(metrics.width('m')).to.be.closeTo(2134 / 2048, 1e-9);
  });

  it('measures accented letters like their base letters and adds up a string', () => {
    const metrics = loadFontMetrics(SHIPPED_FONT);
    expect(metrics.width('é')).to.be.closeTo(metrics.width('e'), 0.01);
    expect(metrics.width('Éa')).to.be.closeTo(metrics.width('É') + metrics.width('a'), 1e-9);
  });

  it('falls back to one average width when the font cannot be read', () => {
    const metrics = loadFontMetrics(projectPath('assets', 'fonts', 'missing.ttf'));
    expect(metrics.width('i')).to.equal(metrics.width('m'));
    expect(metrics.width('iii')).to.be.closeTo(3 * metrics.width('i'), 1e-9);
  });
});
