import { expect } from 'chai';
import { AccoladeError, type ErrorCode } from '../../../src/errors.js';

/** The AccoladeError an action rejects (or throws) with; fails the test when it resolves. */
export async function rejectionOf(action: () => Promise<unknown>): Promise<AccoladeError> {
  try {
    await action();
  } catch (error) {
    expect(error).to.be.instanceOf(AccoladeError);
    return error as AccoladeError;
  }
  expect.fail('expected the call to reject');
}

export async function expectCode(action: () => Promise<unknown>, code: ErrorCode): Promise<AccoladeError> {
  const error = await rejectionOf(action);
  expect(error.code).to.equal(code);
  return error;
}
