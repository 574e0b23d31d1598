import { expect } from 'chai';
import { compareStrings } from '../../../../src/adapters/store-sqlite/matchDocument.js';

/** The order MongoDB and SQLite give text: its UTF-8 bytes. */
function byUtf8(a: string, b: string): number {
  return Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

/** Characters from every range where UTF-16 and UTF-8 orders could part. */
const SAMPLES = [
  '',
  'a',
  'z',
  '~',
  'é',
  'ÿ',
  'Ā',
  '中',
  '\ud7ff',
  '\ue000',
  '\uff21',
  '\uffff',
  '😀',
  '𐀀',
  '\u{10ffff}',
];

describe('compareStrings (text order of the embedded store)', () => {
  it('orders every pair of two-character strings as their UTF-8 bytes do', () => {
    const words = SAMPLES.flatMap((x) => SAMPLES.map((y) => x + y));
    let pairs = 0;
    const wrong: string[] = [];
    for (const a of words) {
      for (const b of words) {
        if (compareStrings(a, b) !== byUtf8(a, b)) wrong.push(`${JSON.stringify(a)} against ${JSON.stringify(b)}`);
        pairs += 1;
      }
    }
    expect(wrong.slice(0, 5)).to.deep.equal([]);
    expect(pairs).to.equal(SAMPLES.length ** 4);
  });

  it('puts a character above U+FFFF after U+FF21, where JavaScript puts it before', () => {
    expect('😀' < '\uff21').to.equal(true);
    expect(compareStrings('😀', '\uff21')).to.equal(1);
    expect(compareStrings('a😀', 'a\uff21b')).to.equal(1);
  });
});
