import { expect } from 'chai';
import { newAwardId } from '../../../../src/app/awards/awardId.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The milliseconds a version 7 id carries in its first 48 bits. */
const msecsOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);

describe('award ids', () => {
  it('are UUID version 7 carrying the time they were made', () => {
    const at = Date.UTC(2030, 0, 1);
    const id = newAwardId(at);
    expect(id).to.match(UUID_V7);
    expect(msecsOf(id)).to.equal(at);
  });

  it('sort in the order they were made, many in one millisecond and after the clock steps back', () => {
    const at = Date.UTC(2031, 0, 1);
    const ids = [
      ...Array.from({ length: 2000 }, () => newAwardId(at)),
      // The clock stepped back: ids keep counting on from the last one rather than going back.
      ...Array.from({ length: 10 }, () => newAwardId(at - 5000)),
      newAwardId(at + 1),
    ];
    for (const id of ids) expect(id).to.match(UUID_V7);
    expect(new Set(ids).size).to.equal(ids.length);
    expect([...ids].sort()).to.deep.equal(ids);
    expect(msecsOf(ids.at(-2)!)).to.be.at.least(at);
  });
});
