import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express, { type RequestHandler, Router } from 'express';
import { AccoladeError } from '../../../src/errors.js';
import { createApp } from '../../../src/http/createApp.js';
import type { Logger } from '../../../src/ports/logger.js';

const silent = { error() {}, warn() {}, info() {}, debug() {} } as unknown as Logger;

type ErrorJson = { error: { code: string } };

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/**
 * An app at `publicUrl`'s path with two direct routes, also in a router as they must be: `GET
 * /healthz`, and `POST /things` behind a middleware that refuses without `x-key` (counting the
 * calls of each handler); and one ordinary route.
 */
async function start(publicUrl: string) {
  const calls = { health: 0, guard: 0, things: 0, routed: 0, counted: 0 };
  const health: RequestHandler = async (_req, res) => {
    calls.health += 1;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"status":"ok"}');
  };
  const guard: RequestHandler = async (req, _res, next) => {
    calls.guard += 1;
    if (req.get('x-key') !== 'yes') throw new AccoladeError('unauthorized', 'No key');
    next();
  };
  const things: RequestHandler[] = [
    guard,
    express.json(),
    async (req, res) => {
      calls.things += 1;
      if (req.body.fail === true) throw new AccoladeError('validation_failed', 'Failed as asked');
      res.status(201).json({ got: req.body });
    },
  ];
  const routed = Router();
  routed.get('/ping', (_req, res) => {
    calls.routed += 1;
    res.json({ pong: true });
  });
  routed.get('/healthz', health);
  routed.post('/things', ...things);
  const app = createApp(
    {
      json: [routed],
      direct: [
        { method: 'GET', path: '/healthz', handlers: [health] },
        { method: 'POST', path: '/things', handlers: things },
      ],
    },
    {
      publicUrl,
      bodyLimitBytes: 1000,
      trustProxy: false,
      logger: silent,
      countRequest: () => {
        calls.counted += 1;
      },
    },
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
      expect(app.calls.health).to.equal(5);
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
      expect(app.calls.health).to.equal(0);
      const mounted = await fetch(`${app.base}/badges/healthz`);
      expect(await mounted.json()).to.deep.equal({ status: 'ok' });
      expect(app.calls.health).to.equal(1);
    } finally {
      await app.close();
    }
  });

  it("runs a direct route's handlers in order, and sends what they throw to the error handler", async () => {
    const app = await start('http://127.0.0.1');
    try {
      const post = (path: string, body: unknown, key = 'yes') =>
        fetch(`${app.base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-key': key },
          body: JSON.stringify(body),
        });
      const created = await post('/things?x=1', { a: 1 });
      expect(created.status).to.equal(201);
      expect(await created.json()).to.deep.equal({ got: { a: 1 } });
      expect(securityHeadersOf(created)).to.deep.equal(SECURITY_HEADERS);
      const refused = await post('/things', { a: 1 }, 'no');
      expect(refused.status).to.equal(401);
      expect(((await refused.json()) as ErrorJson).error.code).to.equal('unauthorized');
      expect(refused.headers.get('www-authenticate')).to.equal('Bearer realm="accolade"');
      const failed = await post('/things', { fail: true });
      expect(failed.status).to.equal(400);
      expect(((await failed.json()) as ErrorJson).error.code).to.equal('validation_failed');
      const malformed = await fetch(`${app.base}/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-key': 'yes' },
        body: '{"a":',
      });
      expect(((await malformed.json()) as ErrorJson).error.code).to.equal('malformed_json');
      // Another spelling goes through the router to the same handlers.
      expect((await post('/things/', { b: 2 })).status).to.equal(201);
      expect(app.calls).to.include({ guard: 5, things: 3 });
      // Every request told once as it arrived, whichever way it was answered.
      expect(app.calls.counted).to.equal(5);
    } finally {
      await app.close();
    }
  });

  it('answers a plain route before Express, with the security headers, and falls back to the router if it fails', async () => {
    let plainCalls = 0;
    let fail = false;
    const plain = async (_req: IncomingMessage, res: ServerResponse) => {
      plainCalls += 1;
      if (fail) throw new Error('failed before answering');
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('plain');
    };
    const routed = Router();
    routed.get('/plain', (_req, res) => {
      res.type('text').send('routed');
    });
    const app = createApp(
      { json: [routed], plain: [{ path: '/plain', handler: plain }] },
      { publicUrl: 'http://127.0.0.1/m', bodyLimitBytes: 1000, trustProxy: false, logger: silent },
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ['/m/plain', '/m/plain?x=1']) {
        const response = await fetch(`${base}${path}`);
        expect(await response.text(), path).to.equal('plain');
        expect(securityHeadersOf(response), path).to.deep.equal(SECURITY_HEADERS);
      }
      expect((await fetch(`${base}/m/plain`, { method: 'HEAD' })).status).to.equal(200);
      expect(plainCalls).to.equal(3);
      const other = await fetch(`${base}/m/plain/`);
      expect(await other.text()).to.equal('routed');
      expect(securityHeadersOf(other)).to.deep.equal(SECURITY_HEADERS);
      expect((await fetch(`${base}/m/plain`, { method: 'POST' })).status).to.equal(404);
      expect((await fetch(`${base}/plain`)).status).to.equal(404);
      expect(plainCalls).to.equal(3);
      fail = true;
      expect(await (await fetch(`${base}/m/plain`)).text()).to.equal('routed');
      expect(plainCalls).to.equal(4);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
