import { expect } from 'chai';
import { toNedbQuery } from '../../../../src/adapters/store-embedded/toNedbQuery.js';

describe('translating a port filter to an nedb query', () => {
  it('keeps equalities, $in and ranges as top-level fields so nedb can use its indexes', () => {
    expect(toNedbQuery({ email: 'a@b.c', age: { $gte: 18, $lt: 65 }, city: { $in: ['Paris', 'Lyon'] } })).to.deep.equal(
      {
        email: 'a@b.c',
        age: { $gte: 18, $lt: 65 },
        city: { $in: ['Paris', 'Lyon'] },
      },
    );
  });

  it('turns a lone $eq into a plain equality', () => {
    expect(toNedbQuery({ status: { $eq: 'issued' } })).to.deep.equal({ status: 'issued' });
  });

  it('makes equality to null match a missing field too', () => {
    expect(toNedbQuery({ revokedAt: null })).to.deep.equal({
      $and: [{ $or: [{ revokedAt: null }, { revokedAt: { $exists: false } }] }],
    });
  });

  it('expresses $ne and $nin as the negation of the positive condition', () => {
    expect(toNedbQuery({ tags: { $ne: 'x' }, status: { $nin: ['a', 'b'] } })).to.deep.equal({
      $and: [{ $not: { tags: 'x' } }, { $not: { status: { $in: ['a', 'b'] } } }],
    });
  });

  it('expresses $exists: true as the negation of $exists: false', () => {
    expect(toNedbQuery({ tags: { $exists: true } })).to.deep.equal({ $and: [{ $not: { tags: { $exists: false } } }] });
  });

  it('translates inside $and and $or', () => {
    expect(toNedbQuery({ $or: [{ a: null }, { b: { $eq: 1 } }], $and: [{ c: 2 }] })).to.deep.equal({
      $and: [{ $or: [{ $and: [{ $or: [{ a: null }, { a: { $exists: false } }] }] }, { b: 1 }] }, { c: 2 }],
    });
  });
});
