import { type FSWatcher, watch as watchDirectory } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Catalog, CatalogProblem } from '../../domain/catalog/types.js';
import { utcDay } from '../../domain/dates.js';
import { AccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import { checkRulesFile, checkRulesFileSync, type RulesCheck } from './checkRulesFile.js';

/** The rules in force; replaced whole, never edited, so a request sees one version throughout. */
export interface ActiveRules {
  readonly catalog: Catalog;
  readonly version: string;
  readonly loadedAt: Date;
  readonly sha256: string;
}

export interface RefusedRules {
  readonly at: Date;
  readonly errors: readonly CatalogProblem[];
  /** Absent when the file could not be read. */
  readonly sha256?: string;
}

export type ReloadResult =
  | { readonly outcome: 'loaded'; readonly rules: ActiveRules }
  /** The file has the bytes already in force: nothing to switch. */
  | { readonly outcome: 'unchanged'; readonly rules: ActiveRules }
  | { readonly outcome: 'refused'; readonly refused: RefusedRules };

export interface RulesService {
  current(): ActiveRules;
  lastRefused(): RefusedRules | null;
  /** Re-reads the file now (the composition root calls this on SIGHUP). */
  reload(): Promise<ReloadResult>;
  /** Starts following the file; changes are picked up after a short quiet period. */
  watch(): void;
  close(): void;
}

export interface RulesServiceOptions {
  readonly path: string;
  readonly clock: Clock;
  readonly logger?: Logger;
  readonly assetsDir?: string;
  /** How long the file must stay quiet before it is read; editors write in several steps. */
  readonly debounceMs?: number;
}

const DEFAULT_DEBOUNCE_MS = 200;

/**
 * Hot reload of the catalog: a new file is validated in full before it replaces the rules in
 * force, so an invalid edit is refused (with each JSON path and problem recorded for
 * GET /api/v1/rules) while the last good rules go on serving. Throws `rules_invalid` at start,
 * when there are no good rules to fall back on.
 */
export function createRulesService(options: RulesServiceOptions): RulesService {
  const path = resolve(options.path);
  const { clock } = options;
  const logger = options.logger ?? silentLogger;
  const checkOptions = options.assetsDir === undefined ? {} : { assetsDir: options.assetsDir };

  const initial = checkRulesFileSync(path, checkOptions);
  if (!initial.ok) {
    throw new AccoladeError('rules_invalid', `The rules file ${path} is invalid`, { path, errors: initial.errors });
  }
  // An entry said to be active past its retirement date is refused in a new file; the file in
  // force when the service restarts may simply have grown old, so that is only a warning here.
  const dated = checkRulesFileSync(path, { ...checkOptions, today: today() });
  if (!dated.ok) logger.warn({ path, warnings: dated.errors }, 'the rules in force contradict today’s date');
  let active = activate(initial.catalog, initial.sha256);
  let refused: RefusedRules | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;

  function today(): string {
    return utcDay(clock.now());
  }

  function activate(catalog: Catalog, sha256: string): ActiveRules {
    return Object.freeze({ catalog, version: catalog.version, loadedAt: clock.now(), sha256 });
  }

  function apply(check: RulesCheck, trigger: 'reload' | 'watch'): ReloadResult {
    if (check.ok) {
      if (check.sha256 === active.sha256) return { outcome: 'unchanged', rules: active };
      active = activate(check.catalog, check.sha256);
      logger.info({ path, version: active.version, sha256: active.sha256, trigger }, 'rules loaded');
      return { outcome: 'loaded', rules: active };
    }
    const attempt: RefusedRules = Object.freeze({
      at: clock.now(),
      errors: check.errors,
      ...(check.sha256 === undefined ? {} : { sha256: check.sha256 }),
    });
    // While an editor swaps files the path can be missing for a moment, and the next event brings
    // it back; the same refused bytes seen again on another event in the directory are not a new
    // attempt either. Neither replaces the refusal on record.
    const repeated =
      trigger === 'watch' &&
      (check.readError === 'ENOENT' || (check.sha256 !== undefined && check.sha256 === refused?.sha256));
    if (!repeated) {
      refused = attempt;
      logger.warn(
        { path, errors: check.errors, keptVersion: active.version, trigger },
        'rules refused; kept the last good rules',
      );
    }
    return { outcome: 'refused', refused: attempt };
  }

  // Reloads run one after another, so a slow read can never replace newer rules with older ones.
  function enqueue(trigger: 'reload' | 'watch'): Promise<ReloadResult> {
    const run = queue.then(async () => apply(await checkRulesFile(path, { ...checkOptions, today: today() }), trigger));
    queue = run.catch(() => undefined);
    return run;
  }

  function onDirectoryEvent(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void enqueue('watch');
    }, options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    timer.unref();
  }

  return {
    current: () => active,
    lastRefused: () => refused,
    reload: () => enqueue('reload'),
    watch() {
      if (watcher !== undefined) return;
      // The directory is watched, not the file: editors that write a copy and rename it over the
      // original, and mounted volumes that swap a symlink, replace the inode a file watch would
      // follow. Any event re-reads the file; identical bytes change nothing.
      watcher = watchDirectory(dirname(path), { persistent: false }, onDirectoryEvent);
      watcher.on('error', (error) => logger.warn({ path, err: error }, 'cannot watch the rules file'));
    },
    close() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      watcher?.close();
      watcher = undefined;
    },
  };
}
