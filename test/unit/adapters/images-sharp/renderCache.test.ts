import { expect } from 'chai';
import { RenderCache } from '../../../../src/adapters/images-sharp/renderCache.js';

describe('render cache', () => {
  it('forgets a failed render so that the next request tries again', async () => {
    const cache = new RenderCache<string>(4);
    let attempts = 0;
    const render = async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('first render fails');
      return 'image';
    };
    await cache.get('key', render).catch(() => undefined);
    expect(await cache.get('key', render)).to.equal('image');
    expect(attempts).to.equal(2);
  });

  it('never holds more entries than its capacity', async () => {
    const cache = new RenderCache<number>(3);
    for (let i = 0; i < 10; i += 1) await cache.get(`key-${i}`, async () => i);
    expect(cache.size).to.equal(3);
  });
});
