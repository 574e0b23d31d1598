import { expect } from 'chai';
import { createPerKeySerializer } from '../../../../src/app/awards/perKeySerializer.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tasks that note when they start and end, in one shared list. */
function recorder() {
  const events: string[] = [];
  const task = (name: string, ms: number) => async () => {
    events.push(`start ${name}`);
    await pause(ms);
    events.push(`end ${name}`);
    return name;
  };
  return { events, task };
}

describe('per-key serializer', () => {
  it('runs tasks of one key one after another, in order', async () => {
    const serialize = createPerKeySerializer();
    const { events, task } = recorder();
    const results = await Promise.all([serialize('a', task('1', 20)), serialize('a', task('2', 1))]);
    expect(results).to.deep.equal(['1', '2']);
    expect(events).to.deep.equal(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('runs tasks of different keys at the same time', async () => {
    const serialize = createPerKeySerializer();
    const { events, task } = recorder();
    await Promise.all([serialize('a', task('a', 20)), serialize('b', task('b', 1))]);
    expect(events.slice(0, 2)).to.deep.equal(['start a', 'start b']);
  });

  it('goes on with the next task after one fails', async () => {
    const serialize = createPerKeySerializer();
    const failed = serialize('a', async () => {
      throw new Error('boom');
    });
    const next = serialize('a', async () => 'next');
    expect(await failed.catch((error: Error) => error.message)).to.equal('boom');
    expect(await next).to.equal('next');
  });
});
