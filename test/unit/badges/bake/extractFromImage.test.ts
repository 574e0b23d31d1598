import { expect } from 'chai';
import { bakePng } from '../../../../src/badges/bake/bakePng.js';
import { bakeSvgOb2Hosted, bakeSvgOb3Jwt } from '../../../../src/badges/bake/bakeSvg.js';
import { extractFromImage } from '../../../../src/badges/bake/extractFromImage.js';
import { plainPng } from './pngFixtures.js';
import { plainSvg } from './svgFixtures.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJpZCI6InVybjp4In0.c2lnbmF0dXJl';

describe('extractFromImage', () => {
  it('sniffs a baked PNG from its bytes and returns its text', () => {
    expect(extractFromImage(bakePng(plainPng(), 'openbadgecredential', JWT))).to.deep.equal({
      found: true,
      image: 'png',
      format: 'ob3',
      payload: JWT,
    });
  });

  it('sniffs a baked SVG behind whitespace and returns the verify attribute when there is no body', () => {
    const bytes = Buffer.from(`\n  ${bakeSvgOb3Jwt(plainSvg(), JWT)}`);
    expect(extractFromImage(bytes)).to.deep.equal({ found: true, image: 'svg', format: 'ob3', payload: JWT });
  });

  it('returns the body of an OB 2.0 hosted SVG', () => {
    const bytes = Buffer.from(bakeSvgOb2Hosted(plainSvg(), '{"type":"Assertion"}'));
    expect(extractFromImage(bytes)).to.include({ found: true, format: 'ob2', payload: '{"type":"Assertion"}' });
  });

  it('passes on the error code of the image type it recognised', () => {
    const result = extractFromImage(plainPng().subarray(0, 20));
    expect(result.found === false && result.error?.code).to.equal('png_malformed');
  });

  it('refuses a file that is neither PNG nor SVG', () => {
    const result = extractFromImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]));
    expect(result.found === false && result.error?.code).to.equal('image_unsupported');
  });
});
