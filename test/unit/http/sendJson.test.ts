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

  for (const method of ['POST', 'GET']) {
    for (const name of Object.keys(bodies)) {
      it(`answers a ${method} with a ${name} body as res.status().json() does`, async () => {
        const answers = await Promise.all(
          ['express', 'send'].map(async (route) => {
            const response = await fetch(`${base}/${route}/${encodeURIComponent(name)}`, { method });
            return {
              status: response.status,
              type: response.headers.get('content-type'),
              length: response.headers.get('content-length'),
              etag: response.headers.get('etag'),
              text: await response.text(),
            };
          }),
        );
        expect(answers[1]).to.deep.equal(answers[0]);
        expect(answers[1]!.etag).to.match(/^"[0-9a-f]+-/);
        expect(JSON.parse(answers[1]!.text)).to.deep.equal(bodies[name]);
      });
    }
  }
});
