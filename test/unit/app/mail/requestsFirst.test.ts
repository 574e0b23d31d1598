import { expect } from 'chai';
import { requestsFirst } from '../../../../src/app/mail/requestsFirst.js';

/**
 * A clock and a request counter moved by hand; each sleep advances the clock by its length and
 * lets `requestsPerSleep` requests arrive meanwhile.
 */
function world(requestsPerSleep: (sleepIndex: number) => number) {
  const state = { now: 0, seen: 0, sleeps: 0 };
  const pace = requestsFirst({
    requestsSeen: () => state.seen,
    now: () => state.now,
    sleep: async (ms) => {
      state.seen += requestsPerSleep(state.sleeps);
      state.sleeps += 1;
      state.now += ms;
    },
    batch: 3,
    busyPerSecond: 100,
    checkMs: 50,
    longestWaitMs: 200,
  });
  return { state, pace };
}

describe('requestsFirst (the mail queue gives way to requests)', () => {
  it('never waits when no requests come', async () => {
    const { state, pace } = world(() => 0);
    for (let i = 0; i < 30; i++) {
      await pace();
      state.now += 10;
    }
    expect(state.sleeps).to.equal(0);
  });

  it('lets a batch go at once, then waits while requests come fast and goes on once they slow', async () => {
    // 10 requests per 50 ms sleep is 200/s (busy) for two sleeps, then none.
    const { state, pace } = world((index) => (index < 2 ? 10 : 0));
    for (let i = 0; i < 3; i++) await pace();
    expect(state.sleeps).to.equal(0);
    // The first batch took 10 ms while 5 requests arrived: 500/s.
    state.now += 10;
    state.seen += 5;
    await pace();
    // Busy at the look after the batch and after each of the two busy sleeps; quiet after the third.
    expect(state.sleeps).to.equal(3);
  });

  it('under endless load, lets a batch go after longestWaitMs, and its senders share one wait', async () => {
    const { state, pace } = world(() => 1000);
    for (let i = 0; i < 3; i++) await pace();
    state.now += 10;
    state.seen += 100;
    await Promise.all([pace(), pace()]);
    expect(state.sleeps).to.equal(4);
    expect(state.now).to.equal(210);
  });
});
