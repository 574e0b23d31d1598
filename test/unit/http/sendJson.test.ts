import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { createHttpServer } from '../../../src/http/createApp.js';
import { strongEtag } from '../../../src/http/etag.js';
import { sendJson } from '../../../src/http/sendJson.js';

const bodies: Record<string, unknown> = {
  small: { id: 'a', n: 1 },
  'large (over 1,000 characters)': { items: Array.from({ length: 80 }, (_, i) => ({ i, text: 'Zoë — ✓' })) },
  'non-ASCII': { name: 'Zoë Ünal 漢字 🎓' },
};

describe('sendJson', () => {
  const app = express();
  app.set('etag', strongEtag);
  app.all('/express/:name', (req, res) => {
    res.status(201).json(bodies[req.params.name!]);
  });
  app.all('/send/:name', (req, res) => {
    sendJson(res, 201, bodies[req.params.name!]);
  });
  const server = createHttpServer(app);
  let base = '';

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** The answers of res.json and of sendJson to the same request. */
  async function both(name: string, init: RequestInit) {
    return Promise.all(
      ['express', 'send'].map(async (route) => {
        const response = await fetch(`${base}/${route}/${encodeURIComponent(name)}`, init);
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          length: response.headers.get('content-length'),
          etag: response.headers.get('etag'),
          text: await response.text(),
        };
      }),
    );
  }

  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    for (const name of Object.keys(bodies)) {
      it(`answers a ${method} with a ${name} body as res.status().json() does`, async () => {
        const [express, send] = await both(name, { method });
        expect(send).to.deep.equal(express);
        expect(send!.status).to.equal(201);
        expect(send!.etag).to.match(/^"[0-9a-f]+-/);
        expect(JSON.parse(send!.text)).to.deep.equal(bodies[name]);
      });
    }
  }

  /** A conditional request made with node:http (fetch adds `Cache-Control: no-cache` to one). */
  function conditional(route: string, method: string, etag: string): Promise<{ status: number; etag: unknown }> {
    return new Promise((resolve, reject) => {
      const sent = request(`${base}/${route}/small`, { method, headers: { 'if-none-match': etag } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag }));
      });
      sent.on('error', reject);
      sent.end();
    });
  }

  // A GET or HEAD goes to Express, which answers a matching If-None-Match with 304: an answer
  // made without Express would be a 201.
  for (const method of ['GET', 'HEAD']) {
    it(`leaves a ${method} to Express: a matching If-None-Match is answered 304, as res.json answers it`, async () => {
      const [first] = await both('small', { method });
      const express = await conditional('express', method, first!.etag!);
      const send = await conditional('send', method, first!.etag!);
      expect(send.status).to.equal(304);
      expect(send).to.deep.equal(express);
    });
  }
});
