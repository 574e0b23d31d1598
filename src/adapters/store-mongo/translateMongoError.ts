import {
  MongoClientClosedError,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoStalePrimaryError,
  MongoTopologyClosedError,
} from 'mongodb';
import { AccoladeError, isAccoladeError } from '../../errors.js';

const DUPLICATE_KEY = 11000;

/**
 * Server errors caused by the request itself (what the embedded store reports as
 * 'validation_failed'): BadValue, TypeMismatch (e.g. $inc on a string), PathNotViable,
 * ConflictingUpdateOperators, DollarPrefixedFieldName, EmptyFieldName, DottedFieldName,
 * ImmutableField. https://www.mongodb.com/docs/manual/reference/error-codes/
 */
const REQUEST_ERROR_CODES = new Set([2, 14, 28, 40, 52, 56, 57, 66]);

/** Errors meaning "no usable server right now", as opposed to a refused request. */
const UNAVAILABLE = [
  MongoNetworkError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoNotConnectedError,
  MongoClientClosedError,
  MongoServerClosedError,
  MongoOperationTimeoutError,
  MongoStalePrimaryError,
];

/** `E11000 duplicate key error collection: db.people index: email_1 dup key: { ... }` */
function duplicateIndexName(error: MongoServerError): string | undefined {
  return /index: (\S+) dup key/.exec(error.message)?.[1];
}

export function translateMongoError(error: unknown, collection?: string): unknown {
  if (isAccoladeError(error) || !(error instanceof MongoError)) return error;
  const context = collection === undefined ? {} : { collection };
  if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) {
    const index = duplicateIndexName(error);
    return new AccoladeError('conflict', `Duplicate key in ${collection}`, { ...context, index }, { cause: error });
  }
  // Not-primary and shutdown errors carry this label; the driver has already retried once.
  if (UNAVAILABLE.some((type) => error instanceof type) || error.hasErrorLabel('RetryableWriteError')) {
    return new AccoladeError('store_unavailable', 'MongoDB is unavailable', context, { cause: error });
  }
  if (error instanceof MongoServerError && typeof error.code === 'number' && REQUEST_ERROR_CODES.has(error.code)) {
    return new AccoladeError('validation_failed', error.message, context, { cause: error });
  }
  return error;
}
