import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkRulesFileSync } from '../app/rules/checkRulesFile.js';
import { summarizeCatalog } from '../domain/catalog/listing.js';

/**
 * `npm run rules:check -- FILE`: the checks the service makes before switching to a new rules
 * file, without starting the service. Exit 0 when valid, 1 with each problem when invalid, 2 when
 * used wrongly.
 */
export interface RulesCheckOutput {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = 'usage: npm run rules:check -- FILE   (checks a catalog/rules JSON file)';

export function runRulesCheck(args: readonly string[], output: RulesCheckOutput): number {
  const file = args[0];
  if (file === undefined || file === '' || args.length > 1 || file.startsWith('-')) {
    output.err(USAGE);
    return 2;
  }
  // npm runs scripts from the project root; INIT_CWD is where `npm run rules:check` was typed.
  const check = checkRulesFileSync(resolve(process.env['INIT_CWD'] ?? process.cwd(), file));
  if (!check.ok) {
    output.out(`${file} is invalid (${count(check.errors.length, 'problem')}):`);
    for (const error of check.errors) output.out(`  ${error.path}: ${error.message}`);
    return 1;
  }
  const summary = summarizeCatalog(check.catalog);
  output.out(
    `OK ${file}: version ${summary.version}, ${count(summary.achievements, 'achievement')} ` +
      `(${count(summary.exams, 'exam')}, ${count(summary.certifications, 'certification')}, ${summary.withBadge} with a badge)`,
  );
  return 0;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = runRulesCheck(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
