import { expect } from 'chai';
import type { IssueAward } from '../../../../src/app/awards/issueAward.js';
import type { ValidateRow } from '../../../../src/app/bulk/prepareRows.js';
import { validateBulkRow } from '../../../../src/http/routes/bulkRoutes.js';
import { type BulkWorld, bulkWorld, fundamentalsRows, rejectionOf } from './bulkFixtures.js';

/**
 * Counts how much of `work` runs between two turns of the event loop: a probe re-queues itself
 * with setImmediate, and at each turn notes how far `done()` moved since the last one.
 */
function turnProbe(done: () => number) {
  let last = done();
  let most = 0;
  let running = true;
  const tick = () => {
    const now = done();
    most = Math.max(most, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop(): number {
      running = false;
      most = Math.max(most, done() - last);
      return most;
    },
  };
}

/** A body that never ends: `header` once, then rows made by `row(n)`, one chunk each; counts what was taken. */
function endlessBody(header: string, row: (n: number) => string) {
  const taken = { chunks: 0, bytes: 0 };
  async function* body(): AsyncGenerator<string> {
    for (let n = 0; ; n += 1) {
      const chunk = n === 0 ? header + row(0) : row(n);
      taken.chunks += 1;
      taken.bytes += Buffer.byteLength(chunk);
      yield chunk;
    }
  }
  return { body: body(), taken };
}

describe('bulk jobs share the event loop', () => {
  let world: BulkWorld;

  beforeEach(async () => {
    world = await bulkWorld();
  });
  afterEach(() => world.dispose());

  it('starts at most maxRowsPerTurn rows per turn of the event loop, however many workers', async () => {
    let started = 0;
    let applied = 0;
    const counting: IssueAward = async (input, options) => {
      started += 1;
      const result = await world.issueAward(input, options);
      applied += 1;
      return result;
    };
    const service = await world.service({ issueAward: counting, concurrency: 8, maxRowsPerTurn: 3 });
    await service.submit({ kind: 'json', rows: fundamentalsRows(200) }, 'key-1');
    const probe = turnProbe(() => started);
    await service.waitForIdle();
    expect(applied).to.equal(200);
    expect(probe.stop()).to.be.at.most(3);
  });

  it('checks at most 50 submitted rows between two turns of the event loop', async () => {
    let checked = 0;
    const counting: ValidateRow = (row) => {
      checked += 1;
      return validateBulkRow(row);
    };
    const service = await world.service({ validateRow: counting });
    const probe = turnProbe(() => checked);
    await service.submit({ kind: 'json', rows: fundamentalsRows(1000) }, 'key-1');
    expect(checked).to.equal(1000);
    expect(probe.stop()).to.be.at.most(50);
    await service.waitForIdle();
  });

  it('refuses a JSON body at row maxRows + 1, without reading on, and stores nothing', async () => {
    const service = await world.service({ maxRows: 10 });
    const { body, taken } = endlessBody('[', (n) => `${n === 0 ? '' : ','}${JSON.stringify(fundamentalsRows(1)[0])}`);
    expect((await rejectionOf(service.submit({ kind: 'json', body }, 'key-1'))).code).to.equal('bulk_too_large');
    // Row 11 completes only when the comma after it arrives: 12 chunks at most.
    expect(taken.chunks).to.be.at.most(12);
    expect(await world.bulkDocuments()).to.equal(0);
  });

  it('refuses a CSV body at row maxRows + 1, without reading on, and stores nothing', async () => {
    const service = await world.service({ maxRows: 10 });
    const { body, taken } = endlessBody(
      'email,name,achievement,earnedOn\r\n',
      (n) => `c${n}@x.io,C,AZ-900,2024-05-01\r\n`,
    );
    expect((await rejectionOf(service.submit({ kind: 'csv', text: body }, 'key-1'))).code).to.equal('bulk_too_large');
    // The parser takes input ahead of its reader up to its buffer (16 KiB); never the endless rest.
    expect(taken.bytes).to.be.below(64 * 1024);
    expect(await world.bulkDocuments()).to.equal(0);
  });

  it('reads a JSON array split at any byte, multi-byte characters included', async () => {
    const rows = fundamentalsRows(3).map((row, n) => ({
      ...row,
      recipient: { email: `é${n}@contoso.com`, name: 'Zoë 😀' },
    }));
    const bytes = Buffer.from(JSON.stringify(rows), 'utf8');
    async function* byteByByte(): AsyncGenerator<Uint8Array> {
      for (const byte of bytes) yield Uint8Array.of(byte);
    }
    const service = await world.service();
    const accepted = await service.submit({ kind: 'json', body: byteByByte() }, 'key-1');
    expect(accepted.counts.total).to.equal(3);
    await service.waitForIdle();
    const job = await service.get(accepted.id);
    expect(job.counts).to.include({ total: 3, failed: 0 });
    const names = (await world.awards.find({})).map((award) => award.recipientName);
    expect(names).to.include('Zoë 😀');
  });
});
