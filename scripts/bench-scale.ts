import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RequestStep } from 'autocannon';
import Sqlite from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { STORE_FILE } from '../src/adapters/store-sqlite/createSqliteDatabase.js';
import { encodeDocument } from '../src/adapters/store-sqlite/documentCodec.js';
import { uniqueAwardRequests } from './bench-issuance.js';
import { type LoadFigures, loadTest } from './bench-support/loadTest.js';
import { formatMegabytes, formatNumber, markdownTable } from './bench-support/report.js';
import { BENCH_ADMIN_TOKEN, buildService, startChildOn } from './bench-support/serviceUnderTest.js';

/**
 * The store at scale (issue 8): the same measures with 10,000 and with 1,000,000 awards in the
 * store: start-up to a healthy /healthz, resident memory, issuing, and listing a recipient's
 * awards, each through the HTTP API of a service child at 10 connections.
 *
 * The service runs as `npm start` runs it: built first (`tsconfig.build.json`), then
 * `node dist/main.js`, nothing compiled at start.
 *
 * The awards are copies of one the service issued, with fresh ids, recipients (five awards each)
 * and dedupe keys, written straight into the SQLite file in transactions of 10,000 rows while no
 * service runs: the fast way to a large store, not a path the service takes.
 */
export interface ScaleOptions {
  readonly seconds?: number;
  readonly sizes?: readonly number[];
  readonly log?: (line: string) => void;
}

export interface ScalePhase {
  readonly awards: number;
  readonly fileBytes: number;
  readonly fillSeconds: number;
  readonly startMs: number;
  readonly rssAfterStartBytes: number;
  readonly peakRssBytes: number;
  readonly healthz: LoadFigures;
  readonly issue: LoadFigures;
  readonly list: LoadFigures;
}

export interface ScaleFigures {
  readonly phases: readonly ScalePhase[];
}

const AWARDS_PER_RECIPIENT = 5;
const FILL_BATCH = 10_000;

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? 0 : Number(match[1]) * 1024;
}

function recipientEmail(index: number): string {
  return `scale-${index}@example.org`;
}

/** Adds awards to the store file until it holds `total`, copies of `template`. */
function fill(file: string, template: Record<string, unknown>, total: number): void {
  const db = new Sqlite(file);
  try {
    // Copies are numbered from the count, above every number used before: keys never repeat.
    const from = db.prepare('SELECT count(*) FROM awards').pluck().get() as number;
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const insert = db.prepare('INSERT INTO awards (id, doc) VALUES (?, ?)');
    const batch = db.transaction((start: number, end: number) => {
      for (let i = start; i < end; i += 1) {
        const email = recipientEmail(Math.floor(i / AWARDS_PER_RECIPIENT));
        const doc = {
          ...template,
          _id: uuidv7(),
          subjectId: randomUUID(),
          recipientEmail: email,
          recipientName: `Scale ${i}`,
          dedupeKey: `${email}|${String(template.achievementId)}|scale-${i}`,
          requestFingerprint: randomUUID(),
          status: i % 3 === 0 ? 'accepted' : 'pending',
          notification: 'sent',
        };
        insert.run(doc._id, encodeDocument(doc));
      }
    });
    for (let start = from; start < total; start += FILL_BATCH) batch(start, Math.min(total, start + FILL_BATCH));
  } finally {
    db.close();
  }
  // On disk before the service starts, as at any restart: otherwise its start waits behind the
  // kernel writing back the gigabytes just filled.
  const handle = openSync(file, 'r');
  try {
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
}

/** One award issued by the service itself, as the template of the copies. */
async function issueTemplate(dataDir: string, entry: string): Promise<Record<string, unknown>> {
  const { service } = await startChildOn(dataDir, entry);
  try {
    const answer = await fetch(`${service.baseUrl}/api/v1/awards`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        recipient: { email: 'template@example.org', name: 'Template' },
        achievement: 'AZ-900',
        earnedOn: '2024-05-01',
      }),
    });
    if (answer.status !== 201) throw new Error(`issuing the template award answered ${answer.status}`);
  } finally {
    await service.close();
  }
  const db = new Sqlite(join(dataDir, STORE_FILE), { readonly: true });
  try {
    return JSON.parse(db.prepare('SELECT doc FROM awards LIMIT 1').pluck().get() as string) as Record<string, unknown>;
  } finally {
    db.close();
  }
}

function listRequests(recipients: number): RequestStep[] {
  let sequence = 0;
  return [
    {
      method: 'GET',
      headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
      setupRequest: (request) => {
        // A spread of recipients, the same sequence at every size.
        sequence = (sequence * 7919 + 104_729) % recipients;
        return { ...request, path: `/api/v1/awards?recipient=${encodeURIComponent(recipientEmail(sequence))}` };
      },
    },
  ];
}

async function measure(
  dataDir: string,
  entry: string,
  awards: number,
  fillSeconds: number,
  seconds: number,
): Promise<ScalePhase> {
  const { service, startMs } = await startChildOn(dataDir, entry);
  const pid = service.pid!;
  const rssAfterStartBytes = procStatus(pid, 'VmRSS');
  try {
    const connections = 10;
    const phase = async (name: string, url: string, requests?: RequestStep[]) => {
      await loadTest(`warm-up ${name}`, { url, connections, duration: 2, ...(requests && { requests }) });
      return loadTest(name, { url, connections, duration: seconds, ...(requests && { requests }) }, service.cpuSeconds);
    };
    const healthz = await phase('GET /healthz', `${service.baseUrl}/healthz`);
    const issue = await phase(
      'POST /api/v1/awards',
      `${service.baseUrl}/api/v1/awards`,
      uniqueAwardRequests(`scale-${awards}`),
    );
    const recipients = Math.floor(awards / AWARDS_PER_RECIPIENT);
    const list = await phase("GET a recipient's awards", `${service.baseUrl}/api/v1/awards`, listRequests(recipients));
    const peakRssBytes = procStatus(pid, 'VmHWM');
    const fileBytes = statSync(join(dataDir, STORE_FILE)).size;
    return { awards, fileBytes, fillSeconds, startMs, rssAfterStartBytes, peakRssBytes, healthz, issue, list };
  } finally {
    await service.close();
  }
}

export async function benchScale(options: ScaleOptions = {}): Promise<ScaleFigures> {
  const sizes = options.sizes ?? [10_000, 1_000_000];
  const seconds = options.seconds ?? 10;
  const log = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'accolade-scale-'));
  try {
    const entry = buildService();
    const template = await issueTemplate(dataDir, entry);
    const phases: ScalePhase[] = [];
    for (const size of sizes) {
      const started = performance.now();
      fill(join(dataDir, STORE_FILE), template, size);
      const fillSeconds = (performance.now() - started) / 1000;
      log(`  ${formatNumber(size)} awards written in ${formatNumber(fillSeconds)} s; measuring ...`);
      phases.push(await measure(dataDir, entry, size, fillSeconds, seconds));
    }
    return { phases };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function scaleTable(figures: ScaleFigures): string {
  return markdownTable(
    [
      'awards in store',
      'file',
      'start to healthy',
      'RSS after start',
      'peak RSS',
      'healthz/s',
      'POST awards/s',
      'list a recipient/s',
      'list p99 ms',
    ],
    figures.phases.map((phase) => [
      formatNumber(phase.awards),
      formatMegabytes(phase.fileBytes),
      `${formatNumber(phase.startMs)} ms`,
      formatMegabytes(phase.rssAfterStartBytes),
      formatMegabytes(phase.peakRssBytes),
      formatNumber(phase.healthz.perSecond),
      formatNumber(phase.issue.perSecond),
      formatNumber(phase.list.perSecond),
      formatNumber(phase.list.latencyP99Ms),
    ]),
  );
}
