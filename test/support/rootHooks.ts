import nock from 'nock';

/**
 * nock intercepts every request of the process as soon as it is imported, and with nock 15.0.0
 * a fetch it lets through to 127.0.0.1 loses its body. So it is switched off before the first
 * test; suites that play other issuers switch it on in their own `before` and off in `after`.
 */
export const mochaHooks = {
  beforeAll(): void {
    nock.cleanAll();
    nock.restore();
  },
};
