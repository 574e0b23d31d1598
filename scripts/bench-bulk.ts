/**
 * Bulk issuance through the HTTP API of a real service (child process, embedded store in a
 * temporary directory), in one run:
 *
 * 1. `/healthz` latency while the service is idle: one client, one request at a time;
 * 2. the same awards posted one by one, `POST /api/v1/awards` at 10 connections (awards/s);
 * 3. one bulk job of 100,000 CSV rows (`POST /api/v1/bulk-jobs`), timed from the first byte
 *    sent to the job's completion, with the `/healthz` probe of step 1 running all along, and the
 *    service's peak RSS.
 *
 * Goals (issue text): the job at least 2 × the one-by-one rate, under 1 GB; `/healthz` p99
 * during the job at most 5 × its idle p99.
 *
 *   npx tsx scripts/bench-bulk.ts [rows=100000] [seconds=10]
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { uniqueAwardRequests } from './bench-issuance.js';
import { delay, type LatencyFigures, probeLatency } from './bench-support/latencyProbe.js';
import { type LoadFigures, loadTest } from './bench-support/loadTest.js';
import { startMemorySampler } from './bench-support/memorySampler.js';
import { formatMegabytes, formatNumber, markdownTable } from './bench-support/report.js';
import { BENCH_ADMIN_TOKEN, startServiceUnderTest } from './bench-support/serviceUnderTest.js';

export interface BenchBulkOptions {
  /** Rows in the job; default 100,000. */
  readonly rows?: number;
  /** Seconds of the idle probe and of the one-by-one phase; default 10. */
  readonly seconds?: number;
  readonly log?: (line: string) => void;
  /** Told the service's process id as soon as it runs (to sample its memory). */
  readonly onServiceStarted?: (pid: number | undefined) => void;
}

export interface BenchBulkFigures {
  readonly rows: number;
  readonly failedRows: number;
  /** POST /api/v1/awards at 10 connections, one award per request. */
  readonly oneByOne: LoadFigures;
  /** From the first byte of the submission to the job's completion. */
  readonly bulkSeconds: number;
  readonly bulkRowsPerSecond: number;
  /** The part of bulkSeconds until the 202 (reading, checking and storing the rows). */
  readonly submitSeconds: number;
  /** bulk rows/s ÷ one-by-one awards/s (goal: at least 2). */
  readonly rateRatio: number;
  /**
   * The service's CPU time (all threads) per award posted one by one and per row of the job, in ms:
   * what the rates come from, and less moved by other work on the machine than they are. Undefined
   * without /proc.
   */
  readonly oneByOneCpuMsPerAward: number | undefined;
  readonly bulkCpuMsPerRow: number | undefined;
  /** The service's peak RSS from the submission to the job's completion (goal: under 1 GB). */
  readonly servicePeakRssBytes: number;
  readonly healthzIdle: LatencyFigures;
  readonly healthzDuringJob: LatencyFigures;
  /** healthz p99 during the job ÷ idle (goal: at most 5). */
  readonly latencyRatio: number;
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

interface JobState {
  readonly status: string;
  readonly counts: { readonly processed: number; readonly failed: number; readonly total: number };
}

const auth = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };

async function jobState(location: string): Promise<JobState> {
  const response = await fetch(location, { headers: auth });
  if (!response.ok) throw new Error(`GET ${location} answered ${response.status}`);
  return (await response.json()) as JobState;
}

/** Milliseconds of CPU per item between two readings, when both were made. */
function msPer(before: number | undefined, after: number | undefined, count: number): number | undefined {
  return before === undefined || after === undefined || count === 0 ? undefined : ((after - before) * 1000) / count;
}

export async function benchBulk(options: BenchBulkOptions = {}): Promise<BenchBulkFigures> {
  const rows = options.rows ?? 100_000;
  const seconds = options.seconds ?? 10;
  const log = options.log ?? (() => undefined);
  const service = await startServiceUnderTest('child');
  options.onServiceStarted?.(service.pid);
  try {
    const healthzUrl = `${service.baseUrl}/healthz`;
    await probeLatency(healthzUrl, delay(1000)); // warm-up
    log(`/healthz, idle, ${seconds} s ...`);
    const healthzIdle = await probeLatency(healthzUrl, delay(seconds * 1000));

    log(`POST /api/v1/awards one by one, 10 connections, ${seconds} s ...`);
    const awardsUrl = `${service.baseUrl}/api/v1/awards`;
    await loadTest('warm-up', { url: awardsUrl, connections: 10, duration: 2, requests: uniqueAwardRequests('w') });
    const cpuBeforeAwards = service.cpuSeconds();
    const oneByOne = await loadTest('POST /api/v1/awards', {
      url: awardsUrl,
      connections: 10,
      duration: seconds,
      requests: uniqueAwardRequests('bulk-bench'),
    });
    const cpuAfterAwards = service.cpuSeconds();

    log(`bulk job of ${formatNumber(rows)} CSV rows, /healthz probed all along ...`);
    const body = Buffer.from(benchCsv(rows), 'utf8');
    const memory = startMemorySampler(100);
    if (service.pid !== undefined) memory.watch('service', service.pid);
    let finished!: (state: JobState) => void;
    const jobDone = new Promise<JobState>((resolve) => {
      finished = resolve;
    });
    const probing = probeLatency(healthzUrl, jobDone);
    const cpuBeforeJob = service.cpuSeconds();
    const started = performance.now();
    const accepted = await fetch(`${service.baseUrl}/api/v1/bulk-jobs`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body,
    });
    const submitted = performance.now();
    if (accepted.status !== 202) throw new Error(`the bulk job was answered ${accepted.status}`);
    const location = new URL(accepted.headers.get('location') ?? '', service.baseUrl).href;
    let state = await jobState(location);
    while (state.status !== 'completed') {
      await delay(200);
      state = await jobState(location);
    }
    const bulkSeconds = (performance.now() - started) / 1000;
    const cpuAfterJob = service.cpuSeconds();
    finished(state);
    const healthzDuringJob = await probing;
    const servicePeakRssBytes = memory.stop().children['service'] ?? 0;
    if (state.counts.processed !== rows) throw new Error(`the job processed ${state.counts.processed} of ${rows}`);
    const bulkRowsPerSecond = rows / bulkSeconds;
    return {
      rows,
      failedRows: state.counts.failed,
      oneByOne,
      bulkSeconds,
      bulkRowsPerSecond,
      submitSeconds: (submitted - started) / 1000,
      rateRatio: bulkRowsPerSecond / oneByOne.perSecond,
      oneByOneCpuMsPerAward: msPer(cpuBeforeAwards, cpuAfterAwards, oneByOne.requests),
      bulkCpuMsPerRow: msPer(cpuBeforeJob, cpuAfterJob, rows),
      servicePeakRssBytes,
      healthzIdle,
      healthzDuringJob,
      latencyRatio: healthzDuringJob.p99Ms / healthzIdle.p99Ms,
    };
  } finally {
    await service.close();
  }
}

function cpuCell(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : ms.toFixed(3);
}

export function bulkTable(figures: BenchBulkFigures): string {
  const rates = markdownTable(
    ['Issuance (service: child)', 'count', 'seconds', 'per second', 'service CPU ms each', 'service peak RSS'],
    [
      [
        'POST /api/v1/awards, one by one, 10 connections',
        formatNumber(figures.oneByOne.requests),
        formatNumber(figures.oneByOne.seconds),
        formatNumber(figures.oneByOne.perSecond),
        cpuCell(figures.oneByOneCpuMsPerAward),
        '',
      ],
      [
        `bulk job, CSV (202 after ${formatNumber(figures.submitSeconds)} s)`,
        formatNumber(figures.rows),
        formatNumber(figures.bulkSeconds),
        formatNumber(figures.bulkRowsPerSecond),
        cpuCell(figures.bulkCpuMsPerRow),
        formatMegabytes(figures.servicePeakRssBytes),
      ],
      ['bulk ÷ one by one', '', '', formatNumber(figures.rateRatio), '', ''],
    ],
  );
  const latency = markdownTable(
    ['GET /healthz, one client', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx'],
    [
      ...[
        ['idle', figures.healthzIdle],
        ['during the bulk job', figures.healthzDuringJob],
      ].map(([name, f]) => {
        const load = f as LatencyFigures;
        return [
          name as string,
          formatNumber(load.requests),
          formatNumber(load.p50Ms),
          formatNumber(load.p99Ms),
          formatNumber(load.maxMs),
          String(load.non2xx),
        ];
      }),
      ['p99 during ÷ idle', '', '', formatNumber(figures.latencyRatio), '', ''],
    ],
  );
  return `${rates}\n\n${latency}`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = Number(process.argv[2] ?? 100_000);
  const seconds = Number(process.argv[3] ?? 10);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const figures = await benchBulk({ rows, seconds, log });
  log(bulkTable(figures));
  log(JSON.stringify(figures));
}
