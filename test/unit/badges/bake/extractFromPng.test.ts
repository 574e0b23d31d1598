import { expect } from 'chai';
import { bakePng } from '../../../../src/badges/bake/bakePng.js';
import { extractFromPng } from '../../../../src/badges/bake/extractFromPng.js';
import { PNG_EXTRACTION_ERROR_CODES } from '../../../../src/badges/bake/extraction.js';
import { chunk, iendChunk, itxtChunk, plainPng, pngWith, SIGNATURE, textChunk } from './pngFixtures.js';

const JWS = 'eyJhbGciOiJSUzI1NiJ9.eyJpZCI6InVybjp4In0.c2lnbmF0dXJl';

function errorCode(png: Buffer, limits?: Parameters<typeof extractFromPng>[1]): string | undefined {
  const result = extractFromPng(png, limits);
  expect(result.found).to.equal(false);
  return result.found ? undefined : result.error?.code;
}

/** The baked PNG with the 4 bytes at `offset` (from the end when negative) replaced. */
function withUint32At(png: Buffer, offset: number, value: number): Buffer {
  const copy = Buffer.from(png);
  copy.writeUInt32BE(value, offset < 0 ? copy.length + offset : offset);
  return copy;
}

function bakedPng(): Buffer {
  return bakePng(plainPng(), 'openbadges', JWS);
}

/** A tiny deterministic PRNG, so the fuzz cases are the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('extractFromPng', () => {
  describe('reads badges written by other tools', () => {
    it('reads an uncompressed iTXt with a language tag and translated keyword', () => {
      const png = pngWith(itxtChunk({ keyword: 'openbadges', text: JWS, language: 'fr', translatedKeyword: 'badges' }));
      expect(extractFromPng(png)).to.deep.equal({
        found: true,
        keyword: 'openbadges',
        format: 'ob2',
        chunkType: 'iTXt',
        text: JWS,
      });
    });

    it('inflates a compressed iTXt', () => {
      const json = JSON.stringify({ type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Réussite' });
      const png = pngWith(itxtChunk({ keyword: 'openbadgecredential', text: json, compressed: true }));
      expect(extractFromPng(png)).to.include({ found: true, format: 'ob3', text: json });
    });

    it('reads a legacy tEXt chunk holding a hosted assertion URL', () => {
      const png = pngWith(textChunk('openbadges', 'https://issuer.example/assertions/1'));
      expect(extractFromPng(png)).to.include({
        found: true,
        chunkType: 'tEXt',
        text: 'https://issuer.example/assertions/1',
      });
    });

    it('ignores a tEXt openbadgecredential chunk, which OB 3.0 does not define', () => {
      expect(extractFromPng(pngWith(textChunk('openbadgecredential', JWS)))).to.deep.equal({ found: false });
    });

    it('refuses an image with two badge chunks, of one keyword or of both', () => {
      const twoOb2 = pngWith(
        textChunk('Comment', 'unrelated'),
        itxtChunk({ keyword: 'openbadges', text: 'first' }),
        itxtChunk({ keyword: 'openbadges', text: 'second' }),
      );
      const both = pngWith(
        itxtChunk({ keyword: 'openbadgecredential', text: 'first' }),
        itxtChunk({ keyword: 'openbadges', text: 'second' }),
      );
      const legacyAndItxt = pngWith(
        textChunk('openbadges', 'https://a.example/1'),
        itxtChunk({ keyword: 'openbadges', text: JWS }),
      );

      expect(errorCode(twoOb2)).to.equal('png_several_badges');
      expect(errorCode(both)).to.equal('png_several_badges');
      expect(errorCode(legacyAndItxt)).to.equal('png_several_badges');
    });

    it('says not found, without an error, for a clean PNG that carries no badge', () => {
      expect(extractFromPng(plainPng())).to.deep.equal({ found: false });
    });
  });

  describe('refuses hostile or broken input with a code and never throws', () => {
    it('refuses an empty buffer and a file that is not a PNG', () => {
      expect(errorCode(Buffer.alloc(0))).to.equal('png_not_png');
      expect(errorCode(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).to.equal('png_not_png');
    });

    it('refuses a signature with no chunks, and a file cut before IEND', () => {
      expect(errorCode(SIGNATURE)).to.equal('png_malformed');
      expect(errorCode(bakedPng().subarray(0, -12))).to.equal('png_malformed');
    });

    it('refuses a chunk cut in the middle', () => {
      expect(errorCode(bakedPng().subarray(0, 40))).to.equal('png_malformed');
    });

    it('refuses a chunk length pointing beyond the buffer, and a huge declared length', () => {
      expect(errorCode(withUint32At(bakedPng(), 8, 1000))).to.equal('png_malformed');
      expect(errorCode(withUint32At(bakedPng(), 8, 0xffffffff))).to.equal('png_malformed');
    });

    it('refuses a badge chunk whose CRC does not match', () => {
      const png = pngWith(chunk('iTXt', Buffer.from(`openbadges\0\0\0\0\0${JWS}`), 0x12345678));
      expect(errorCode(png)).to.equal('png_bad_crc');
    });

    it('refuses a file whose first chunk is not IHDR', () => {
      expect(errorCode(Buffer.concat([SIGNATURE, textChunk('openbadges', 'x'), iendChunk()]))).to.equal(
        'png_malformed',
      );
    });

    it('refuses a chunk type that is not four letters', () => {
      expect(errorCode(pngWith(chunk('i\0Xt', Buffer.from('openbadges\0x'))))).to.equal('png_malformed');
    });

    it('refuses an image larger than the cap', () => {
      expect(errorCode(bakedPng(), { maxBytes: 64 })).to.equal('png_too_large');
    });

    // Inflating stops at the text cap (zlib maxOutputLength), however far the text would inflate.
    it('refuses a zip bomb in a compressed iTXt', () => {
      const bomb = pngWith(
        itxtChunk({ keyword: 'openbadges', text: Buffer.alloc(32 * 1024 * 1024, 0x20), compressed: true }),
      );
      expect(bomb.length).to.be.below(64 * 1024);
      expect(errorCode(bomb)).to.equal('png_text_too_large');
    });

    it('refuses uncompressed text larger than the text cap', () => {
      expect(errorCode(bakedPng(), { maxTextBytes: 10 })).to.equal('png_text_too_large');
    });

    it('refuses compressed text that does not inflate', () => {
      const png = pngWith(chunk('iTXt', Buffer.from('openbadges\0\x01\0\0\0not deflate data', 'latin1')));
      expect(errorCode(png)).to.equal('png_text_invalid');
    });

    it('refuses an unknown compression flag or method', () => {
      expect(errorCode(pngWith(chunk('iTXt', Buffer.from('openbadges\0\x02\0\0\0x', 'latin1'))))).to.equal(
        'png_text_invalid',
      );
      expect(errorCode(pngWith(chunk('iTXt', Buffer.from('openbadges\0\x01\x07\0\0x', 'latin1'))))).to.equal(
        'png_text_invalid',
      );
    });

    it('refuses an iTXt chunk missing its separators', () => {
      expect(errorCode(pngWith(chunk('iTXt', Buffer.from('openbadges\0\0\0no-terminators', 'latin1'))))).to.equal(
        'png_text_invalid',
      );
    });

    it('refuses iTXt text that is not UTF-8', () => {
      const png = pngWith(itxtChunk({ keyword: 'openbadges', text: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }));
      expect(errorCode(png)).to.equal('png_text_invalid');
    });

    it('answers every corrupted variant of a baked PNG with found or a known code', () => {
      const random = seededRandom(7);
      const original = bakedPng();
      for (let round = 0; round < 3000; round += 1) {
        const copy = Buffer.from(original.subarray(0, 1 + Math.floor(random() * original.length)));
        for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips -= 1) {
          copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
        }
        const result = extractFromPng(copy);
        if (!result.found && result.error) {
          expect(PNG_EXTRACTION_ERROR_CODES).to.include(result.error.code);
        }
      }
    });
  });
});
