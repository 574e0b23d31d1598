import { expect } from 'chai';
import { ELLIPSIS, fitText, wordsOf } from '../../../../src/adapters/images-sharp/textLayout.js';

/** Every character is 0.5 wide at size 1: widths are easy to reason about. */
const halfEm = (text: string) => [...text].length * 0.5;

describe('fitting a title into the badge', () => {
  it('keeps a short title on one line at the largest size', () => {
    expect(fitText('Excel', halfEm, { maxWidth: 200, sizes: [30, 20], maxLines: 3 })).to.deep.equal({
      size: 30,
      lines: ['Excel'],
    });
  });

  it('wraps a long title at the largest size where it fits the line limit', () => {
    const block = fitText('Azure Administrator Associate Expert', halfEm, {
      maxWidth: 200,
      sizes: [30, 20, 10],
      maxLines: 3,
    });
    expect(block.size).to.equal(20);
    expect(block.lines.join(' ')).to.equal('Azure Administrator Associate Expert');
    for (const line of block.lines) expect(halfEm(line) * block.size).to.be.at.most(200);
  });

  it('balances two lines instead of leaving one word alone', () => {
    const block = fitText('one two three four five six', halfEm, { maxWidth: 240, sizes: [20], maxLines: 3 });
    expect(block.lines).to.deep.equal(['one two three', 'four five six']);
  });

  it('chooses a smaller size when the lines would be too tall for the space', () => {
    const options = { maxWidth: 100, sizes: [30, 20], maxLines: 3, lineHeight: 1 };
    expect(fitText('one two three', halfEm, options).size).to.equal(30);
    const limited = fitText('one two three', halfEm, { ...options, maxHeight: 80 });
    expect(limited).to.deep.equal({ size: 20, lines: ['one two', 'three'] });
  });

  it('counts letter spacing in the width of a line', () => {
    const options = { maxWidth: 100, sizes: [20], maxLines: 1 };
    expect(fitText('abcdefgh', halfEm, options).lines).to.deep.equal(['abcdefgh']);
    expect(fitText('abcdefgh', halfEm, { ...options, letterSpacing: 3 }).lines[0]!.endsWith(ELLIPSIS)).to.equal(true);
  });

  it('cuts a title too long for any size with an ellipsis on the last line', () => {
    const block = fitText('word '.repeat(40), halfEm, { maxWidth: 100, sizes: [20, 10], maxLines: 2 });
    expect(block.size).to.equal(10);
    expect(block.lines).to.have.length(2);
    expect(block.lines[1]!.endsWith(ELLIPSIS)).to.equal(true);
    for (const line of block.lines) expect(halfEm(line) * block.size).to.be.at.most(100);
  });

  it('breaks a single word wider than the badge', () => {
    const block = fitText('Supercalifragilisticexpialidocious', halfEm, { maxWidth: 100, sizes: [10], maxLines: 3 });
    expect(block.lines.join('')).to.equal('Supercalifragilisticexpialidocious');
    for (const line of block.lines) expect(halfEm(line) * 10).to.be.at.most(100);
  });

  it('never breaks a line at a no-break space', () => {
    const block = fitText('Certification\u00a0: Azure', halfEm, { maxWidth: 80, sizes: [10], maxLines: 3 });
    expect(block.lines).to.deep.equal(['Certification\u00a0:', 'Azure']);
  });

  it('never strands French punctuation set after a plain space at the start of a line', () => {
    const title = 'Microsoft Certified : Administrateur Azure Associate';
    for (const maxWidth of [90, 100, 120, 150, 200, 260]) {
      const block = fitText(title, halfEm, { maxWidth, sizes: [10], maxLines: 6 });
      for (const line of block.lines) expect(line, `width ${maxWidth}`).not.to.match(/^[:;!?»]/);
      expect(block.lines.join(' ').replace(/\u00a0/g, ' ')).to.equal(title);
    }
  });

  it('keeps opening and closing guillemets with the words they enclose', () => {
    expect(wordsOf('Le badge « Azure » ! ( bis )')).to.deep.equal([
      'Le',
      'badge',
      '«\u00a0Azure\u00a0»\u00a0!',
      '(\u00a0bis\u00a0)',
    ]);
    expect(wordsOf(': seul')).to.deep.equal([':', 'seul']);
  });

  it('draws nothing for a blank title', () => {
    expect(fitText('  ', halfEm, { maxWidth: 100, sizes: [10], maxLines: 3 }).lines).to.deep.equal([]);
  });
});
