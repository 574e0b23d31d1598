import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Router } from 'express';
import { createApp } from '../../../src/http/createApp.js';
import type { Logger } from '../../../src/ports/logger.js';

const silent = { error() {}, warn() {}, info() {}, debug() {} } as unknown as Logger;

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** An app with one direct route (counting its calls) and one ordinary router, at `publicUrl`'s path. */
async function start(publicUrl: string) {
  const calls = { direct: 0, routed: 0 };
  const routed = Router();
  routed.get('/ping', (_req, res) => {
    calls.routed += 1;
    res.json({ pong: true });
  });
  const app = createApp(
    {
      json: [routed],
      direct: [
        {
          path: '/healthz',
          handler: async (_req, res) => {
            calls.direct += 1;
            res.writeHead(200, { 'Content-Type': 'application/json' });
            res.end('{"status":"ok"}');
          },
        },
      ],
    },
    { publicUrl, bodyLimitBytes: 1000, trustProxy: false, logger: silent },
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { calls, base, close: () => new Promise((resolve) => server.close(resolve)) };
}

function securityHeadersOf(response: Response): Record<string, string | null> {
  return Object.fromEntries(Object.keys(SECURITY_HEADERS).map((name) => [name, response.headers.get(name)]));
}

describe('createApp', () => {
  it('answers a direct route with the security headers every answer carries, however it is spelled', async () => {
    const app = await start('http://127.0.0.1');
    try {
      for (const path of ['/healthz', '/healthz?probe=1', '/healthz/', '/HEALTHZ']) {
        const response = await fetch(`${app.base}${path}`);
        expect(response.status, path).to.equal(200);
        expect(await response.json(), path).to.deep.equal({ status: 'ok' });
        expect(securityHeadersOf(response), path).to.deep.equal(SECURITY_HEADERS);
      }
      const head = await fetch(`${app.base}/healthz`, { method: 'HEAD' });
      expect(head.status).to.equal(200);
      expect(app.calls.direct).to.equal(5);
      const routed = await fetch(`${app.base}/ping`);
      expect(await routed.json()).to.deep.equal({ pong: true });
      expect(securityHeadersOf(routed)).to.deep.equal(SECURITY_HEADERS);
    } finally {
      await app.close();
    }
  });

  it('answers a direct route only for GET and HEAD, and only under the mount path', async () => {
    const app = await start('http://127.0.0.1/badges');
    try {
      const post = await fetch(`${app.base}/badges/healthz`, { method: 'POST' });
      expect(post.status).to.equal(404);
      expect(securityHeadersOf(post)).to.deep.equal(SECURITY_HEADERS);
      expect((await fetch(`${app.base}/healthz`)).status).to.equal(404);
      expect(app.calls.direct).to.equal(0);
      const mounted = await fetch(`${app.base}/badges/healthz`);
      expect(await mounted.json()).to.deep.equal({ status: 'ok' });
      expect(app.calls.direct).to.equal(1);
    } finally {
      await app.close();
    }
  });
});
