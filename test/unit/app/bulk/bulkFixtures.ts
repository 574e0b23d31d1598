import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createSqliteDatabase } from '../../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import { AWARDS_COLLECTION, type AwardRecord } from '../../../../src/app/awards/awardRecord.js';
import { createIssueAward, type IssueAward } from '../../../../src/app/awards/issueAward.js';
import {
  type BulkJobService,
  type BulkJobServiceDeps,
  createBulkJobService,
} from '../../../../src/app/bulk/bulkJobService.js';
import type { BulkJobView } from '../../../../src/app/bulk/bulkJobView.js';
import {
  BULK_JOBS_COLLECTION,
  BULK_RESULTS_COLLECTION,
  BULK_ROWS_COLLECTION,
} from '../../../../src/app/bulk/bulkRecords.js';
import type { Catalog } from '../../../../src/domain/catalog/types.js';
import { validateCatalog } from '../../../../src/domain/catalog/validateCatalog.js';
import { AccoladeError } from '../../../../src/errors.js';
import { validateBulkRow } from '../../../../src/http/routes/bulkRoutes.js';
import { projectPath } from '../../../../src/paths.js';
import { fixedClock } from '../../../../src/ports/clock.js';
import type { Collection, Database } from '../../../../src/ports/store.js';

let shippedCatalog: Catalog | undefined;

/** The catalog the service ships with (assets/catalog.json). */
export function realCatalog(): Catalog {
  if (shippedCatalog === undefined) {
    const checked = validateCatalog(JSON.parse(readFileSync(projectPath('assets', 'catalog.json'), 'utf8')));
    if (!checked.ok) throw new Error(`assets/catalog.json is invalid: ${JSON.stringify(checked.errors)}`);
    shippedCatalog = checked.catalog;
  }
  return shippedCatalog;
}

/** A pass as a bulk row (the POST /api/v1/awards body). */
export function passRow(
  email: string,
  achievement: string,
  earnedOn: string,
  extra: { name?: string; locale?: string; externalId?: string } = {},
): Record<string, unknown> {
  return {
    recipient: {
      email,
      name: extra.name ?? 'Ana Silva',
      ...(extra.locale === undefined ? {} : { locale: extra.locale }),
    },
    achievement,
    earnedOn,
    ...(extra.externalId === undefined ? {} : { externalId: extra.externalId }),
  };
}

/** `count` recipients each passing AZ-900, with externalIds `<prefix>-<n>` unless told otherwise. */
export function fundamentalsRows(count: number, options: { externalIds?: boolean; prefix?: string } = {}) {
  const prefix = options.prefix ?? 'sis';
  return Array.from({ length: count }, (_, n) =>
    passRow(`candidate${n}@contoso.com`, 'AZ-900', '2024-05-01', {
      ...(options.externalIds === false ? {} : { externalId: `${prefix}-${n}` }),
    }),
  );
}

/** A data store in a fresh temporary directory that can be closed and opened again, as across a restart. */
export interface BulkWorld {
  readonly dataDir: string;
  readonly clock: ReturnType<typeof fixedClock>;
  database: Database;
  awards: Collection<AwardRecord>;
  issueAward: IssueAward;
  service(overrides?: Partial<BulkJobServiceDeps>): Promise<BulkJobService>;
  /** Closes every service and the store, then opens the store again. */
  restart(): Promise<void>;
  count(collection: 'awards' | 'bulkJobs' | 'bulkRows' | 'bulkResults'): Promise<number>;
  /** Documents of every bulk collection together: 0 when nothing of a job is left. */
  bulkDocuments(): Promise<number>;
  dispose(): Promise<void>;
}

export async function bulkWorld(): Promise<BulkWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'accolade-bulk-'));
  const clock = fixedClock('2025-06-01T12:00:00Z');
  const services: BulkJobService[] = [];

  async function open() {
    const database = await createSqliteDatabase({ dataDir });
    const awards = await database.collection<AwardRecord>(AWARDS_COLLECTION);
    const issueAward = createIssueAward({
      awards,
      catalog: { current: () => ({ catalog: realCatalog() }) },
      clock,
      signingKeySetId: async () => 'test-key-set',
    });
    return { database, awards, issueAward };
  }

  const world: BulkWorld = {
    dataDir,
    clock,
    ...(await open()),
    async service(overrides = {}) {
      const service = await createBulkJobService({
        database: world.database,
        issueAward: world.issueAward,
        validateRow: validateBulkRow,
        clock,
        ...overrides,
      });
      services.push(service);
      return service;
    },
    async restart() {
      for (const service of services.splice(0)) await service.close();
      await world.database.close();
      Object.assign(world, await open());
    },
    async count(name) {
      const definition = {
        awards: AWARDS_COLLECTION,
        bulkJobs: BULK_JOBS_COLLECTION,
        bulkRows: BULK_ROWS_COLLECTION,
        bulkResults: BULK_RESULTS_COLLECTION,
      }[name];
      return (await world.database.collection(definition)).count({});
    },
    async bulkDocuments() {
      return (await world.count('bulkJobs')) + (await world.count('bulkRows')) + (await world.count('bulkResults'));
    },
    async dispose() {
      for (const service of services.splice(0)) await service.close();
      await world.database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

/** Submits, waits for the job to finish, and returns it with all its rows. */
export async function runToEnd(
  service: BulkJobService,
  input: Parameters<BulkJobService['submit']>[0],
): Promise<BulkJobView> {
  const accepted = await service.submit(input, 'key-test');
  await service.waitForIdle();
  return service.get(accepted.id, { limit: 1000 });
}

export function rowsOf(job: BulkJobView) {
  return job.rows?.items ?? [];
}

export function csvOf(lines: readonly string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

/** The AccoladeError a promise rejects with (anything else fails the test). */
export async function rejectionOf(promise: Promise<unknown>): Promise<AccoladeError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).to.be.instanceOf(AccoladeError);
  return outcome as AccoladeError;
}
