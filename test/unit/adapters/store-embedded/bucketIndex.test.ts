import { expect } from 'chai';
import { BucketIndex } from '../../../../src/adapters/store-embedded/bucketIndex.js';

type Doc = Record<string, unknown>;

function idsOf(docs: Doc[]): unknown[] {
  return docs.map((doc) => doc._id).sort();
}

/** Awards as nedb holds them: a status most share, tags as an array, one without status. */
function awardsWithSharedStatus(): Doc[] {
  return [
    { _id: 'a1', status: 'pending', tags: ['x', 'y'], issuedAt: new Date('2024-01-01') },
    { _id: 'a2', status: 'pending', tags: ['y'], issuedAt: new Date('2024-02-01') },
    { _id: 'a3', status: 'claimed', tags: [], issuedAt: new Date('2024-03-01') },
    { _id: 'a4', tags: ['x', 'x'] },
  ];
}

describe('the bucket index for non-unique nedb indexes', () => {
  it('finds the documents sharing a key, one or several keys at a time', () => {
    const index = new BucketIndex('status', false);
    index.reset(awardsWithSharedStatus());
    expect(idsOf(index.getMatching('pending'))).to.deep.equal(['a1', 'a2']);
    expect(idsOf(index.getMatching(['claimed', 'pending']))).to.deep.equal(['a1', 'a2', 'a3']);
    expect(idsOf(index.getMatching(undefined))).to.deep.equal(['a4']);
    expect(index.getMatching('revoked')).to.deep.equal([]);
  });

  it('leaves documents without the field out when sparse', () => {
    const index = new BucketIndex('status', true);
    index.reset(awardsWithSharedStatus());
    expect(index.getMatching(undefined)).to.deep.equal([]);
    expect(idsOf(index.getAll())).to.deep.equal(['a1', 'a2', 'a3']);
  });

  it('indexes each element of an array value once', () => {
    const index = new BucketIndex('tags', false);
    const docs = awardsWithSharedStatus();
    index.reset(docs);
    expect(idsOf(index.getMatching('x'))).to.deep.equal(['a1', 'a4']);
    index.remove(docs[3]!);
    expect(idsOf(index.getMatching('x'))).to.deep.equal(['a1']);
  });

  it('moves a document to its new key on update, and back on revert', () => {
    const index = new BucketIndex('status', false);
    const docs = awardsWithSharedStatus();
    index.reset(docs);
    const claimed = { ...docs[0]!, status: 'claimed' };
    index.update([{ oldDoc: docs[0]!, newDoc: claimed }]);
    expect(idsOf(index.getMatching('pending'))).to.deep.equal(['a2']);
    expect(index.getMatching('claimed')).to.include(claimed);
    index.revertUpdate([{ oldDoc: docs[0]!, newDoc: claimed }]);
    expect(index.getMatching('pending')).to.include(docs[0]);
    expect(index.getMatching('claimed')).to.not.include(claimed);
  });

  it('returns a fresh array that removals made while iterating it do not disturb', () => {
    const index = new BucketIndex('status', false);
    index.reset(awardsWithSharedStatus());
    const pending = index.getMatching('pending');
    for (const doc of pending) index.remove(doc);
    expect(pending).to.have.length(2);
    expect(index.getMatching('pending')).to.deep.equal([]);
  });

  it('serves range queries in key order', () => {
    const index = new BucketIndex('issuedAt', true);
    index.reset(awardsWithSharedStatus());
    const range = index.getBetweenBounds({ $gte: new Date('2024-01-15'), $lt: new Date('2024-12-31') });
    expect(range.map((doc) => doc._id)).to.deep.equal(['a2', 'a3']);
  });

  it('keys a compound index on every field together', () => {
    const index = new BucketIndex('jobId,status', false);
    index.reset([
      { _id: 'r1', jobId: 'j1', status: 'done' },
      { _id: 'r2', jobId: 'j1', status: 'pending' },
      { _id: 'r3', jobId: 'j2', status: 'done' },
    ]);
    expect(idsOf(index.getMatching({ jobId: 'j1', status: 'done' }))).to.deep.equal(['r1']);
  });
});
