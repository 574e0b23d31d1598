import { expect } from 'chai';
import {
  assertCollectionDefinition,
  assertIndexable,
  assertIndexableUpdate,
  checkStorableDocument,
  indexedPaths,
  toStorableDocument,
} from '../../../../src/adapters/store/storeRules.js';
import { AccoladeError } from '../../../../src/errors.js';
import type { CollectionDefinition } from '../../../../src/ports/store.js';

const people: CollectionDefinition = {
  name: 'people',
  indexes: [{ fields: { email: 1 }, unique: true }, { fields: { 'profile.city': 1, email: 1 } }],
};

function refusalOf(action: () => void): AccoladeError {
  try {
    action();
  } catch (error) {
    expect(error).to.be.instanceOf(AccoladeError);
    return error as AccoladeError;
  }
  expect.fail('expected the rules to refuse it');
}

describe('the store rules both adapters share', () => {
  it('lists each indexed path once', () => {
    expect(indexedPaths(people)).to.deep.equal(['email', 'profile.city']);
  });

  it('refuses an array on an indexed path, in a document or on its way', () => {
    const paths = indexedPaths(people);
    assertIndexable(paths, { _id: 'a', email: 'a@example.org', profile: { city: 'Lyon' }, tags: ['x'] });
    expect(refusalOf(() => assertIndexable(paths, { _id: 'a', email: ['a@example.org'] })).details).to.include({
      field: 'email',
    });
    expect(refusalOf(() => assertIndexable(paths, { _id: 'a', profile: [{ city: 'Lyon' }] })).code).to.equal(
      'validation_failed',
    );
  });

  it('refuses an update that would put an array on an indexed path, as MongoDB applies it', () => {
    const paths = indexedPaths(people);
    assertIndexableUpdate(paths, { $set: { name: ['x'], 'profile.city': 'Nice' }, $push: { tags: 'y' } });
    for (const update of [
      { $set: { email: ['a@example.org'] } },
      { $set: { profile: { city: ['Nice'] } } },
      { $setOnInsert: { profile: [] } },
      { $push: { email: 'b@example.org' } },
      { $push: { profile: { city: 'Nice' } } },
    ]) {
      expect(refusalOf(() => assertIndexableUpdate(paths, update)).code, JSON.stringify(update)).to.equal(
        'validation_failed',
      );
    }
  });

  it('refuses an indexed field name that SQL could not name plainly', () => {
    expect(
      refusalOf(() => assertCollectionDefinition({ name: 'people', indexes: [{ fields: { 'a b': 1 } }] })).code,
    ).to.equal('validation_failed');
  });
  it('checks a document to encode at once with the same refusals as the copy it replaces, and tells of its dates', () => {
    const refused: unknown[] = [
      [],
      { _id: '' },
      { _id: 7 },
      { _id: 'a', $set: 1 },
      { _id: 'a', 'a.b': 1 },
      { _id: 'a', '': 1 },
      { _id: 'a', nested: { deep: { $x: 1 } } },
      { _id: 'a', n: Number.NaN },
      { _id: 'a', list: [1, undefined] },
      { _id: 'a', list: [{ n: Number.POSITIVE_INFINITY }] },
      { _id: 'a', at: new Date(Number.NaN) },
      { _id: 'a', f: () => 1 },
      { _id: 'a', map: new Map() },
      { _id: 'a', big: 1n },
    ];
    for (const doc of refused) {
      const copyRefusal = refusalOf(() => toStorableDocument(doc as never));
      const checkRefusal = refusalOf(() => checkStorableDocument(doc as never));
      expect(checkRefusal.message, JSON.stringify(String(doc))).to.equal(copyRefusal.message);
      expect(checkRefusal.details).to.deep.equal(copyRefusal.details);
    }
    expect(checkStorableDocument({ _id: 'a', s: 'x', n: 1, b: true, z: null, u: undefined } as never)).to.deep.equal({
      holdsDate: false,
    });
    expect(checkStorableDocument({ _id: 'a', deep: [{ at: new Date(0) }] } as never)).to.deep.equal({
      holdsDate: true,
    });
  });
});
