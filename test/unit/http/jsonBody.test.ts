import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { expect } from 'chai';
import express, { type ErrorRequestHandler } from 'express';
import { createErrorHandler } from '../../../src/http/errorHandler.js';
import { jsonBody } from '../../../src/http/jsonBody.js';
import type { Logger } from '../../../src/ports/logger.js';

const LIMIT = 64;

interface Answer {
  readonly status: number;
  readonly body: string;
}

describe('jsonBody', () => {
  let server: Server;
  /** Bodies the plain reader read (rather than body-parser). */
  let plainReads = 0;
  /** The `type` (or else the message) of each failure the route passed on, in order. */
  let failures: string[] = [];
  let errorLogs = 0;
  let onFailure: (() => void) | undefined;

  const logger = {
    error() {
      errorLogs += 1;
    },
    warn() {},
    info() {},
    debug() {},
  } as unknown as Logger;

  before(async () => {
    const app = express();
    app.post(
      '/p',
      jsonBody(LIMIT, () => {
        plainReads += 1;
      }),
      (req, res) => {
        res.json({ body: req.body ?? null });
      },
    );
    const record: ErrorRequestHandler = (error, _req, _res, next) => {
      failures.push(String((error as { type?: unknown }).type ?? (error as Error).message));
      onFailure?.();
      next(error);
    };
    app.use(record);
    app.use(createErrorHandler(logger));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    plainReads = 0;
    failures = [];
    errorLogs = 0;
  });

  /** Posts `bytes` with `contentType` and the usual Content-Length; the raw answer. */
  function post(bytes: Buffer, contentType: string): Promise<Answer> {
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

  /**
   * Sends a request announcing 50 bytes of body, gives 6, then leaves: `end` half-closes the
   * connection, `destroy` drops it. Resolves once the service is done with the request.
   */
  async function leaveMidBody(contentType: string, leave: 'end' | 'destroy'): Promise<void> {
    const { port } = server.address() as AddressInfo;
    const seen = new Promise<void>((resolve) => {
      onFailure = resolve;
    });
    const arrived = once(server, 'request');
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.on('error', () => {});
    socket.write(
      `POST /p HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: 50\r\n\r\n{"a":1`,
    );
    // Leave only once the route is reading the body (a few turns after the request arrived).
    await arrived;
    for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    if (leave === 'end') socket.end();
    else socket.destroy();
    await seen;
  }

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
  };
  for (const [name, bytes] of Object.entries(cases)) {
    it(`answers ${name} as body-parser does`, async () => {
      const plain = await post(bytes, 'application/json');
      expect(plainReads, 'read by the plain reader').to.equal(1);
      const parsed = await post(bytes, 'application/ld+json');
      expect(plainReads, 'then by body-parser').to.equal(1);
      expect(plain).to.deep.equal(parsed);
    });
  }

  it('leaves a body over the limit to body-parser: 413 payload_too_large', async () => {
    const answer = await post(Buffer.from(`{"a":"${'x'.repeat(LIMIT)}"}`), 'application/json');
    expect(plainReads).to.equal(0);
    expect(answer.status).to.equal(413);
    expect(JSON.parse(answer.body).error.code).to.equal('payload_too_large');
  });

  it('answers broken JSON with 400 malformed_json and a bare string too (strict)', async () => {
    for (const text of ['{"a": 1,', '"text"']) {
      const answer = await post(Buffer.from(text), 'application/json');
      expect(answer.status).to.equal(400);
      expect(JSON.parse(answer.body).error.code).to.equal('malformed_json');
    }
    expect(plainReads).to.equal(2);
  });

  it('reads UTF-8 JSON said with its charset, whatever the case', async () => {
    const answer = await post(Buffer.from('{"name":"Zoë"}'), 'Application/JSON; charset=UTF-8');
    expect(answer).to.deep.equal({ status: 200, body: '{"body":{"name":"Zoë"}}' });
    expect(plainReads).to.equal(1);
  });

  it('refuses another charset as body-parser does, with 415 unsupported_media_type', async () => {
    const answer = await post(Buffer.from('{"a":1}'), 'application/json; charset=latin1');
    expect(answer.status).to.equal(415);
    expect(JSON.parse(answer.body).error.code).to.equal('unsupported_media_type');
    expect(plainReads).to.equal(0);
  });

  for (const leave of ['end', 'destroy'] as const) {
    it(`takes a client leaving mid-body (${leave}) as body-parser does: request.aborted, nothing logged`, async () => {
      await leaveMidBody('application/json', leave);
      expect(plainReads).to.equal(1);
      await leaveMidBody('application/ld+json', leave);
      expect(plainReads).to.equal(1);
      expect(failures).to.deep.equal(['request.aborted', 'request.aborted']);
      expect(errorLogs).to.equal(0);
    });
  }
});
