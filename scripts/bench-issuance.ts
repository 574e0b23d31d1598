import type { RequestStep } from 'autocannon';
import { type LoadFigures, loadTest } from './bench-support/loadTest.js';
import { BENCH_ADMIN_TOKEN, type ServiceMode, startServiceUnderTest } from './bench-support/serviceUnderTest.js';

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

export interface IssuanceFigures {
  readonly mode: ServiceMode;
  readonly healthz: LoadFigures;
  readonly awards: LoadFigures;
  /** awards/s ÷ healthz/s; the goal is at least 0.5. */
  readonly ratio: number;
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
 * token, no rate limit, silent logs): `GET /healthz`, then `POST /api/v1/awards` with a new
 * recipient per request, each at the same number of connections for the same time.
 */
export async function benchIssuance(options: IssuanceOptions = {}): Promise<IssuanceFigures> {
  const mode = options.mode ?? 'child';
  const connections = options.connections ?? 10;
  const seconds = options.seconds ?? 10;
  const warmUpSeconds = options.warmUpSeconds ?? 2;
  const service = await startServiceUnderTest(mode);
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
    await loadTest('warm-up awards', {
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
    return { mode, healthz, awards, ratio: awards.perSecond / healthz.perSecond };
  } finally {
    await service.close();
  }
}
