import { expect } from 'chai';
import sharp from 'sharp';
import {
  bakeSvgOb2Hosted,
  bakeSvgOb2Signed,
  bakeSvgOb3Json,
  bakeSvgOb3Jwt,
  sanitizeSvg,
} from '../../../../src/badges/bake/bakeSvg.js';
import { extractFromSvg } from '../../../../src/badges/bake/extractFromSvg.js';
import { AccoladeError } from '../../../../src/errors.js';
import {
  countOccurrences,
  OB2_NAMESPACE,
  OB3_NAMESPACE,
  plainSvg,
  selfClosingSvg,
  svgBakedWithOtherPrefix,
  svgWithActiveContent,
  svgWithDoctype,
} from './svgFixtures.js';

const ASSERTION_JSON = JSON.stringify({ type: 'Assertion', id: 'https://issuer.example/a/1', note: 'x]]>y & <z>' });
const CREDENTIAL_JSON = JSON.stringify({ type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Réussite' });
const JWS = 'eyJhbGciOiJSUzI1NiJ9.eyJpZCI6InVybjp4In0.c2lnbmF0dXJl';

function thrownCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AccoladeError) return error.code;
    throw error;
  }
  throw new Error('expected an AccoladeError');
}

/** The text right after the root's start tag. */
function afterRootTag(svg: string): string {
  const root = svg.indexOf('<svg');
  return svg.slice(svg.indexOf('>', root) + 1);
}

describe('baking SVG badges', () => {
  it('round-trips an OB 2.0 hosted assertion as CDATA with no verify attribute', () => {
    const baked = bakeSvgOb2Hosted(plainSvg(), ASSERTION_JSON);
    expect(afterRootTag(baked)).to.match(/^<openbadges:assertion><!\[CDATA\[/);
    expect(baked).not.to.include('verify=');
    expect(extractFromSvg(baked)).to.deep.equal({ found: true, format: 'ob2', body: ASSERTION_JSON });
  });

  it('round-trips an OB 2.0 signed assertion as a self-closing element with verify', () => {
    const baked = bakeSvgOb2Signed(plainSvg(), JWS);
    expect(afterRootTag(baked).startsWith(`<openbadges:assertion verify="${JWS}"/>`)).to.equal(true);
    expect(extractFromSvg(baked)).to.deep.equal({ found: true, format: 'ob2', verify: JWS });
  });

  it('round-trips an OB 3.0 VC-JWT in the verify attribute of openbadges:credential', () => {
    const baked = bakeSvgOb3Jwt(plainSvg(), JWS);
    expect(afterRootTag(baked).startsWith(`<openbadges:credential verify="${JWS}"/>`)).to.equal(true);
    expect(extractFromSvg(baked)).to.deep.equal({ found: true, format: 'ob3', verify: JWS });
  });

  it('round-trips an OB 3.0 credential JSON in the CDATA body of openbadges:credential', () => {
    const baked = bakeSvgOb3Json(plainSvg(), CREDENTIAL_JSON);
    expect(afterRootTag(baked)).to.match(/^<openbadges:credential><!\[CDATA\[/);
    expect(extractFromSvg(baked)).to.deep.equal({ found: true, format: 'ob3', body: CREDENTIAL_JSON });
  });

  it('declares the openbadges prefix on the root with the namespace of each version', () => {
    expect(bakeSvgOb2Signed(plainSvg(), JWS)).to.include(`<svg xmlns="http://www.w3.org/2000/svg" width="40"`);
    expect(bakeSvgOb2Signed(plainSvg(), JWS)).to.match(
      new RegExp(`^<svg [^>]*xmlns:openbadges="${OB2_NAMESPACE}"`, 'm'),
    );
    expect(bakeSvgOb3Jwt(plainSvg(), JWS)).to.match(new RegExp(`^<svg [^>]*xmlns:openbadges="${OB3_NAMESPACE}"`, 'm'));
  });

  it('keeps the XML declaration, comments and drawing of the original', () => {
    const baked = bakeSvgOb3Jwt(plainSvg(), JWS);
    expect(baked.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<!-- a badge image -->\n<svg')).to.equal(true);
    expect(baked).to.include('<text x="20" y="24" text-anchor="middle" fill="#fff">A &amp; B</text>');
  });

  it('escapes ]]> inside the CDATA body so the JSON survives intact', () => {
    const baked = bakeSvgOb2Hosted(plainSvg(), ASSERTION_JSON);
    expect(countOccurrences(baked, ']]>')).to.equal(2);
    const extraction = extractFromSvg(baked);
    expect(extraction.found && JSON.parse(extraction.body!)).to.deep.equal(JSON.parse(ASSERTION_JSON));
  });

  it('escapes quotes and angle brackets in the verify attribute', () => {
    const extraction = extractFromSvg(bakeSvgOb2Signed(plainSvg(), 'a"b<c>&d'));
    expect(extraction).to.deep.equal({ found: true, format: 'ob2', verify: 'a"b<c>&d' });
  });

  it('keeps exactly one badge element and one declaration when baked again, even across versions', () => {
    const twice = bakeSvgOb3Jwt(bakeSvgOb2Hosted(plainSvg(), ASSERTION_JSON), JWS);
    expect(countOccurrences(twice, '<openbadges:')).to.equal(1);
    expect(countOccurrences(twice, 'xmlns:openbadges=')).to.equal(1);
    expect(extractFromSvg(twice)).to.deep.equal({ found: true, format: 'ob3', verify: JWS });
  });

  it('replaces a badge element another tool wrote under a different prefix', () => {
    const baked = bakeSvgOb2Signed(svgBakedWithOtherPrefix(), JWS);
    expect(baked).not.to.include('ob:assertion');
    expect(extractFromSvg(baked)).to.deep.equal({ found: true, format: 'ob2', verify: JWS });
  });

  it('bakes into a self-closing root element', () => {
    const baked = bakeSvgOb3Json(selfClosingSvg(), CREDENTIAL_JSON);
    expect(baked.endsWith('</openbadges:credential></svg>')).to.equal(true);
    expect(extractFromSvg(baked)).to.deep.equal({ found: true, format: 'ob3', body: CREDENTIAL_JSON });
  });

  it('strips scripts, event handlers and javascript: links while baking', () => {
    const baked = bakeSvgOb3Jwt(svgWithActiveContent(), JWS);
    expect(baked.toLowerCase()).not.to.include('script');
    expect(baked).not.to.match(/\son[a-z]+=/i);
    expect(baked).to.include('<rect width="10" height="10" fill="red"/>');
    expect(extractFromSvg(baked)).to.deep.equal({ found: true, format: 'ob3', verify: JWS });
  });

  it('produces an SVG that an image library still renders', async () => {
    const baked = bakeSvgOb2Hosted(plainSvg(), ASSERTION_JSON);
    const metadata = await sharp(Buffer.from(baked)).metadata();
    expect([metadata.format, metadata.width, metadata.height]).to.deep.equal(['svg', 40, 40]);
  });

  it('refuses an SVG with a DOCTYPE, a root that is not svg, or broken markup', () => {
    expect(thrownCode(() => bakeSvgOb2Signed(svgWithDoctype(), JWS))).to.equal('validation_failed');
    expect(thrownCode(() => bakeSvgOb2Signed('<html><body/></html>', JWS))).to.equal('validation_failed');
    expect(thrownCode(() => bakeSvgOb2Signed('<svg><g></svg>', JWS))).to.equal('validation_failed');
  });

  it('sanitises without baking: scripts and handlers gone, drawing kept, no badge added', () => {
    const clean = sanitizeSvg(svgWithActiveContent());
    expect(clean.toLowerCase()).not.to.include('script');
    expect(clean).not.to.include('openbadges');
    expect(clean).to.include('<circle cx="20" cy="20" r="5"/>');
    expect(extractFromSvg(clean)).to.deep.equal({ found: false });
  });
});
