import { Agent, get } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LatencyFigures {
  readonly requests: number;
  readonly non2xx: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * One client asking `url` every `everyMs` (or as soon as the previous answer came, when later),
 * one request at a time on one kept-alive connection, as a monitor or a visitor would, timing
 * each answer to the microsecond (autocannon rounds to whole milliseconds, too coarse for an idle
 * service). Paced, the probe measures the service without becoming a load itself. Runs until
 * `until` resolves.
 */
export async function probeLatency(url: string, until: Promise<unknown>, everyMs = 5): Promise<LatencyFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let non2xx = 0;
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const started = performance.now();
      get(url, { agent }, (response) => {
        response.resume();
        response.on('end', () => {
          latencies.push(performance.now() - started);
          if ((response.statusCode ?? 0) >= 300) non2xx += 1;
          resolve();
        });
      }).on('error', reject);
    });
  try {
    while (!done) {
      const next = performance.now() + everyMs;
      await once();
      const wait = next - performance.now();
      if (wait > 0 && !done) await delay(wait);
    }
  } finally {
    agent.destroy();
  }
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    non2xx,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? Number.NaN,
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
