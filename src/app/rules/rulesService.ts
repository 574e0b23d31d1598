import { type FSWatcher, watch as watchDirectory } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { catalogChanges } from '../../domain/catalog/catalogChanges.js';
import type { Catalog, CatalogProblem } from '../../domain/catalog/types.js';
import { isoInstant, utcDay } from '../../domain/dates.js';
import { AccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import { checkRulesBytes, checkRulesFile, checkRulesFileSync, type RulesCheck } from './checkRulesFile.js';
import type { RulesHistory, RulesLoadedBy, RulesTrigger } from './rulesHistory.js';

/** The rules in force; replaced whole, never edited, so a request sees one version throughout. */
export interface ActiveRules {
  readonly catalog: Catalog;
  readonly version: string;
  readonly loadedAt: Date;
  readonly sha256: string;
  /** The file's text, kept for the history. */
  readonly text: string;
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

/** A candidate file judged as a reload would judge it, without taking effect. */
export type CandidateCheck =
  | { readonly ok: true; readonly catalog: Catalog; readonly sha256: string; readonly active: ActiveRules }
  | { readonly ok: false; readonly errors: readonly CatalogProblem[]; readonly sha256?: string };

/** How a reload was asked for: SIGHUP, or the API with the key that asked. */
export type ReloadRequest = { readonly trigger: 'sighup' } | { readonly trigger: 'api'; readonly by: RulesLoadedBy };

export interface RulesService {
  current(): ActiveRules;
  lastRefused(): RefusedRules | null;
  /** Re-reads the file now (the composition root calls this on SIGHUP, the API on request). */
  reload(request?: ReloadRequest): Promise<ReloadResult>;
  /** Checks candidate bytes against the rules in force and the history; nothing changes. */
  checkCandidate(bytes: Buffer): Promise<CandidateCheck>;
  /**
   * Keeps every version that takes effect in `history`, starting with the one in force (unless
   * it is the latest there already). Refuses, with `rules_invalid`, a file new to the history
   * that reuses a version name for other content or contradicts today's date.
   */
  useHistory(history: RulesHistory): Promise<void>;
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
  const today = (): string => utcDay(clock.now());

  const initial = checkRulesFileSync(path, checkOptions);
  if (!initial.ok) {
    throw new AccoladeError('rules_invalid', `The rules file ${path} is invalid`, { path, errors: initial.errors });
  }
  let active = activate(initial.catalog, initial.sha256, initial.text);
  let refused: RefusedRules | null = null;
  let history: RulesHistory | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;

  function activate(catalog: Catalog, sha256: string, text: string): ActiveRules {
    return Object.freeze({ catalog, version: catalog.version, loadedAt: clock.now(), sha256, text });
  }

  /**
   * A version names one content: a changed file that keeps the version in force, or one that
   * took effect before with other content, would make the history ambiguous.
   */
  async function versionProblems(catalog: Catalog, sha256: string): Promise<CatalogProblem[]> {
    if (sha256 === active.sha256) return [];
    if (catalog.version === active.version) {
      return [
        {
          path: '/version',
          message: `is still "${catalog.version}", the version in force, but the file changed (sha256 ${sha256}, in force ${active.sha256}): give every edit a new version`,
        },
      ];
    }
    const earlier = (await history?.withVersion(catalog.version))?.find((record) => record.sha256 !== sha256);
    return earlier === undefined
      ? []
      : [
          {
            path: '/version',
            message: `is "${catalog.version}", which took effect on ${earlier.loadedAt} with other content (sha256 ${earlier.sha256}): give every edit a new version`,
          },
        ];
  }

  async function checkCandidate(bytes: Buffer): Promise<CandidateCheck> {
    const check = checkRulesBytes(bytes, { ...checkOptions, today: today() });
    return judged(check);
  }

  async function judged(check: RulesCheck): Promise<CandidateCheck> {
    if (!check.ok) {
      return { ok: false, errors: check.errors, ...(check.sha256 === undefined ? {} : { sha256: check.sha256 }) };
    }
    const problems = await versionProblems(check.catalog, check.sha256);
    return problems.length > 0
      ? { ok: false, errors: problems, sha256: check.sha256 }
      : { ok: true, catalog: check.catalog, sha256: check.sha256, active };
  }

  async function apply(check: RulesCheck, trigger: Exclude<RulesTrigger, 'start'>, by?: RulesLoadedBy) {
    if (check.ok && check.sha256 === active.sha256) return { outcome: 'unchanged', rules: active } as const;
    const candidate = await judged(check);
    if (candidate.ok && check.ok) {
      const next = activate(check.catalog, check.sha256, check.text);
      // Kept before it takes effect: a version in force is always in the history.
      await history?.record({
        version: next.version,
        sha256: next.sha256,
        loadedAt: isoInstant(next.loadedAt),
        trigger,
        ...(by === undefined ? {} : { by }),
        previous: { version: active.version, sha256: active.sha256 },
        changes: catalogChanges(active.catalog, next.catalog),
        content: next.text,
      });
      active = next;
      logger.info({ path, version: active.version, sha256: active.sha256, trigger, by }, 'rules loaded');
      return { outcome: 'loaded', rules: active } as const;
    }
    return refuse(check, candidate.ok ? [] : candidate.errors, trigger);
  }

  function refuse(check: RulesCheck, errors: readonly CatalogProblem[], trigger: string): ReloadResult {
    const attempt: RefusedRules = Object.freeze({
      at: clock.now(),
      errors,
      ...(check.sha256 === undefined ? {} : { sha256: check.sha256 }),
    });
    // While an editor swaps files the path can be missing for a moment, and the next event brings
    // it back; the same refused bytes seen again on another event in the directory are not a new
    // attempt either. Neither replaces the refusal on record.
    const repeated =
      trigger === 'watch' &&
      ((!check.ok && check.readError === 'ENOENT') || (check.sha256 !== undefined && check.sha256 === refused?.sha256));
    if (!repeated) {
      refused = attempt;
      logger.warn({ path, errors, keptVersion: active.version, trigger }, 'rules refused; kept the last good rules');
    }
    return { outcome: 'refused', refused: attempt };
  }

  // Reloads run one after another, so a slow read can never replace newer rules with older ones.
  function enqueue(trigger: Exclude<RulesTrigger, 'start'>, by?: RulesLoadedBy): Promise<ReloadResult> {
    const run = queue.then(async () =>
      apply(await checkRulesFile(path, { ...checkOptions, today: today() }), trigger, by),
    );
    queue = run.catch(() => undefined);
    return run;
  }

  function onDirectoryEvent(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      enqueue('watch').catch((error: unknown) =>
        logger.error({ path, err: error }, 'rules change not applied: the history could not be written'),
      );
    }, options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    timer.unref();
  }

  async function useHistory(store: RulesHistory): Promise<void> {
    const latest = await store.latest();
    // An entry said to be active past its retirement date is refused in a file new to the
    // history; the file that took effect before may simply have grown old since: a warning then.
    const dated = checkRulesBytes(Buffer.from(active.text, 'utf8'), { ...checkOptions, today: today() });
    const datedErrors = dated.ok ? [] : dated.errors;
    if (latest?.sha256 === active.sha256) {
      if (datedErrors.length > 0) logger.warn({ path, warnings: datedErrors }, 'the rules in force contradict today');
      history = store;
      return;
    }
    history = store;
    const errors: CatalogProblem[] = [...datedErrors];
    const reused = (await store.withVersion(active.version)).find((record) => record.sha256 !== active.sha256);
    if (reused !== undefined) {
      errors.push({
        path: '/version',
        message: `is "${active.version}", which took effect on ${reused.loadedAt} with other content (sha256 ${reused.sha256}): give every edit a new version`,
      });
    }
    if (errors.length > 0) {
      history = undefined;
      throw new AccoladeError('rules_invalid', `The rules file ${path} is invalid`, { path, errors });
    }
    await store.record({
      version: active.version,
      sha256: active.sha256,
      loadedAt: isoInstant(active.loadedAt),
      trigger: 'start',
      ...(latest === null ? {} : { previous: { version: latest.version, sha256: latest.sha256 } }),
      ...(latest === null ? {} : { changes: changesSince(latest.content) }),
      content: active.text,
    });
  }

  /** The changes from an earlier version's text; that text passed the checks when it took effect. */
  function changesSince(text: string) {
    const earlier = checkRulesBytes(Buffer.from(text, 'utf8'), { checkImages: false });
    return earlier.ok ? catalogChanges(earlier.catalog, active.catalog) : undefined;
  }

  return {
    current: () => active,
    lastRefused: () => refused,
    reload: (request = { trigger: 'sighup' }) =>
      enqueue(request.trigger, request.trigger === 'api' ? request.by : undefined),
    checkCandidate,
    useHistory,
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
