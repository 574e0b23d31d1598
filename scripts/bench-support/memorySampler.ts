import { readFileSync } from 'node:fs';

export interface MemoryPeaks {
  /** Highest resident set size of this process (all its threads), in bytes. */
  readonly benchRss: number;
  /** Highest RSS of each watched child process, by label. */
  readonly children: Readonly<Record<string, number>>;
  /** Highest sum of this process and every watched child, sampled at the same instant. */
  readonly totalRss: number;
  readonly samples: number;
}

export interface MemorySampler {
  /** Adds a child process (e.g. the service) to the samples until it exits. */
  watch(label: string, pid: number): void;
  stop(): MemoryPeaks;
}

/** VmRSS of another process from /proc (Linux); 0 once it has exited or where /proc is absent. */
function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/** Samples resident memory every `intervalMs` for the whole run, so short peaks are seen too. */
export function startMemorySampler(intervalMs = 100): MemorySampler {
  const watched = new Map<string, number>();
  const childPeaks: Record<string, number> = {};
  let benchRss = 0;
  let totalRss = 0;
  let samples = 0;

  function sample(): void {
    const own = process.memoryUsage.rss();
    let total = own;
    for (const [label, pid] of watched) {
      const rss = rssOf(pid);
      childPeaks[label] = Math.max(childPeaks[label] ?? 0, rss);
      total += rss;
    }
    benchRss = Math.max(benchRss, own);
    totalRss = Math.max(totalRss, total);
    samples += 1;
  }

  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    watch(label, pid) {
      watched.set(label, pid);
      sample();
    },
    stop() {
      sample();
      clearInterval(timer);
      return { benchRss, children: { ...childPeaks }, totalRss, samples };
    },
  };
}
