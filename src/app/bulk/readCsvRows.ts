import { CsvError, type Parser, parse } from 'csv-parse';
import { AccoladeError } from '../../errors.js';
import { type BulkBody, chunksOf } from './bulkBody.js';
import { emptySubmission, type SubmittedRow } from './submittedRow.js';

/**
 * The CSV form of a bulk job (RFC 4180, plus what spreadsheets write: a UTF-8 BOM, CRLF, quoted
 * fields with commas, quotes and line breaks). A header row names the columns, in any order and
 * any case. A row with the wrong number of fields fails on its own; a file the parser cannot
 * follow (a stray or unclosed quote) is refused whole, since every row after it is in doubt.
 */
type Column = 'email' | 'name' | 'achievement' | 'earnedOn' | 'locale' | 'externalId';

/**
 * Header names, lower-cased, to columns. A Map, not an object literal: a header is the sender's
 * text, and `__proto__` or `constructor` looked up on an object would find Object.prototype's.
 */
const COLUMNS: ReadonlyMap<string, Column> = new Map([
  ['email', 'email'],
  ['name', 'name'],
  ['achievement', 'achievement'],
  ['earnedon', 'earnedOn'],
  ['locale', 'locale'],
  ['externalid', 'externalId'],
]);

const REQUIRED: readonly Column[] = ['email', 'name', 'achievement', 'earnedOn'];

function invalidCsv(message: string, details: Record<string, unknown>): AccoladeError {
  return new AccoladeError('invalid_csv', message, details);
}

function readHeader(fields: readonly string[]): Column[] {
  const columns: Column[] = [];
  const unknown: string[] = [];
  for (const field of fields) {
    const column = COLUMNS.get(field.trim().toLowerCase());
    if (column === undefined) unknown.push(field);
    else columns.push(column);
  }
  const missing = REQUIRED.filter((column) => !columns.includes(column));
  const repeated = columns.filter((column, i) => columns.indexOf(column) !== i);
  if (unknown.length > 0 || missing.length > 0 || repeated.length > 0) {
    throw invalidCsv(
      'The CSV header must name the columns email, name, achievement, earnedOn (locale and externalId are optional)',
      {
        line: 1,
        ...(unknown.length > 0 ? { unknownColumns: unknown } : {}),
        ...(missing.length > 0 ? { missingColumns: missing } : {}),
        ...(repeated.length > 0 ? { repeatedColumns: [...new Set(repeated)] } : {}),
      },
    );
  }
  return columns;
}

/** The award request a row stands for; empty optional cells are left out rather than sent empty. */
function candidateOf(columns: readonly Column[], fields: readonly string[]): unknown {
  const cell = (column: Column): string | undefined => {
    const value = fields[columns.indexOf(column)];
    return value === undefined || value === '' ? undefined : value;
  };
  const locale = cell('locale');
  const externalId = cell('externalId');
  return {
    recipient: { email: cell('email') ?? '', name: cell('name') ?? '', ...(locale === undefined ? {} : { locale }) },
    achievement: cell('achievement') ?? '',
    earnedOn: cell('earnedOn') ?? '',
    ...(externalId === undefined ? {} : { externalId }),
  };
}

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/**
 * The data rows of a CSV body, each as soon as the parser has it: the body is written into the
 * parser a chunk at a time (waiting when it is full), so it is never held whole and the reader
 * can stop at any row.
 */
export async function* readCsvRows(body: BulkBody): AsyncGenerator<SubmittedRow> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
  });
  const feeding = feed(parser, body);
  let columns: Column[] | undefined;
  let rows = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
      if (columns === undefined) {
        columns = readHeader(record);
        continue;
      }
      rows += 1;
      yield record.length === columns.length
        ? { candidate: candidateOf(columns, record) }
        : {
            error: {
              code: 'invalid_csv',
              message: `The row has ${record.length} fields where the header has ${columns.length}`,
              details: { line: info.lines, expectedFields: columns.length, foundFields: record.length },
            },
          };
    }
    await feeding;
  } catch (error) {
    if (error instanceof CsvError) {
      throw invalidCsv('The CSV could not be read', {
        line: (error as CsvError & { lines?: number }).lines,
        reason: error.code,
      });
    }
    throw error;
  } finally {
    parser.destroy();
    // A body that failed to arrive fails the parse above; here only the stopped feed is settled.
    await feeding.catch(() => undefined);
  }
  if (rows === 0) throw emptySubmission();
}

/** Writes the body into the parser, honouring its back-pressure, and ends it; stops once it is destroyed. */
async function feed(parser: Parser, body: BulkBody): Promise<void> {
  try {
    for await (const chunk of chunksOf(body)) {
      if (parser.destroyed) return;
      if (!parser.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            parser.off('drain', done);
            parser.off('close', done);
            resolve();
          };
          parser.on('drain', done);
          parser.on('close', done);
        });
      }
    }
    if (!parser.destroyed) parser.end();
  } catch (error) {
    // The body itself failed (too large, connection lost): the reader sees it as the parser's error.
    parser.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}
