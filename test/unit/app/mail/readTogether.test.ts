import { expect } from 'chai';
import { readTogether } from '../../../../src/app/mail/readTogether.js';

describe('reads asked for in one turn, made together', () => {
  it('reads the keys asked for in one turn once, each key once, and answers each caller', async () => {
    const reads: string[][] = [];
    const find = readTogether(
      async (keys) => {
        reads.push([...keys]);
        return keys.filter((key) => key !== 'missing').map((key) => ({ id: key, value: key.toUpperCase() }));
      },
      (record) => record.id,
    );
    const answers = await Promise.all([find('a'), find('b'), find('a'), find('missing')]);
    expect(answers).to.deep.equal([{ id: 'a', value: 'A' }, { id: 'b', value: 'B' }, { id: 'a', value: 'A' }, null]);
    expect(reads).to.deep.equal([['a', 'b', 'missing']]);
    expect(await find('c')).to.deep.equal({ id: 'c', value: 'C' });
    expect(reads, 'a later turn reads again').to.have.length(2);
  });

  it('fails every caller of a turn whose read fails, and reads again at the next', async () => {
    let fail = true;
    const find = readTogether(
      async (keys) => {
        if (fail) throw new Error('store down');
        return keys.map((key) => ({ id: key }));
      },
      (record) => record.id,
    );
    const outcomes = await Promise.allSettled([find('a'), find('b')]);
    expect(outcomes.map((outcome) => outcome.status)).to.deep.equal(['rejected', 'rejected']);
    fail = false;
    expect(await find('a')).to.deep.equal({ id: 'a' });
  });
});
