import { expect } from 'chai';
import { loggedUrl } from '../../src/http/errorHandler.js';
import type { Logger } from '../../src/ports/logger.js';
import { startTestService, type TestService } from '../support/testService.js';
import { call, expectError } from './support/api.js';

interface LogLine {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly message: string | undefined;
}

/** A logger that keeps every line, to see what reaches the log. */
function keptLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const keep =
    (level: string) =>
    (first: object | string, message?: string): void => {
      lines.push(
        typeof first === 'string'
          ? { level, fields: {}, message: first }
          : { level, fields: first as Record<string, unknown>, message },
      );
    };
  return { logger: { info: keep('info'), warn: keep('warn'), error: keep('error'), debug: keep('debug') }, lines };
}

describe('paths with malformed percent-encoding', () => {
  const kept = keptLogger();
  let service: TestService;
  before(async () => {
    service = await startTestService({ logger: kept.logger });
  });
  after(() => service.close());

  const paths = [
    '/badges/%ff',
    '/badges/%E0%A4%A',
    '/ob3/credentials/%ff',
    '/ob3/credentials/%ff/jwt',
    '/ob2/assertions/%c0%af',
    '/api/v1/awards/%ff',
    '/api/v1/awards/%ff/revoke',
    '/static/%ff',
    '/no-such-page/%',
  ];
  for (const path of paths) {
    it(`answers ${path} with 400 malformed_url, unauthenticated, with nothing but a one-line warning logged`, async () => {
      kept.lines.length = 0;
      const answer = await call(service, path.endsWith('/revoke') ? 'POST' : 'GET', `${path}?email=ana@example.org`, {
        token: null,
      });

      expectError(answer, 400, 'malformed_url');
      expect(kept.lines.map((line) => line.level)).to.deep.equal(['warn']);
      const fields = kept.lines[0]!.fields;
      expect(fields).to.deep.equal({
        code: 'malformed_url',
        method: answer.status === 400 ? fields['method'] : '',
        url: path,
      });
      expect(JSON.stringify(kept.lines)).not.to.include('ana@example.org').and.not.to.include('stack');
    });
  }

  it('keeps serving well-formed encoded paths', async () => {
    const answer = await call(service, 'GET', '/api/v1/awards/%41bc');

    expectError(answer, 404, 'not_found');
  });

  it('logs the path of a failed request without its query string', () => {
    expect(loggedUrl('/api/v1/awards?recipient=ana@example.org')).to.equal('/api/v1/awards');
    expect(loggedUrl('/badges/x')).to.equal('/badges/x');
  });
});
