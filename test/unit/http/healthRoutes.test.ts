import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { healthRoutes } from '../../../src/http/routes/healthRoutes.js';
import type { Database } from '../../../src/ports/store.js';

/** A store whose ping is counted, and answers as told; nothing else of it is used. */
function countedStore() {
  const store = {
    pings: 0,
    healthy: true,
    pending: undefined as (() => void) | undefined,
    hold: false,
  };
  const database = {
    kind: 'embedded',
    ping: () => {
      store.pings += 1;
      if (store.hold) return new Promise<void>((resolve) => (store.pending = resolve));
      return store.healthy ? Promise.resolve() : Promise.reject(new Error('gone'));
    },
  } as unknown as Database;
  return { store, database };
}

describe('GET /healthz', () => {
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let base: string;
  let now = 0;
  const { store, database } = countedStore();

  before(async () => {
    const app = express();
    app.use(healthRoutes(database, { now: () => now, checkEveryMs: 1000 }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  async function healthz() {
    const response = await fetch(`${base}/healthz`);
    return { status: response.status, body: await response.json(), etag: response.headers.get('etag') };
  }

  it('checks the store once for every request within checkEveryMs, and again after', async () => {
    const first = await healthz();
    expect(first).to.deep.equal({ status: 200, body: { status: 'ok', store: 'embedded' }, etag: null });
    await healthz();
    await healthz();
    expect(store.pings).to.equal(1);
    now += 1000;
    store.healthy = false;
    expect((await healthz()).status).to.equal(503);
    expect(store.pings).to.equal(2);
    expect((await healthz()).body).to.deep.equal({ status: 'unavailable', store: 'embedded' });
    expect(store.pings).to.equal(2);
  });

  it('lets requests that come during a check wait for it rather than start their own', async () => {
    now += 1000;
    store.healthy = true;
    store.hold = true;
    const before = store.pings;
    const answers = Promise.all([healthz(), healthz(), healthz()]);
    while (store.pending === undefined) await new Promise((resolve) => setImmediate(resolve));
    store.hold = false;
    store.pending();
    expect((await answers).map((answer) => answer.status)).to.deep.equal([200, 200, 200]);
    expect(store.pings - before).to.equal(1);
  });
});
