import { expect } from 'chai';
import { createPerKeySerializer } from '../../../../src/app/awards/perKeySerializer.js';

/** Tasks that note when they start and end, in one shared list, and end only when let go. */
function recorder() {
  const events: string[] = [];
  const release = new Map<string, () => void>();
  const task = (name: string) => async () => {
    events.push(`start ${name}`);
    await new Promise<void>((resolve) => release.set(name, resolve));
    events.push(`end ${name}`);
    return name;
  };
  /** Lets every queued callback run, so whatever could start has started. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const finish = (name: string) => release.get(name)!();
  return { events, task, settle, finish };
}

describe('per-key serializer', () => {
  it('runs tasks of one key one after another, in order', async () => {
    const serialize = createPerKeySerializer();
    const { events, task, settle, finish } = recorder();
    const results = Promise.all([serialize('a', task('1')), serialize('a', task('2'))]);
    await settle();
    expect(events).to.deep.equal(['start 1']);
    finish('1');
    await settle();
    finish('2');
    expect(await results).to.deep.equal(['1', '2']);
    expect(events).to.deep.equal(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('runs tasks of different keys at the same time', async () => {
    const serialize = createPerKeySerializer();
    const { events, task, settle, finish } = recorder();
    const both = Promise.all([serialize('a', task('a')), serialize('b', task('b'))]);
    await settle();
    expect(events).to.deep.equal(['start a', 'start b']);
    finish('b');
    finish('a');
    await both;
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
