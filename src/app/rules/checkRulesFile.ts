import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog, CatalogProblem } from '../../domain/catalog/types.js';
import { validateCatalog } from '../../domain/catalog/validateCatalog.js';
import { projectPath } from '../../paths.js';
import { findJsonSyntaxError } from './jsonSyntaxError.js';

export type RulesCheck =
  | {
      readonly ok: true;
      readonly catalog: Catalog;
      readonly sha256: string;
      /** The file's text (UTF-8, without a byte-order mark), kept in the rules history. */
      readonly text: string;
    }
  | {
      readonly ok: false;
      readonly errors: readonly CatalogProblem[];
      /** Absent when the file could not be read at all. */
      readonly sha256?: string;
      /** The system error code (`ENOENT`...) when the file could not be read. */
      readonly readError?: string;
    };

export interface RulesCheckOptions {
  /** Where badge image paths point; defaults to the project's `assets/`. */
  readonly assetsDir?: string;
  /** The UTC day dated rules are judged on (an entry still active after its retirement date). */
  readonly today?: string;
  /** False for a version read back from the history: it is compared, not served. */
  readonly checkImages?: boolean;
}

/**
 * The largest rules file read or previewed. The shipped catalog is about 40 kB; a limit keeps a
 * wrong file (a log, a dump) from being parsed and held in memory.
 */
export const MAX_RULES_BYTES = 5 * 1024 * 1024;

/** Reads and checks a rules file, as the service does before switching to it. */
export async function checkRulesFile(path: string, options: RulesCheckOptions = {}): Promise<RulesCheck> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return unreadable(error);
  }
  return checkRulesBytes(bytes, options);
}

/** The same, blocking: for start-up and the command line, where nothing else is waiting. */
export function checkRulesFileSync(path: string, options: RulesCheckOptions = {}): RulesCheck {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return unreadable(error);
  }
  return checkRulesBytes(bytes, options);
}

export function checkRulesBytes(bytes: Buffer, options: RulesCheckOptions = {}): RulesCheck {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length > MAX_RULES_BYTES) {
    return {
      ok: false,
      sha256,
      errors: [
        { path: '/', message: `is ${bytes.length} bytes, more than the ${MAX_RULES_BYTES} a rules file may have` },
      ],
    };
  }
  // A byte-order mark is what some Windows editors put first; it is not JSON but means no harm.
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, sha256, errors: [{ path: '/', message: describeSyntaxError(error, text) }] };
  }
  const validation = validateCatalog(json, options.today === undefined ? {} : { today: options.today });
  if (!validation.ok) return { ok: false, sha256, errors: validation.errors };
  if (options.checkImages === false) return { ok: true, catalog: validation.catalog, sha256, text };
  const assetsDir = options.assetsDir ?? projectPath('assets');
  const missing = missingImages(validation.catalog, (file) => existsSync(join(assetsDir, file)));
  return missing.length === 0
    ? { ok: true, catalog: validation.catalog, sha256, text }
    : { ok: false, sha256, errors: missing };
}

/** A badge image named in the catalog must exist, or every badge for it would be broken. */
function missingImages(catalog: Catalog, exists: (file: string) => boolean): CatalogProblem[] {
  return catalog.achievements.flatMap((achievement, index) =>
    achievement.badge.available && achievement.badge.image !== undefined && !exists(achievement.badge.image)
      ? [
          {
            path: `/achievements/${index}/badge/image`,
            achievement: achievement.id,
            message: `names assets/${achievement.badge.image}, which does not exist`,
          },
        ]
      : [],
  );
}

function unreadable(error: unknown): RulesCheck {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  return { ok: false, readError: code, errors: [{ path: '/', message: `the file cannot be read (${code})` }] };
}

function describeSyntaxError(error: unknown, text: string): string {
  const found = findJsonSyntaxError(text);
  if (found !== undefined) return `is not valid JSON: ${found.problem} at line ${found.line}, column ${found.column}`;
  return `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
}
