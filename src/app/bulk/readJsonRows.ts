import { JSONParser } from '@streamparser/json';
import { AccoladeError } from '../../errors.js';
import { type BulkBody, chunksOf } from './bulkBody.js';
import type { SubmittedRow } from './submittedRow.js';

function notAnArray(): AccoladeError {
  return new AccoladeError('validation_failed', 'A JSON bulk job is an array of award requests', {
    errors: [{ path: '/', message: 'must be array' }],
  });
}

function malformed(error: unknown): AccoladeError {
  return new AccoladeError('malformed_json', 'The request body is not valid JSON', undefined, { cause: error });
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** The first byte (or code unit) that is not JSON whitespace, or undefined. */
function firstSignificant(chunk: Uint8Array | string): number | undefined {
  for (let i = 0; i < chunk.length; i += 1) {
    const unit = typeof chunk === 'string' ? chunk.charCodeAt(i) : chunk[i]!;
    if (!WHITESPACE.has(unit)) return unit;
  }
  return undefined;
}

/**
 * The items of a JSON array, each as soon as the chunk that completes it has been parsed (the
 * array itself is never built: `keepStack: false` lets each item go once emitted). Anything but
 * an array at the top is refused on its first byte; a syntax error anywhere refuses the whole
 * body (malformed_json), since nothing after it can be trusted.
 */
export async function* readJsonRows(body: BulkBody): AsyncGenerator<SubmittedRow> {
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  let parsed: unknown[] = [];
  let failure: unknown;
  let opened = false;
  parser.onValue = ({ value }) => {
    parsed.push(value);
  };
  parser.onError = (error) => {
    failure ??= error;
  };
  for await (const chunk of chunksOf(body)) {
    if (!opened) {
      const first = firstSignificant(chunk);
      if (first === undefined) continue;
      if (first !== 0x5b /* [ */) throw notAnArray();
      opened = true;
    }
    parser.write(chunk);
    if (failure !== undefined) throw malformed(failure);
    const ready = parsed;
    parsed = [];
    for (const candidate of ready) yield { candidate };
  }
  if (!opened) throw notAnArray();
  if (!parser.isEnded) parser.end();
  if (failure !== undefined) throw malformed(failure);
  for (const candidate of parsed) yield { candidate };
}
