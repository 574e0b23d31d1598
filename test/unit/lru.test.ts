import { expect } from 'chai';
import { promiseLru } from '../../src/lru.js';

describe('promise LRU', () => {
  it('forgets a failed render so that the next request tries again', async () => {
    const cache = promiseLru<string>(4);
    let attempts = 0;
    const render = async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('first render fails');
      return 'image';
    };
    await cache('key', render).catch(() => undefined);
    expect(await cache('key', render)).to.equal('image');
    expect(attempts).to.equal(2);
  });

  it('never holds more entries than its capacity', async () => {
    const cache = promiseLru<number>(3);
    for (let i = 0; i < 10; i += 1) await cache(`key-${i}`, async () => i);
    expect(cache.size).to.equal(3);
  });
});
