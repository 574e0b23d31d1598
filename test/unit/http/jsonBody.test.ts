import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { createErrorHandler } from '../../../src/http/errorHandler.js';
import { jsonBody } from '../../../src/http/jsonBody.js';
import type { Logger } from '../../../src/ports/logger.js';

const silent = { error() {}, warn() {}, info() {}, debug() {} } as unknown as Logger;
const LIMIT = 64;

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** Posts `bytes` with `contentType` and the usual Content-Length; the raw answer. */
function post(server: Server, bytes: Buffer, contentType: string): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const sent = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/p', headers: { 'content-type': contentType } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    sent.on('error', reject);
    sent.end(bytes);
  });
}

describe('jsonBody', () => {
  let server: Server;
  let parsedBy: string[] = [];

  before(async () => {
    const app = express();
    app.post('/p', jsonBody(LIMIT), (req, res) => {
      parsedBy.push(req.get('content-type') ?? '');
      res.json({ body: req.body ?? null });
    });
    app.use(createErrorHandler(silent));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    parsedBy = [];
  });

  // The same bytes as plain `application/json` (read without body-parser) and as
  // `application/ld+json` (through body-parser): the same answer, status and body alike.
  const cases: Record<string, Buffer> = {
    'an object': Buffer.from('{"a":1,"b":["x"]}'),
    'an array after white space': Buffer.from(' \n\t[1, 2]'),
    'an object after a byte order mark': Buffer.from('\ufeff{"a":"é"}'),
    'a bare string (not strict JSON)': Buffer.from('"text"'),
    'a bare number': Buffer.from('42'),
    'white space alone': Buffer.from('   '),
    'broken JSON': Buffer.from('{"a": 1,'),
    'invalid UTF-8 in a string': Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
    'more than the limit': Buffer.from(`{"a":"${'x'.repeat(LIMIT)}"}`),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    it(`answers ${name} as body-parser does`, async () => {
      const plain = await post(server, bytes, 'application/json');
      const parsed = await post(server, bytes, 'application/ld+json');
      expect(plain).to.deep.equal(parsed);
    });
  }

  it('answers broken JSON with 400 malformed_json and a bare string too (strict)', async () => {
    for (const text of ['{"a": 1,', '"text"']) {
      const answer = await post(server, Buffer.from(text), 'application/json');
      expect(answer.status).to.equal(400);
      expect(JSON.parse(answer.body).error.code).to.equal('malformed_json');
    }
  });

  it('reads UTF-8 JSON said with its charset, whatever the case', async () => {
    const answer = await post(server, Buffer.from('{"name":"Zoë"}'), 'Application/JSON; charset=UTF-8');
    expect(answer).to.deep.equal({ status: 200, body: '{"body":{"name":"Zoë"}}' });
  });

  it('refuses another charset as body-parser does, with 415 unsupported_media_type', async () => {
    const answer = await post(server, Buffer.from('{"a":1}'), 'application/json; charset=latin1');
    expect(answer.status).to.equal(415);
    expect(JSON.parse(answer.body).error.code).to.equal('unsupported_media_type');
    expect(parsedBy).to.deep.equal([]);
  });
});
