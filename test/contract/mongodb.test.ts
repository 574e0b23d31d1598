import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { MongoClient, MongoNetworkError, MongoServerError } from 'mongodb';
import { createMongoDatabase } from '../../src/adapters/store-mongo/createMongoDatabase.js';
import { indexOptions } from '../../src/adapters/store-mongo/mongoIndexes.js';
import { translateMongoError } from '../../src/adapters/store-mongo/translateMongoError.js';
import type { AccoladeError } from '../../src/errors.js';
import { runStoreContract } from './store.contract.js';
import { expectCode } from './support/rejections.js';

const uri = process.env.MONGODB_URI;

describe('the MongoDB store', () => {
  before(function () {
    if (!uri) {
      console.log('    MongoDB contract suite skipped: MONGODB_URI is not set');
      this.skip();
    }
  });

  runStoreContract('MongoDB', async () => {
    // One throw-away database per test, dropped afterwards.
    const dbName = `accolade_contract_${randomUUID().slice(0, 8)}`;
    return {
      open: () => createMongoDatabase({ uri: uri!, dbName }),
      async destroy() {
        const client = await new MongoClient(uri!).connect();
        try {
          await client.db(dbName).dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  });
});

function duplicateKeyError(index: string): MongoServerError {
  return new MongoServerError({
    message: `E11000 duplicate key error collection: accolade.people index: ${index} dup key: { email: "a@b.c" }`,
    code: 11000,
  });
}

describe('the MongoDB adapter without a server', () => {
  it('reports store_unavailable when no server answers', async () => {
    await expectCode(
      () =>
        createMongoDatabase({
          uri: 'mongodb://127.0.0.1:9/?directConnection=true',
          dbName: 'accolade',
          serverSelectionTimeoutMs: 200,
        }),
      'store_unavailable',
    );
  });

  it('reports config_invalid for a URI that is not a MongoDB URI', async () => {
    await expectCode(() => createMongoDatabase({ uri: 'http://127.0.0.1:9', dbName: 'accolade' }), 'config_invalid');
  });

  it('turns a duplicate key error into a conflict naming the index', () => {
    const error = translateMongoError(duplicateKeyError('email_1'), 'people') as AccoladeError;
    expect(error.code).to.equal('conflict');
    expect(error.details).to.deep.equal({ collection: 'people', index: 'email_1' });
  });

  it('turns network and not-primary errors into store_unavailable', () => {
    const network = translateMongoError(new MongoNetworkError('connection reset'), 'people') as AccoladeError;
    expect(network.code).to.equal('store_unavailable');
    const notPrimary = new MongoServerError({ message: 'not primary', code: 10107 });
    notPrimary.addErrorLabel('RetryableWriteError');
    expect((translateMongoError(notPrimary, 'people') as AccoladeError).code).to.equal('store_unavailable');
  });

  it('turns a type mismatch into validation_failed, as the embedded store reports it', () => {
    const mismatch = new MongoServerError({ message: 'Cannot apply $inc to a value of non-numeric type', code: 14 });
    expect((translateMongoError(mismatch, 'people') as AccoladeError).code).to.equal('validation_failed');
  });

  it('passes other errors through unchanged', () => {
    const other = new MongoServerError({ message: 'Unauthorized', code: 13 });
    expect(translateMongoError(other, 'people')).to.equal(other);
    const plain = new Error('not from the driver');
    expect(translateMongoError(plain, 'people')).to.equal(plain);
  });

  it('builds a sparse single-field index as a partial index and keeps a compound one sparse', () => {
    expect(indexOptions({ fields: { email: 1 }, unique: true, sparse: true })).to.deep.equal({
      name: 'email_1',
      unique: true,
      partialFilterExpression: { email: { $exists: true } },
    });
    expect(indexOptions({ fields: { source: 1, ref: -1 }, unique: true, sparse: true })).to.deep.equal({
      name: 'source_1_ref_-1',
      unique: true,
      sparse: true,
    });
    expect(indexOptions({ fields: { at: 1 }, name: 'by_time' })).to.deep.equal({ name: 'by_time' });
  });
});
