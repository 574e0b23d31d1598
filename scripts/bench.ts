import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type BenchBulkFigures, benchBulk, bulkTable } from './bench-bulk.js';
import { benchFormats, type FormatFigures } from './bench-formats.js';
import { benchIssuance, type IssuanceFigures } from './bench-issuance.js';
import { benchReminders, type ReminderFigures, remindersTable } from './bench-reminders.js';
import { benchScale, type ScaleFigures, scaleTable } from './bench-scale.js';
import type { LoadFigures } from './bench-support/loadTest.js';
import { startMemorySampler } from './bench-support/memorySampler.js';
import { describeMachine, formatMegabytes, formatNumber, markdownTable } from './bench-support/report.js';
import type { ServiceMode } from './bench-support/serviceUnderTest.js';
import { benchVerify, ownBadgeGoalMet, type VerifyFigures, verifyTable } from './bench-verify.js';

/**
 * `npm run bench`: every performance figure of the issue in one bounded run on this machine,
 * printed as tables, then as one JSON line (the last line of the output) for machines.
 *
 *   --mode child|in-process   where the service runs for the HTTP figures (default: child)
 *   --seconds N               length of each measured HTTP phase (default: 10)
 *   --only issuance,formats,verify,bulk,scale,reminders   run some sections only
 *   --scale-awards 10000,1000000   store sizes of the scale section (the first is the reference)
 *   --reminder-awards 10000,100000   pending awards of the reminders section (the first is the reference)
 */
const SECTIONS = ['issuance', 'formats', 'verify', 'bulk', 'scale', 'reminders'] as const;
type Section = (typeof SECTIONS)[number];

interface Goal {
  readonly goal: string;
  readonly met: boolean;
  readonly detail: string;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string', default: 'child' },
      seconds: { type: 'string', default: '10' },
      only: { type: 'string', default: SECTIONS.join(',') },
      'scale-awards': { type: 'string', default: '10000,1000000' },
      'reminder-awards': { type: 'string', default: '10000,100000' },
    },
  });
  const reminderSizes = values['reminder-awards'].split(',').map(Number);
  if (reminderSizes.length !== 2 || !reminderSizes.every((size) => Number.isInteger(size) && size > 0)) {
    throw new Error('--reminder-awards is two whole numbers: the reference size and the large one');
  }
  const scaleSizes = values['scale-awards'].split(',').map(Number);
  if (scaleSizes.length !== 2 || !scaleSizes.every((size) => Number.isInteger(size) && size > 0)) {
    throw new Error('--scale-awards is two whole numbers: the reference size and the large one');
  }
  if (values.mode !== 'child' && values.mode !== 'in-process') throw new Error('--mode is child or in-process');
  const seconds = Number(values.seconds);
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error('--seconds is a whole number of seconds');
  const only = values.only.split(',').map((name) => name.trim());
  const unknown = only.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--only knows ${SECTIONS.join(', ')}; not ${unknown.join(', ')}`);
  return { mode: values.mode as ServiceMode, seconds, scaleSizes, reminderSizes, sections: new Set(only as Section[]) };
}

function issuanceTable(figures: IssuanceFigures): string {
  const rows = [figures.healthz, figures.awards].map((load) => [
    load.name,
    formatNumber(load.perSecond),
    formatNumber(load.latencyP50Ms),
    formatNumber(load.latencyP99Ms),
    String(load.non2xx),
    String(load.errors),
    formatNumber(load.requests),
    load.serviceCpuMsPerRequest === undefined ? 'n/a' : formatNumber(load.serviceCpuMsPerRequest),
  ]);
  rows.push(['awards/s ÷ healthz/s', formatNumber(figures.ratio), '', '', '', '', '', '']);
  const { outbox } = figures;
  const mail = markdownTable(
    ['Award emails (outbox on: DATA_DIR/outbox/*.eml)', 'count'],
    [
      ['awards created (201), warm-up included', formatNumber(outbox.awardsCreated)],
      ['.eml written when the award phase ended', formatNumber(outbox.writtenDuringPhase)],
      ['.eml written by the end', formatNumber(outbox.written)],
      ['seconds after the phase until all were written', formatNumber(outbox.drainSeconds)],
      [
        'service CPU ms per email written after the phase',
        outbox.serviceCpuMsPerMail === undefined ? 'n/a' : formatNumber(outbox.serviceCpuMsPerMail),
      ],
    ],
  );
  const http = markdownTable(
    ['HTTP, 10 connections', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'requests', 'service CPU ms/req'],
    rows,
  );
  return `Service: ${figures.entry}\n${http}\n\n${mail}`;
}

function formatsTable(formats: FormatFigures): string {
  const rows = formats.figures.map((figure) => [
    figure.name,
    formatNumber(figure.count),
    formatNumber(figure.perSecond),
    formatNumber((figure.seconds * 1000) / figure.count),
    formatNumber(figure.coresBusy),
    formatNumber((figure.coresBusy * figure.seconds * 1000) / figure.count),
  ]);
  rows.push(
    ['Data Integrity: ours in-thread ÷ raw', '', formatNumber(formats.dataIntegrityVsRaw), '', '', ''],
    [`Data Integrity: ours on the pool ÷ raw`, '', formatNumber(formats.dataIntegrityPoolVsRaw), '', '', ''],
  );
  return markdownTable(['Format (in-process)', 'count', 'per second', 'ms each', 'cores busy', 'CPU ms each'], rows);
}

/** Service CPU per request on main before the HTTP work (README, 7 December 2026): the goal halves them. */
const HEALTHZ_CPU_MS_BEFORE = 0.36;
const AWARD_CPU_MS_BEFORE = 0.83;

function cpuGoal(name: string, load: LoadFigures, before: number): Goal {
  const cpu = load.serviceCpuMsPerRequest;
  return {
    goal: `service CPU per ${name} at most half of ${formatNumber(before)} ms`,
    met: cpu !== undefined && cpu <= before / 2,
    detail: cpu === undefined ? 'not measured (service in-process)' : `${formatNumber(cpu)} ms per request`,
  };
}

function issuanceGoals(figures: IssuanceFigures): Goal[] {
  const non2xx = figures.healthz.non2xx + figures.awards.non2xx + figures.healthz.errors + figures.awards.errors;
  return [
    {
      goal: 'awards/s at least half of healthz/s',
      met: figures.ratio >= 0.5,
      detail: `${formatNumber(figures.awards.perSecond)} awards/s vs ${formatNumber(figures.healthz.perSecond)} healthz/s: ratio ${formatNumber(figures.ratio)}`,
    },
    { goal: 'no non-2xx answer or error', met: non2xx === 0, detail: `${non2xx} non-2xx answers or errors` },
    cpuGoal('GET /healthz', figures.healthz, HEALTHZ_CPU_MS_BEFORE),
    cpuGoal('POST /api/v1/awards', figures.awards, AWARD_CPU_MS_BEFORE),
    {
      goal: 'with the outbox on, every award mailed: one .eml per award created',
      met: figures.outbox.written >= figures.outbox.awardsCreated,
      detail: `${formatNumber(figures.outbox.written)} .eml for ${formatNumber(figures.outbox.awardsCreated)} awards, all written ${formatNumber(figures.outbox.drainSeconds)} s after the phase`,
    },
  ];
}

function formatGoals(formats: FormatFigures, cores: number): Goal[] {
  // Two workers on two cores: both cores busy means close to 2 cores of CPU time per second.
  const wanted = 0.9 * Math.min(2, cores);
  return [
    {
      goal: 'Data Integrity signing uses both cores',
      met: formats.dataIntegrityPoolCoresBusy >= wanted,
      detail: `${formatNumber(formats.dataIntegrityPoolCoresBusy)} cores busy, ${formatNumber(formats.dataIntegritySpeedUp)}x the in-thread rate`,
    },
    {
      goal: 'Data Integrity signing in one thread at least as fast as raw vc.issue()',
      met: formats.dataIntegrityVsRaw >= 1,
      detail: `${formatNumber(formats.dataIntegrityVsRaw)}x raw`,
    },
    {
      goal: `Data Integrity signing on the worker pool at least 1.8x raw vc.issue() in one thread (${cores} cores)`,
      met: formats.dataIntegrityPoolVsRaw >= 1.8,
      detail: `${formatNumber(formats.dataIntegrityPoolVsRaw)}x raw`,
    },
  ];
}

function verifyGoals(verify: VerifyFigures): Goal[] {
  const slowest = verify.own.reduce((low, figure) => (figure.ratio < low.ratio ? figure : low));
  return [
    {
      goal: 'our own badges verified by URL at least at half of healthz/s, every format',
      met: ownBadgeGoalMet(verify),
      detail: `slowest: ${slowest.name}, ratio ${formatNumber(slowest.ratio)}`,
    },
  ];
}

function bulkGoals(bulk: BenchBulkFigures): Goal[] {
  return [
    {
      goal: 'a bulk job of 100,000 rows at least 2x the rate of the same awards posted one by one at 10 connections',
      met: bulk.rateRatio >= 2,
      detail: `${formatNumber(bulk.bulkRowsPerSecond)} rows/s vs ${formatNumber(bulk.oneByOne.perSecond)} awards/s: ratio ${formatNumber(bulk.rateRatio)}`,
    },
    {
      goal: 'bulk job memory under 1 GB',
      met: bulk.servicePeakRssBytes < 1024 ** 3,
      detail: `service peak RSS ${formatMegabytes(bulk.servicePeakRssBytes)} during the job`,
    },
    {
      goal: '/healthz p99 during the bulk job at most 5x its idle p99',
      met: bulk.latencyRatio <= 5,
      detail: `${formatNumber(bulk.healthzDuringJob.p99Ms)} ms vs ${formatNumber(bulk.healthzIdle.p99Ms)} ms idle: ratio ${formatNumber(bulk.latencyRatio)}`,
    },
  ];
}

function scaleGoals(scale: ScaleFigures): Goal[] {
  const [small, large] = scale.phases as [ScaleFigures['phases'][0], ScaleFigures['phases'][0]];
  const at = formatNumber(large.awards);
  const issueRatio = large.issue.perSecond / small.issue.perSecond;
  const listRatio = large.list.perSecond / small.list.perSecond;
  const postRatio = large.issue.perSecond / large.healthz.perSecond;
  return [
    {
      goal: `start-up to a healthy /healthz under 5 s with ${at} awards`,
      met: large.startMs < 5000,
      detail: `${formatNumber(large.startMs)} ms (${formatNumber(small.startMs)} ms with ${formatNumber(small.awards)})`,
    },
    {
      goal: `service resident memory under 300 MB with ${at} awards`,
      met: large.peakRssBytes < 300 * 1024 ** 2,
      detail: `peak ${formatMegabytes(large.peakRssBytes)} over start-up and every phase`,
    },
    {
      goal: `issuing with ${at} awards at least 0.8 x its rate with ${formatNumber(small.awards)}`,
      met: issueRatio >= 0.8,
      detail: `${formatNumber(large.issue.perSecond)} vs ${formatNumber(small.issue.perSecond)} awards/s: ${formatNumber(issueRatio)}`,
    },
    {
      goal: `listing a recipient's awards with ${at} awards at least 0.8 x its rate with ${formatNumber(small.awards)}`,
      met: listRatio >= 0.8,
      detail: `${formatNumber(large.list.perSecond)} vs ${formatNumber(small.list.perSecond)} lists/s: ${formatNumber(listRatio)}`,
    },
    {
      goal: `POST /api/v1/awards at least 0.5 x /healthz at 10 connections with ${at} awards`,
      met: postRatio >= 0.5,
      detail: `${formatNumber(large.issue.perSecond)} vs ${formatNumber(large.healthz.perSecond)} req/s: ${formatNumber(postRatio)}`,
    },
  ];
}

function reminderGoals(figures: ReminderFigures): Goal[] {
  const [small, large] = figures.phases as [ReminderFigures['phases'][0], ReminderFigures['phases'][0]];
  const growth = large.peakRssBytes / small.peakRssBytes;
  const ratio = (phase: typeof small) => phase.remindersPerSecond / phase.smtpOnlyPerSecond;
  return [
    {
      goal: `memory flat as the queue grows: the job process's peak RSS with ${formatNumber(large.pending)} pending at most 1.3 x that with ${formatNumber(small.pending)}`,
      met: growth <= 1.3,
      detail: `${formatMegabytes(large.peakRssBytes)} vs ${formatMegabytes(small.peakRssBytes)} (${formatNumber(growth)} x; from ${formatMegabytes(large.rssBeforeBytes)} and ${formatMegabytes(small.rssBeforeBytes)} at start; heap peaks ${formatMegabytes(large.peakHeapBytes)} and ${formatMegabytes(small.peakHeapBytes)})`,
    },
    {
      goal: 'sending limited by SMTP, not by the job: reminders/s at least 0.8 x the transport alone, at both sizes',
      met: ratio(small) >= 0.8 && ratio(large) >= 0.8,
      detail: figures.phases
        .map(
          (phase) =>
            `${formatNumber(phase.pending)} pending: ${formatNumber(phase.remindersPerSecond)} vs ${formatNumber(phase.smtpOnlyPerSecond)} messages/s, ${formatNumber(ratio(phase))}`,
        )
        .join('; '),
    },
  ];
}

async function main(): Promise<void> {
  const options = parseOptions();
  const machine = describeMachine();
  const memory = startMemorySampler(100);
  const started = Date.now();
  const log = (text: string) => process.stdout.write(`${text}\n`);
  log(`Accolade benchmark: ${machine.cores} × ${machine.cpu}, Node ${machine.node}, ${machine.platform}`);
  log(`Load average before the run: ${formatNumber(machine.loadAverage)}`);
  if (machine.loadAverage > machine.cores / 2) {
    log('Other processes are busy on this machine: every figure below is lower than it would be on an idle one.');
  }

  const goals: Goal[] = [];
  const result: Record<string, unknown> = { machine };

  /** Runs one section when asked for: its figures, its table, its goals. */
  async function section<F>(
    name: Section,
    title: string,
    run: () => Promise<F>,
    table: (figures: F) => string,
    goalsOf: (figures: F) => Goal[],
  ): Promise<void> {
    if (!options.sections.has(name)) return;
    log(`\n${title} ...`);
    const figures = await run();
    log(table(figures));
    goals.push(...goalsOf(figures));
    result[name] = figures;
  }
  const watchService = (label: string) => (pid: number | undefined) => {
    if (pid !== undefined) memory.watch(label, pid);
  };

  await section(
    'issuance',
    `HTTP issuance (service: ${options.mode}, ${options.seconds} s per phase)`,
    () =>
      benchIssuance({
        mode: options.mode,
        seconds: options.seconds,
        onServiceStarted: watchService('issuance service'),
      }),
    issuanceTable,
    issuanceGoals,
  );
  await section(
    'formats',
    'Formats',
    () => benchFormats(),
    formatsTable,
    (formats) => formatGoals(formats, machine.cores),
  );
  await section(
    'verify',
    'Verification (service: child)',
    () => benchVerify({ onServiceStarted: watchService('verify service') }),
    verifyTable,
    verifyGoals,
  );
  await section(
    'bulk',
    'Bulk issuance (service: child)',
    () => benchBulk({ log, seconds: options.seconds, onServiceStarted: watchService('bulk service') }),
    bulkTable,
    bulkGoals,
  );
  await section(
    'scale',
    `The store at scale (service: child, ${options.seconds} s per phase)`,
    () => benchScale({ seconds: options.seconds, sizes: options.scaleSizes, log }),
    scaleTable,
    scaleGoals,
  );

  await section(
    'reminders',
    'The reminder job over the pending queue (in-process, local SMTP server)',
    () => benchReminders({ sizes: options.reminderSizes, log }),
    remindersTable,
    reminderGoals,
  );

  const peaks = memory.stop();
  const seconds = (Date.now() - started) / 1000;
  log('\nPeak memory (RSS, sampled every 100 ms)');
  log(
    markdownTable(
      ['Process', 'peak RSS'],
      [
        ['benchmark process', formatMegabytes(peaks.benchRss)],
        ...Object.entries(peaks.children).map(([label, rss]) => [`${label} (child process)`, formatMegabytes(rss)]),
        ['all of them at the same instant', formatMegabytes(peaks.totalRss)],
      ],
    ),
  );
  log('\nGoals');
  for (const goal of goals) log(`- ${goal.met ? 'met' : 'NOT met'}: ${goal.goal} (${goal.detail})`);
  const loadAverageAfter = loadavg()[0] ?? 0;
  log(`\nRun took ${formatNumber(seconds)} s; load average after it: ${formatNumber(loadAverageAfter)}.`);
  log(JSON.stringify({ ...result, memory: peaks, goals, seconds, loadAverageAfter }));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
