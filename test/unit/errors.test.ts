import { expect } from 'chai';
import { AccoladeError, isAccoladeError } from '../../src/errors.js';

describe('AccoladeError', () => {
  it('carries a stable code and optional details', () => {
    const error = new AccoladeError('not_found', 'no such award', { id: 'x' });
    expect(isAccoladeError(error)).to.equal(true);
    expect(error.code).to.equal('not_found');
    expect(error.details).to.deep.equal({ id: 'x' });
  });
});
