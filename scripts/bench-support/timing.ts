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

export interface Contender {
  readonly name: string;
  readonly operation: (index: number) => unknown;
  /** Operations in flight at once (1: one after another). */
  readonly concurrency: number;
}

/**
 * Times several ways of doing the same work, `count` operations each, in `rounds` alternating
 * slices (a slice of the first, of the second, … then again): on a shared machine whose load
 * changes during the run, each contender meets the same load, so their ratios hold.
 */
export async function measureAlternating(
  contenders: readonly Contender[],
  count: number,
  rounds: number,
): Promise<Throughput[]> {
  const totals = contenders.map(() => ({ seconds: 0, cpu: 0, done: 0 }));
  for (let round = 0; round < rounds; round += 1) {
    const slice = Math.floor(((round + 1) * count) / rounds) - Math.floor((round * count) / rounds);
    for (const [index, contender] of contenders.entries()) {
      const total = totals[index]!;
      const offset = total.done;
      const figure = await measure(
        contender.name,
        slice,
        (i) => contender.operation(offset + i),
        contender.concurrency,
      );
      total.seconds += figure.seconds;
      total.cpu += figure.coresBusy * figure.seconds;
      total.done += slice;
    }
  }
  return contenders.map((contender, index) => {
    const { seconds, cpu, done } = totals[index]!;
    return { name: contender.name, count: done, seconds, perSecond: done / seconds, coresBusy: cpu / seconds };
  });
}
