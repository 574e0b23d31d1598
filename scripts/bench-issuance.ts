import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RequestStep } from 'autocannon';
import { type LoadFigures, loadTest } from './bench-support/loadTest.js';
import {
  BENCH_ADMIN_TOKEN,
  buildService,
  type ServiceMode,
  type ServiceUnderTest,
  startServiceUnderTest,
} from './bench-support/serviceUnderTest.js';

export interface IssuanceOptions {
  readonly mode?: ServiceMode;
  readonly connections?: number;
  /** Seconds each measured phase lasts. */
  readonly seconds?: number;
  /** Seconds of unmeasured load before each phase, so JIT and caches are warm. */
  readonly warmUpSeconds?: number;
  /** Told the service's process id as soon as it runs (to sample its memory). */
  readonly onServiceStarted?: (pid: number | undefined) => void;
}

/** The award emails, written by the service to its outbox (no SMTP_URL: the embedded default). */
export interface OutboxFigures {
  /** Awards created (201) in both award phases, warm-up included: each one's email is due. */
  readonly awardsCreated: number;
  /** `.eml` files in `DATA_DIR/outbox/` when the measured award phase ended. */
  readonly writtenDuringPhase: number;
  /** `.eml` files once every award's email was written, or when the wait gave up. */
  readonly written: number;
  /** Seconds from the end of the measured award phase until every email was written. */
  readonly drainSeconds: number;
  /** Service CPU per email written after the phase (everything the service did meanwhile). */
  readonly serviceCpuMsPerMail: number | undefined;
}

export interface IssuanceFigures {
  readonly mode: ServiceMode;
  /** What the child runs: `dist/main.js` (built, as `npm start`) or `src/main.ts` through tsx. */
  readonly entry: string;
  readonly healthz: LoadFigures;
  readonly awards: LoadFigures;
  /** awards/s ÷ healthz/s; the goal is at least 0.5. */
  readonly ratio: number;
  readonly outbox: OutboxFigures;
}

/** Seconds to wait for the outbox to hold every award's email before reporting what is there. */
const DRAIN_LIMIT_SECONDS = 300;

function emlFiles(dataDir: string): number {
  try {
    return readdirSync(join(dataDir, 'outbox')).filter((name) => name.endsWith('.eml')).length;
  } catch {
    return 0;
  }
}

/** Waits (polling every 100 ms) until the outbox holds `expected` emails; what it took. */
async function drainOutbox(service: ServiceUnderTest, awardsCreated: number): Promise<OutboxFigures> {
  const writtenDuringPhase = emlFiles(service.dataDir);
  const cpuBefore = service.cpuSeconds();
  const started = performance.now();
  let written = writtenDuringPhase;
  while (written < awardsCreated && performance.now() - started < DRAIN_LIMIT_SECONDS * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    written = emlFiles(service.dataDir);
  }
  const cpuAfter = service.cpuSeconds();
  const mailedAfter = written - writtenDuringPhase;
  return {
    awardsCreated,
    writtenDuringPhase,
    written,
    drainSeconds: (performance.now() - started) / 1000,
    serviceCpuMsPerMail:
      cpuBefore === undefined || cpuAfter === undefined || mailedAfter <= 0
        ? undefined
        : ((cpuAfter - cpuBefore) * 1000) / mailedAfter,
  };
}

/**
 * A pass of AZ-900 (earning the Azure Fundamentals certification) for a recipient never seen
 * before: every request goes the whole way (eligibility, history read, insert), none is a replay
 * or a duplicate.
 */
export function uniqueAwardRequests(runId: string): RequestStep[] {
  let sequence = 0;
  return [
    {
      method: 'POST',
      path: '/api/v1/awards',
      headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      setupRequest: (request) => {
        sequence += 1;
        return {
          ...request,
          body: JSON.stringify({
            recipient: {
              email: `candidate-${runId}-${sequence}@example.org`,
              name: `Candidate ${sequence}`,
              locale: sequence % 2 === 0 ? 'fr' : 'en',
            },
            achievement: 'AZ-900',
            earnedOn: '2024-05-01',
          }),
        };
      },
    },
  ];
}

/**
 * Issuance through the HTTP API against a real service (embedded store in a temp dir, admin
 * token, no rate limit, silent logs, mail to the outbox): `GET /healthz`, then `POST
 * /api/v1/awards` with a new recipient per request, each at the same number of connections for
 * the same time; then the wait until the outbox holds every award's email. A child runs the
 * built service, as `npm start` does.
 */
export async function benchIssuance(options: IssuanceOptions = {}): Promise<IssuanceFigures> {
  const mode = options.mode ?? 'child';
  const connections = options.connections ?? 10;
  const seconds = options.seconds ?? 10;
  const warmUpSeconds = options.warmUpSeconds ?? 2;
  const entry = mode === 'child' ? buildService() : undefined;
  const service = await startServiceUnderTest(mode, entry);
  options.onServiceStarted?.(service.pid);
  try {
    const healthzUrl = `${service.baseUrl}/healthz`;
    const awardsUrl = `${service.baseUrl}/api/v1/awards`;
    await loadTest('warm-up healthz', { url: healthzUrl, connections, duration: warmUpSeconds });
    const healthz = await loadTest(
      'GET /healthz',
      { url: healthzUrl, connections, duration: seconds },
      service.cpuSeconds,
    );
    const warmUp = await loadTest('warm-up awards', {
      url: awardsUrl,
      connections,
      duration: warmUpSeconds,
      requests: uniqueAwardRequests('warm-up'),
    });
    const awards = await loadTest(
      'POST /api/v1/awards',
      { url: awardsUrl, connections, duration: seconds, requests: uniqueAwardRequests('measured') },
      service.cpuSeconds,
    );
    const created = (warmUp.statusCodes['201'] ?? 0) + (awards.statusCodes['201'] ?? 0);
    const outbox = await drainOutbox(service, created);
    return {
      mode,
      entry: entry === undefined ? 'src/main.ts (in-process)' : 'dist/main.js',
      healthz,
      awards,
      ratio: awards.perSecond / healthz.perSecond,
      outbox,
    };
  } finally {
    await service.close();
  }
}
