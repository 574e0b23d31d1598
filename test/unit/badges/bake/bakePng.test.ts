import { expect } from 'chai';
import sharp from 'sharp';
import { bakePng } from '../../../../src/badges/bake/bakePng.js';
import { extractFromPng } from '../../../../src/badges/bake/extractFromPng.js';
import { AccoladeError } from '../../../../src/errors.js';
import { itxtChunk, parseChunks, plainPng, pngWith, tableCrc32, textChunk } from './pngFixtures.js';

const ASSERTION_JSON = JSON.stringify({ '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: 'urn:x' });
const JWS = 'eyJhbGciOiJSUzI1NiJ9.eyJpZCI6InVybjp4In0.c2lnbmF0dXJl';

function badgeChunks(png: Buffer, keyword: string) {
  return parseChunks(png).filter(
    (chunk) =>
      ['iTXt', 'tEXt', 'zTXt'].includes(chunk.type) && chunk.data.toString('latin1').startsWith(`${keyword}\0`),
  );
}

function bakeError(run: () => unknown): AccoladeError {
  try {
    run();
  } catch (error) {
    if (error instanceof AccoladeError) return error;
    throw error;
  }
  throw new Error('expected bakePng to throw');
}

describe('bakePng', () => {
  it('round-trips an OB 2.0 assertion through an openbadges iTXt chunk', () => {
    const baked = bakePng(plainPng(), 'openbadges', ASSERTION_JSON);
    expect(extractFromPng(baked)).to.deep.equal({
      found: true,
      keyword: 'openbadges',
      format: 'ob2',
      chunkType: 'iTXt',
      text: ASSERTION_JSON,
    });
  });

  it('round-trips an OB 3.0 VC-JWT with non-ASCII text through an openbadgecredential chunk', () => {
    const text = `${JWS}.ÉÀ—✓`;
    const baked = bakePng(plainPng(), 'openbadgecredential', text);
    const extraction = extractFromPng(baked);
    expect(extraction.found && extraction.keyword).to.equal('openbadgecredential');
    expect(extraction.found && extraction.text).to.equal(text);
  });

  it('writes an uncompressed iTXt with empty language and translated keyword just before IEND', () => {
    const chunks = parseChunks(bakePng(plainPng(), 'openbadges', JWS));
    expect(chunks.map((chunk) => chunk.type)).to.deep.equal(['IHDR', 'IDAT', 'iTXt', 'IEND']);
    const itxt = chunks[2]!;
    expect(itxt.data.equals(Buffer.concat([Buffer.from('openbadges\0\0\0\0\0'), Buffer.from(JWS)]))).to.equal(true);
  });

  it('writes a CRC that an independent CRC-32 agrees with', () => {
    const itxt = parseChunks(bakePng(plainPng(), 'openbadges', ASSERTION_JSON)).find((c) => c.type === 'iTXt')!;
    expect(itxt.crc).to.equal(tableCrc32(Buffer.concat([Buffer.from('iTXt'), itxt.data])));
  });

  it('keeps exactly one chunk when an image is baked twice, holding the second text', () => {
    const once = bakePng(plainPng(), 'openbadges', 'first');
    const twice = bakePng(once, 'openbadges', 'second');
    expect(badgeChunks(twice, 'openbadges')).to.have.length(1);
    expect(extractFromPng(twice)).to.include({ found: true, text: 'second' });
  });

  it('replaces a compressed iTXt and a legacy tEXt chunk written by another tool', () => {
    const foreign = pngWith(
      textChunk('openbadges', 'https://old.example/assertion'),
      itxtChunk({ keyword: 'openbadges', text: 'old', compressed: true, language: 'en' }),
    );
    const baked = bakePng(foreign, 'openbadges', 'new');
    expect(badgeChunks(baked, 'openbadges')).to.have.length(1);
    expect(extractFromPng(baked)).to.include({ found: true, text: 'new', chunkType: 'iTXt' });
  });

  it('leaves text chunks with other keywords in place', () => {
    const baked = bakePng(pngWith(textChunk('Software', 'another tool')), 'openbadgecredential', JWS);
    expect(parseChunks(baked).map((chunk) => chunk.type)).to.deep.equal(['IHDR', 'IDAT', 'tEXt', 'iTXt', 'IEND']);
  });

  it('refuses to bake something that is not a PNG', () => {
    expect(bakeError(() => bakePng(Buffer.from('GIF89a...'), 'openbadges', JWS)).code).to.equal('validation_failed');
  });

  it('refuses to bake a truncated PNG', () => {
    const png = plainPng();
    expect(bakeError(() => bakePng(png.subarray(0, png.length - 6), 'openbadges', JWS)).code).to.equal(
      'validation_failed',
    );
  });

  it('must be the last step, because a sharp re-encode drops the baked chunk', async () => {
    const baked = bakePng(await sharp(plainPng()).png().toBuffer(), 'openbadges', JWS);
    expect(extractFromPng(baked).found).to.equal(true);
    const reencoded = await sharp(baked).resize(4, 4).png().toBuffer();
    expect(extractFromPng(reencoded)).to.deep.equal({ found: false });
  });
});
