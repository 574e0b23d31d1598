import { performance } from 'node:perf_hooks';

export interface Throughput {
  readonly name: string;
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** CPU time of this process (every thread) over wall time: 1.0 is one core kept busy. */
  readonly coresBusy: number;
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Times `count` operations, `concurrency` of them in flight at once (1: one after another). */
export async function measure(
  name: string,
  count: number,
  operation: (index: number) => unknown,
  concurrency = 1,
): Promise<Throughput> {
  let next = 0;
  const lane = async () => {
    while (next < count) await operation(next++);
  };
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const seconds = (performance.now() - started) / 1000;
  const coresBusy = (cpuSeconds() - cpuBefore) / seconds;
  return { name, count, seconds, perSecond: count / seconds, coresBusy };
}
