import { expect } from 'chai';
import { fixedClock } from '../../src/ports/clock.js';
import { startTestService, type TestService } from '../support/testService.js';
import { type Answer, call, expectError, listAll, postAward, problemPaths } from './support/api.js';
import { type AwardRequestBody, azureFundamentalsPass } from './support/awardRequests.js';

const BODY_LIMIT_BYTES = 2048;

/** A body of the wrong shape, sent as JSON as it is. */
function malformedRequest(change: (body: Record<string, unknown>) => void): AwardRequestBody {
  const body = structuredClone(azureFundamentalsPass()) as unknown as Record<string, unknown>;
  change(body);
  return body as unknown as AwardRequestBody;
}

describe('bad input to POST /api/v1/awards', () => {
  let service: TestService;
  const answers: Answer<unknown>[] = [];
  const remember = <T>(answer: Answer<T>): Answer<T> => {
    answers.push(answer);
    return answer;
  };

  before(async () => {
    service = await startTestService({
      clock: fixedClock('2024-06-01T12:00:00Z'),
      env: { BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES) },
    });
  });
  after(() => service.close());

  for (const email of [
    'not-an-email',
    'ana@',
    '@example.org',
    'ana@example',
    'ana lopez@example.org',
    'ana@@example.org',
  ]) {
    it(`refuses the email "${email}" with 400 invalid_email`, async () => {
      const request = azureFundamentalsPass('2024-05-15', { email });

      expectError(remember(await postAward(service, request)), 400, 'invalid_email');
    });
  }

  for (const earnedOn of [
    '2024-13-01',
    '2024-02-30',
    '01/03/2024',
    '2024-03-01T10:00:00',
    '2024-03-01 10:00:00Z',
    'yesterday',
  ]) {
    it(`refuses the date "${earnedOn}" with 400 invalid_date`, async () => {
      expectError(remember(await postAward(service, azureFundamentalsPass(earnedOn))), 400, 'invalid_date');
    });
  }

  it('refuses an unknown field with 400 validation_failed and its path', async () => {
    const answer = await postAward(
      service,
      malformedRequest((body) => {
        body['colour'] = 'blue';
      }),
    );

    expect(problemPaths(remember(answer))).to.deep.equal(['/colour']);
  });

  it('refuses an unknown field inside the recipient with its nested path', async () => {
    const answer = await postAward(
      service,
      malformedRequest((body) => {
        (body['recipient'] as Record<string, unknown>)['phone'] = '+33 1 23 45 67 89';
      }),
    );

    expect(problemPaths(remember(answer))).to.deep.equal(['/recipient/phone']);
  });

  it('refuses a field of the wrong type with 400 validation_failed and its path', async () => {
    const answer = await postAward(
      service,
      malformedRequest((body) => {
        body['earnedOn'] = 20240301;
      }),
    );

    expect(problemPaths(remember(answer))).to.deep.equal(['/earnedOn']);
  });

  it('refuses a recipient name of blanks with 400 validation_failed at its path', async () => {
    const answer = await postAward(service, azureFundamentalsPass('2024-05-15', { name: ' \t ' }));

    expect(problemPaths(remember(answer))).to.deep.equal(['/recipient/name']);
  });

  it('names every missing field', async () => {
    const answer = await call(service, 'POST', '/api/v1/awards', { body: { recipient: { name: 'Ana' } } });

    expect(problemPaths(remember(answer))).to.have.members(['/recipient/email', '/achievement', '/earnedOn']);
  });

  it('refuses a body that is not an object with 400 validation_failed', async () => {
    expectError(
      remember(await call(service, 'POST', '/api/v1/awards', { body: ['AZ-900'] })),
      400,
      'validation_failed',
    );
  });

  it('refuses malformed JSON with 400 malformed_json', async () => {
    const answer = await call(service, 'POST', '/api/v1/awards', {
      rawBody: '{"recipient": {"email": "ana@example.org",',
      headers: { 'content-type': 'application/json' },
    });

    expectError(remember(answer), 400, 'malformed_json');
  });

  it('refuses a body larger than BODY_LIMIT_BYTES with 413 payload_too_large', async () => {
    const request = { ...azureFundamentalsPass(), padding: 'x'.repeat(BODY_LIMIT_BYTES) };

    expectError(remember(await call(service, 'POST', '/api/v1/awards', { body: request })), 413, 'payload_too_large');
  });

  it('answers every refusal with { error: { code, message, details? } } and no stack trace', () => {
    expect(answers.length).to.be.greaterThan(15);
    for (const answer of answers) {
      expect(answer.headers.get('content-type')).to.match(/^application\/json/);
      expect(Object.keys(answer.body as object)).to.deep.equal(['error']);
      const { error } = answer.body as { error: Record<string, unknown> };
      expect(Object.keys(error)).to.satisfy((keys: string[]) =>
        keys.every((key) => ['code', 'message', 'details'].includes(key)),
      );
      expect(error['message']).to.be.a('string').and.not.equal('');
      expect(answer.text).not.to.match(/\bat .+:\d+:\d+|node_modules|\.ts:\d+|stack/i);
    }
  });

  it('stores nothing for a refused request', async () => {
    expect(await listAll(service)).to.deep.equal([]);
  });
});
