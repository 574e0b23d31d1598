/**
 * Bulk issuance on the embedded store: one job of 100,000 CSV rows, from submission to its last
 * row, next to bare inserts of as many award documents into the same store, with peak RSS.
 * Goal (issue text): bulk rows/s at least half the bare insert rate, memory under 1 GB.
 *
 *   npx tsx scripts/bench-bulk.ts [rows=100000]
 *
 * Each phase runs in its own temporary directory, removed afterwards.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { createSqliteDatabase } from '../src/adapters/store-sqlite/createSqliteDatabase.js';
import { AWARDS_COLLECTION, type AwardRecord } from '../src/app/awards/awardRecord.js';
import { createIssueAward, type IssueAward } from '../src/app/awards/issueAward.js';
import { createBulkJobService } from '../src/app/bulk/bulkJobService.js';
import { hashIdentity, newSalt } from '../src/badges/identity.js';
import { validateCatalog } from '../src/domain/catalog/validateCatalog.js';
import { validateBulkRow } from '../src/http/routes/bulkRoutes.js';
import { projectPath } from '../src/paths.js';
import { systemClock } from '../src/ports/clock.js';
import type { Collection, Database } from '../src/ports/store.js';
import { startMemorySampler } from './bench-support/memorySampler.js';
import { formatMegabytes, formatNumber, markdownTable } from './bench-support/report.js';

export interface BenchBulkOptions {
  /** Rows in the job, and documents inserted bare; default 100,000. */
  readonly rows?: number;
  /** Recipients worked on at once, and concurrent bare inserts; default 8. */
  readonly concurrency?: number;
  readonly log?: (line: string) => void;
}

export interface BenchBulkFigures {
  readonly rows: number;
  /** Awards the job issued (a pass can complete a certification besides). */
  readonly awardsIssued: number;
  readonly failedRows: number;
  /** One per AZ-305 + AZ-104 pair when ordering works. */
  readonly expertCertifications: number;
  /** From submit() to the last row recorded, storing the rows included. */
  readonly bulkSeconds: number;
  readonly bulkRowsPerSecond: number;
  /** The part of bulkSeconds spent reading, validating and storing the rows before 202. */
  readonly submitSeconds: number;
  readonly bulkPeakRssBytes: number;
  readonly insertSeconds: number;
  readonly insertsPerSecond: number;
  readonly insertPeakRssBytes: number;
  /** bulk rows/s ÷ bare inserts/s (goal: at least 0.5). */
  readonly ratio: number;
}

function loadCatalog() {
  const checked = validateCatalog(JSON.parse(readFileSync(projectPath('assets', 'catalog.json'), 'utf8')));
  if (!checked.ok) throw new Error('assets/catalog.json is invalid');
  return checked.catalog;
}

/**
 * Eight rows in ten are a recipient's single pass (AZ-900, which completes Azure Fundamentals);
 * two in ten are one recipient's AZ-305 listed before their earlier AZ-104, so ordering and the
 * expert certification are exercised too. Every row has an externalId, as an export from a
 * student information system would.
 */
export function benchCsv(rows: number): string {
  const lines = ['email,name,achievement,earnedOn,locale,externalId'];
  for (let i = 0; i < rows; i += 1) {
    const pair = i % 10 >= 8 && i + (9 - (i % 10)) < rows;
    if (!pair) lines.push(`candidate${i}@example.org,Candidate ${i},AZ-900,2024-05-01,en,bench-${i}`);
    else if (i % 10 === 8) lines.push(`pair${i}@example.org,"Pair, ${i}",AZ-305,2024-03-01,fr-FR,bench-${i}`);
    else lines.push(`PAIR${i - 1}@Example.org,"Pair, ${i - 1}",AZ-104,2024-01-10,fr-FR,bench-${i}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function withStore<T>(run: (database: Database) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'accolade-bench-bulk-'));
  const database = await createSqliteDatabase({ dataDir });
  try {
    return await run(database);
  } finally {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function issuerFor(awards: Collection<AwardRecord>): IssueAward {
  const catalog = loadCatalog();
  return createIssueAward({
    awards,
    catalog: { current: () => ({ catalog }) },
    clock: systemClock,
    signingKeySetId: async () => 'bench-key-set',
  });
}

async function bulkPhase(rows: number, concurrency: number) {
  return withStore(async (database) => {
    const awards = await database.collection<AwardRecord>(AWARDS_COLLECTION);
    const bulk = await createBulkJobService({
      database,
      issueAward: issuerFor(awards),
      validateRow: validateBulkRow,
      clock: systemClock,
      maxRows: rows,
      concurrency,
    });
    const text = Buffer.from(benchCsv(rows), 'utf8');
    const memory = startMemorySampler(100);
    const started = performance.now();
    const accepted = await bulk.submit({ kind: 'csv', text }, 'bench');
    const submitted = performance.now();
    await bulk.waitForIdle();
    const seconds = (performance.now() - started) / 1000;
    const peak = memory.stop().benchRss;
    const job = await bulk.get(accepted.id, { limit: 1 });
    await bulk.close();
    return {
      seconds,
      submitSeconds: (submitted - started) / 1000,
      peak,
      awardsIssued: await awards.count({}),
      expertCertifications: await awards.count({ achievementId: 'azure-solutions-architect-expert' }),
      failedRows: job.counts.failed,
      processed: job.counts.processed,
    };
  });
}

/** The same store, the same award indexes, documents cloned from an award the service issued. */
async function insertPhase(count: number, concurrency: number) {
  return withStore(async (database) => {
    const awards = await database.collection<AwardRecord>(AWARDS_COLLECTION);
    const { award: template } = await issuerFor(awards)({
      recipient: { email: 'template@example.org', name: 'Template' },
      achievement: 'AZ-104',
      earnedOn: '2024-01-10',
      externalId: 'template',
    });
    const documentFor = (i: number): AwardRecord => {
      const salt = newSalt();
      const email = `candidate${i}@example.org`;
      return {
        ...template,
        _id: uuidv7(),
        subjectId: uuidv4(),
        recipientEmail: email,
        recipientName: `Candidate ${i}`,
        salt,
        identityHash: hashIdentity(email, salt),
        externalId: `bench-${i}`,
        dedupeKey: `${email}|${template.achievementId}|0`,
      };
    };
    const memory = startMemorySampler(100);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < count; i = next++) await awards.insertOne(documentFor(i));
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { seconds, peak: memory.stop().benchRss };
  });
}

export async function benchBulk(options: BenchBulkOptions = {}): Promise<BenchBulkFigures> {
  const rows = options.rows ?? 100_000;
  const concurrency = options.concurrency ?? 8;
  const log = options.log ?? (() => undefined);
  log(`bulk job of ${formatNumber(rows)} CSV rows ...`);
  const bulk = await bulkPhase(rows, concurrency);
  if (bulk.processed !== rows) throw new Error(`the bulk job processed ${bulk.processed} of ${rows} rows`);
  (globalThis as { gc?: () => void }).gc?.();
  log(`bare inserts of ${formatNumber(rows)} award documents ...`);
  const insert = await insertPhase(rows, concurrency);
  const bulkRowsPerSecond = rows / bulk.seconds;
  const insertsPerSecond = rows / insert.seconds;
  return {
    rows,
    awardsIssued: bulk.awardsIssued,
    failedRows: bulk.failedRows,
    expertCertifications: bulk.expertCertifications,
    bulkSeconds: bulk.seconds,
    bulkRowsPerSecond,
    submitSeconds: bulk.submitSeconds,
    bulkPeakRssBytes: bulk.peak,
    insertSeconds: insert.seconds,
    insertsPerSecond,
    insertPeakRssBytes: insert.peak,
    ratio: bulkRowsPerSecond / insertsPerSecond,
  };
}

export function bulkTable(figures: BenchBulkFigures): string {
  return markdownTable(
    ['Embedded store', 'count', 'seconds', 'per second', 'peak RSS'],
    [
      [
        'bulk job (CSV rows)',
        formatNumber(figures.rows),
        formatNumber(figures.bulkSeconds),
        formatNumber(figures.bulkRowsPerSecond),
        formatMegabytes(figures.bulkPeakRssBytes),
      ],
      [
        'bare insertOne (awards)',
        formatNumber(figures.rows),
        formatNumber(figures.insertSeconds),
        formatNumber(figures.insertsPerSecond),
        formatMegabytes(figures.insertPeakRssBytes),
      ],
      ['bulk ÷ bare', '', '', formatNumber(figures.ratio), ''],
    ],
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = Number(process.argv[2] ?? 100_000);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const figures = await benchBulk({ rows, log });
  log(bulkTable(figures));
  log(
    `awards issued: ${formatNumber(figures.awardsIssued)} (expert certifications: ${formatNumber(figures.expertCertifications)}), ` +
      `failed rows: ${figures.failedRows}, ` +
      `submission (read, validate, store rows): ${formatNumber(figures.submitSeconds)} s`,
  );
  log(JSON.stringify(figures));
}
