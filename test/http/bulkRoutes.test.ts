import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { API_KEYS_COLLECTION, type ApiKeyRecord, createApiKeyService } from '../../src/app/apiKeys/apiKeys.js';
import type { BulkJobService } from '../../src/app/bulk/bulkJobService.js';
import { createErrorHandler } from '../../src/http/errorHandler.js';
import { bulkRoutes } from '../../src/http/routes/bulkRoutes.js';
import { silentLogger } from '../../src/ports/logger.js';
import { type BulkWorld, bulkWorld, csvOf, fundamentalsRows, passRow } from '../unit/app/bulk/bulkFixtures.js';

const BODY_LIMIT = 64 * 1024;

interface Answer {
  readonly status: number;
  readonly location: string | null;
  readonly body: { error?: { code: string; details?: Record<string, unknown> } } & Record<string, unknown>;
}

describe('bulk job routes', () => {
  let world: BulkWorld;
  let bulk: BulkJobService;
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let base: string;
  const keys = { issue: '', read: '' };

  before(async () => {
    world = await bulkWorld();
    bulk = await world.service({ maxRows: 50 });
    const apiKeys = createApiKeyService({
      collection: await world.database.collection<ApiKeyRecord>(API_KEYS_COLLECTION),
      clock: world.clock,
    });
    keys.issue = (await apiKeys.create('importer', ['issue', 'read'])).key;
    keys.read = (await apiKeys.create('viewer', ['read'])).key;
    const app = express();
    // Before the application-wide JSON parser, as the integration mounts it.
    app.use(bulkRoutes({ apiKeys, bulk, bodyLimitBytes: BODY_LIMIT }));
    app.use(express.json());
    app.use(createErrorHandler(silentLogger));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await world.dispose();
  });

  async function call(
    method: 'GET' | 'POST',
    path: string,
    options: { key?: string | null; type?: string; body?: string } = {},
  ): Promise<Answer> {
    const key = options.key === undefined ? keys.issue : options.key;
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(options.type === undefined ? {} : { 'content-type': options.type }),
      },
      ...(options.body === undefined ? {} : { body: options.body }),
    });
    const body = (await response.json()) as Answer['body'];
    return { status: response.status, location: response.headers.get('location'), body };
  }

  async function finished(location: string, query = ''): Promise<Answer> {
    await bulk.waitForIdle();
    return call('GET', `${location}${query}`, { key: keys.read });
  }

  it('accepts a CSV job with 202 and a Location, then shows its per-row results', async () => {
    const text = csvOf([
      'email,name,achievement,earnedOn,externalId',
      'http.ana@contoso.com,Ana,AZ-900,2024-05-01,http-csv-1',
      'http.bo@contoso.com,Bo,AZ-900,2024-13-01,http-csv-2',
      'http.cy@contoso.com,Cy,AZ-104,2021-01-10,http-csv-3',
    ]);
    const accepted = await call('POST', '/api/v1/bulk-jobs', { type: 'text/csv; charset=utf-8', body: text });
    expect(accepted.status).to.equal(202);
    expect(accepted.body).to.include({ status: 'queued', source: 'csv' });
    expect(accepted.location).to.equal(`/api/v1/bulk-jobs/${accepted.body['id']}`);

    const job = await finished(accepted.location!);
    expect(job.status).to.equal(200);
    expect(job.body['status']).to.equal('completed');
    const items = (
      job.body['rows'] as {
        items: { status: string; awardId?: string; error?: { code: string }; warnings?: string[] }[];
      }
    ).items;
    expect(items[0]?.status).to.equal('created');
    expect(items[0]?.awardId).to.be.a('string');
    expect(items[0]).not.to.have.property('warnings');
    expect(items[1]?.error?.code).to.equal('invalid_date');
    // A 2021 pass earns a certification valid twelve months: expired when issued in 2025, and said so.
    expect([items[2]?.status, items[2]?.warnings]).to.deep.equal(['created', ['expired_on_issue']]);
  });

  it('accepts a JSON array and pages its rows with offset and limit', async () => {
    const rows = fundamentalsRows(5, { prefix: 'http-json' });
    const accepted = await call('POST', '/api/v1/bulk-jobs', { type: 'application/json', body: JSON.stringify(rows) });
    expect(accepted.status).to.equal(202);
    const page = await finished(accepted.location!, '?offset=3&limit=2');
    const items = (page.body['rows'] as { items: { index: number }[] }).items;
    expect(items.map((row) => row.index)).to.deep.equal([3, 4]);
    expect(page.body['counts']).to.include({ total: 5, succeeded: 5 });
  });

  const refusals: readonly { what: string; type: string; body: () => string; status: number; code: string }[] = [
    {
      what: 'a body over the bulk limit',
      type: 'application/json',
      body: () =>
        JSON.stringify([passRow('big@contoso.com', 'AZ-900', '2024-05-01', { name: 'x'.repeat(BODY_LIMIT) })]),
      status: 413,
      code: 'payload_too_large',
    },
    {
      what: 'more rows than allowed',
      type: 'application/json',
      body: () => JSON.stringify(fundamentalsRows(51, { prefix: 'http-big' })),
      status: 413,
      code: 'bulk_too_large',
    },
    {
      what: 'a CSV header with an unknown column',
      type: 'text/csv',
      body: () => csvOf(['email,name,achievement,earnedOn,score', 'ana@contoso.com,Ana,AZ-900,2024-05-01,9']),
      status: 400,
      code: 'invalid_csv',
    },
    {
      what: 'a JSON object instead of an array',
      type: 'application/json',
      body: () => '{"rows":[]}',
      status: 400,
      code: 'validation_failed',
    },
    {
      what: 'malformed JSON',
      type: 'application/json',
      body: () => '[{"recipient":',
      status: 400,
      code: 'malformed_json',
    },
    {
      what: 'another media type',
      type: 'application/xml',
      body: () => '<rows/>',
      status: 415,
      code: 'unsupported_media_type',
    },
    { what: 'an empty body', type: 'text/csv', body: () => '', status: 400, code: 'validation_failed' },
  ];

  for (const refusal of refusals) {
    it(`answers ${refusal.what} with ${refusal.status} ${refusal.code}, and stores nothing`, async () => {
      const before = await world.bulkDocuments();
      const answer = await call('POST', '/api/v1/bulk-jobs', { type: refusal.type, body: refusal.body() });
      expect(answer.status).to.equal(refusal.status);
      expect(answer.body.error?.code).to.equal(refusal.code);
      expect(await world.bulkDocuments()).to.equal(before);
    });
  }

  /**
   * Posts `header`, then rows, and never ends the body: the answer can only come from a service
   * that counted the rows as they arrived. Returns it with the rows written when it came.
   */
  async function endlessPost(type: string, header: string, row: (n: number) => string) {
    const request = httpRequest(`${base}/api/v1/bulk-jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.issue}`, 'content-type': type },
    });
    let written = 0;
    let answered = false;
    const answer = new Promise<{ status: number; body: Answer['body']; connection: string | undefined }>(
      (resolve, reject) => {
        request.on('response', (response) => {
          answered = true;
          const parts: Buffer[] = [];
          response.on('data', (part: Buffer) => parts.push(part));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(parts).toString('utf8')) as Answer['body'],
              connection: response.headers.connection,
            }),
          );
        });
        request.on('error', (error) => (answered ? undefined : reject(error)));
      },
    );
    request.write(header);
    // Rows go out as the socket takes them, never more than 5,000 (the limit is 50).
    const pump = async () => {
      while (!answered && written < 5000) {
        const more = request.write(row(written));
        written += 1;
        if (!more) await new Promise((resolve) => request.once('drain', resolve));
        else if (written % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    };
    void pump();
    const result = await answer;
    request.destroy();
    return { ...result, written };
  }

  it('answers row 51 of a JSON body with 413 bulk_too_large before the body has ended', async () => {
    const before = await world.bulkDocuments();
    const row = JSON.stringify(fundamentalsRows(1, { prefix: 'endless-json' })[0]);
    const answer = await endlessPost('application/json', '[', (n) => `${n === 0 ? '' : ','}${row}`);
    expect([answer.status, answer.body.error?.code]).to.deep.equal([413, 'bulk_too_large']);
    expect(answer.connection).to.equal('close');
    expect(answer.written).to.be.below(5000);
    expect(await world.bulkDocuments()).to.equal(before);
  });

  it('answers row 51 of a CSV body with 413 bulk_too_large before the body has ended', async () => {
    const before = await world.bulkDocuments();
    const answer = await endlessPost(
      'text/csv',
      'email,name,achievement,earnedOn\r\n',
      (n) => `endless${n}@contoso.com,Ana,AZ-900,2024-05-01\r\n`,
    );
    expect([answer.status, answer.body.error?.code]).to.deep.equal([413, 'bulk_too_large']);
    expect(answer.written).to.be.below(5000);
    expect(await world.bulkDocuments()).to.equal(before);
  });

  it('answers a submission without an API key with 401 and with a read-only key with 403', async () => {
    const body = JSON.stringify(fundamentalsRows(1));
    expect((await call('POST', '/api/v1/bulk-jobs', { key: null, type: 'application/json', body })).status).to.equal(
      401,
    );
    const forbidden = await call('POST', '/api/v1/bulk-jobs', { key: keys.read, type: 'application/json', body });
    expect(forbidden.status).to.equal(403);
    expect(forbidden.body.error?.code).to.equal('forbidden');
  });

  it('answers an unknown job with 404 not_found', async () => {
    const answer = await call('GET', '/api/v1/bulk-jobs/01900000-0000-7000-8000-000000000000', { key: keys.read });
    expect(answer.status).to.equal(404);
    expect(answer.body.error?.code).to.equal('not_found');
  });

  it('answers a limit over 1000 or a non-numeric offset with 400 validation_failed', async () => {
    const accepted = await call('POST', '/api/v1/bulk-jobs', {
      type: 'application/json',
      body: JSON.stringify(fundamentalsRows(1, { prefix: 'http-page' })),
    });
    for (const query of ['?limit=1001', '?offset=first']) {
      const answer = await finished(accepted.location!, query);
      expect(answer.status).to.equal(400);
      expect(answer.body.error?.code).to.equal('validation_failed');
    }
  });
});
