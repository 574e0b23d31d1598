import autocannon, { type Options } from 'autocannon';

export interface LoadFigures {
  readonly name: string;
  readonly connections: number;
  readonly seconds: number;
  /** Responses per second over the whole run (all statuses; non-2xx are counted apart). */
  readonly perSecond: number;
  readonly requests: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Service CPU time per response (all its threads), when the service runs in its own process. */
  readonly serviceCpuMsPerRequest: number | undefined;
}

/** One autocannon run against a local URL, reduced to the figures the report prints. */
export async function loadTest(
  name: string,
  options: Options,
  serviceCpuSeconds: () => number | undefined = () => undefined,
): Promise<LoadFigures> {
  const cpuBefore = serviceCpuSeconds();
  const result = await autocannon(options);
  const cpuAfter = serviceCpuSeconds();
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, stats]) => [code, Number(stats.count)]),
  );
  const requests = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  return {
    name,
    connections: options.connections ?? 10,
    seconds: result.duration,
    perSecond: requests / result.duration,
    requests,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
    serviceCpuMsPerRequest:
      cpuBefore === undefined || cpuAfter === undefined || requests === 0
        ? undefined
        : ((cpuAfter - cpuBefore) * 1000) / requests,
  };
}
