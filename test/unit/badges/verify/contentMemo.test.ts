import { expect } from 'chai';
import { contentMemo } from '../../../../src/badges/verify/contentMemo.js';

/** A computation that counts its runs and answers the run number. */
function counted() {
  let runs = 0;
  return {
    compute: async () => {
      runs += 1;
      return runs;
    },
    runs: () => runs,
  };
}

describe('contentMemo', () => {
  const scope = {};

  it('computes once for equal inputs, however the objects were built', async () => {
    const memo = contentMemo<number>(10);
    const step = counted();

    const first = await memo(scope, { a: [1, 2], b: 'x' }, step.compute);
    const second = await memo(scope, JSON.parse('{"a":[1,2],"b":"x"}'), step.compute);

    expect([first, second, step.runs()]).to.deep.equal([1, 1, 1]);
  });

  it('computes again when any input differs, or for another scope', async () => {
    const memo = contentMemo<number>(10);
    const step = counted();

    await memo(scope, { a: 1 }, step.compute);
    await memo(scope, { a: 2 }, step.compute);
    await memo({}, { a: 1 }, step.compute);

    expect(step.runs()).to.equal(3);
  });

  it('shares one computation between concurrent identical calls', async () => {
    const memo = contentMemo<number>(10);
    const step = counted();

    const results = await Promise.all([memo(scope, 'same', step.compute), memo(scope, 'same', step.compute)]);

    expect(results).to.deep.equal([1, 1]);
    expect(step.runs()).to.equal(1);
  });

  it('forgets a computation that failed, so the next call runs it again', async () => {
    const memo = contentMemo<number>(10);
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls === 1) throw new Error('transient');
      return calls;
    };

    let failed = false;
    await memo(scope, 'input', flaky).catch(() => {
      failed = true;
    });
    const retried = await memo(scope, 'input', flaky);

    expect(failed).to.equal(true);
    expect(retried).to.equal(2);
  });

  it('drops the least recently used result beyond its capacity', async () => {
    const memo = contentMemo<number>(2);
    const step = counted();

    await memo(scope, 'a', step.compute);
    await memo(scope, 'b', step.compute);
    await memo(scope, 'a', step.compute);
    await memo(scope, 'c', step.compute);
    await memo(scope, 'a', step.compute);
    await memo(scope, 'b', step.compute);

    expect(step.runs()).to.equal(4);
  });
});
