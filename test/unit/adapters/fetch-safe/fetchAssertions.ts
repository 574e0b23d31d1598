import { expect } from 'chai';
import type { FetchErrorReason } from '../../../../src/adapters/fetch-safe/index.js';
import { AccoladeError, type ErrorCode } from '../../../../src/errors.js';

/** Awaits a fetch that must fail, and checks the error code and reason (never the message). */
export async function expectFetchError(
  pending: Promise<unknown>,
  code: ErrorCode,
  reason: FetchErrorReason,
): Promise<AccoladeError> {
  try {
    await pending;
  } catch (error) {
    expect(error).to.be.instanceOf(AccoladeError);
    const accolade = error as AccoladeError;
    expect({ code: accolade.code, reason: accolade.details?.['reason'] }).to.deep.equal({ code, reason });
    expect(accolade.details?.['url']).to.be.a('string');
    return accolade;
  }
  expect.fail(`expected ${code} (${reason}), but the fetch succeeded`);
}
