import { expect } from 'chai';
import { compareStrings, filterMatcher, matchesFilter } from '../../../../src/adapters/store-sqlite/matchDocument.js';

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

describe('matchesFilter with $in and $nin', () => {
  /** A list that counts how often its items are read. */
  function counted(items: unknown[]): { list: unknown[]; reads: () => number } {
    let reads = 0;
    const list = new Proxy(items, {
      get(target, property, receiver) {
        if (typeof property === 'string' && /^\d+$/.test(property)) reads += 1;
        return Reflect.get(target, property, receiver);
      },
    });
    return { list, reads: () => reads };
  }

  it('reads a list of texts once for all the documents a query checks, not once per document', () => {
    const keys = Array.from({ length: 500 }, (_, n) => `award.${n}`);
    const { list, reads } = counted(keys);
    const filter = { _id: { $in: list } };
    const docs = keys.map((key) => ({ _id: key }));
    const matches = filterMatcher(filter);
    expect(docs.every((doc) => matches(doc))).to.equal(true);
    expect(matches({ _id: 'award.500' })).to.equal(false);
    // Once to see that every item is a text, once to make the set; compared item by item, each
    // document would read up to all 500.
    expect(reads()).to.be.at.most(2 * keys.length);
  });

  it('matches each read against the list as it is then, should the caller change it between reads', () => {
    const list = ['award.1'];
    const filter = { _id: { $in: list } };
    expect(filterMatcher(filter)({ _id: 'award.2' })).to.equal(false);
    list.push('award.2');
    expect(filterMatcher(filter)({ _id: 'award.2' })).to.equal(true);
    expect(filterMatcher({ _id: { $nin: list } })({ _id: 'award.2' })).to.equal(false);
  });

  it('keeps MongoDB semantics: array fields, a missing field, lists that are not all texts', () => {
    const doc = { _id: 'a', tags: ['x', 'y'], n: 3, at: null };
    expect(matchesFilter(doc, { tags: { $in: ['y', 'z'] } })).to.equal(true);
    expect(matchesFilter(doc, { tags: { $in: ['z'] } })).to.equal(false);
    expect(matchesFilter(doc, { tags: { $nin: ['x'] } })).to.equal(false);
    expect(matchesFilter(doc, { tags: { $nin: ['z'] } })).to.equal(true);
    expect(matchesFilter(doc, { missing: { $in: ['a'] } })).to.equal(false);
    expect(matchesFilter(doc, { missing: { $nin: ['a'] } })).to.equal(true);
    expect(matchesFilter(doc, { missing: { $in: ['a', null] } })).to.equal(true);
    expect(matchesFilter(doc, { n: { $in: ['3'] } })).to.equal(false);
    expect(matchesFilter(doc, { n: { $in: ['3', 3] } })).to.equal(true);
    expect(matchesFilter(doc, { tags: { $in: [['x', 'y']] } })).to.equal(true);
  });
});
