import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkRulesFileSync } from '../app/rules/checkRulesFile.js';
import { summarizeCatalog } from '../domain/catalog/listing.js';
import { type FamilyRules, familyRules, type MemberRule } from '../domain/catalog/memberRules.js';
import type { CatalogProblem } from '../domain/catalog/types.js';
import { utcDay } from '../domain/dates.js';

/**
 * `npm run rules:check -- FILE`: the checks the service makes before switching to a new rules
 * file, without starting the service, and what each family's members end up with.
 * Exit 0 when valid, 1 with each problem when invalid, 2 when used wrongly.
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
  const check = checkRulesFileSync(resolve(process.env['INIT_CWD'] ?? process.cwd(), file), {
    today: utcDay(new Date()),
  });
  if (!check.ok) {
    printProblems(`${file} is invalid`, check.errors, output);
    return 1;
  }
  const summary = summarizeCatalog(check.catalog);
  output.out(
    `OK ${file}: version ${summary.version}, ${count(summary.achievements, 'achievement')} ` +
      `(${count(summary.exams, 'exam')}, ${count(summary.certifications, 'certification')}, ${summary.withBadge} with a badge), ` +
      count(summary.families, 'family', 'families'),
  );
  for (const line of familyLines(familyRules(check.catalog))) output.out(line);
  return 0;
}

export function printProblems(title: string, problems: readonly CatalogProblem[], output: RulesCheckOutput): void {
  output.out(`${title} (${count(problems.length, 'problem')}):`);
  for (const problem of problems) {
    const named = [
      problem.achievement === undefined ? undefined : problem.achievement,
      problem.family === undefined ? undefined : `family ${problem.family}`,
    ].filter((part) => part !== undefined);
    output.out(`  ${named.length === 0 ? '' : `${named.join(', ')}: `}${problem.path}: ${problem.message}`);
  }
}

/** Each family, its rule, and each member's rules in force; `[family]` marks what a member inherits. */
export function familyLines(families: readonly FamilyRules[]): string[] {
  const lines: string[] = [];
  for (const { family, members } of families) {
    const rule = [
      family.status === undefined ? undefined : family.status,
      family.retirementDate === undefined ? undefined : `retirement ${family.retirementDate}`,
      family.badge === undefined ? undefined : `no badge (${family.badge.reason})`,
    ].filter((part) => part !== undefined);
    lines.push(
      `family ${family.id} "${family.name.en}": ${rule.length === 0 ? 'no rule of its own' : rule.join(', ')}; ${count(members.length, 'member')}`,
    );
    for (const member of members) lines.push(`  ${memberLine(member)}`);
  }
  return lines;
}

function memberLine(member: MemberRule): string {
  const mark = (field: keyof MemberRule['from']): string => (member.from[field] === 'family' ? ' [family]' : '');
  const retirement =
    member.retirementDate === undefined ? '' : `, retirement ${member.retirementDate}${mark('retirementDate')}`;
  const badge = member.badge === 'badge' ? 'badge' : `no badge (${member.badge})`;
  return `${member.id} (${member.kind}): ${member.status}${mark('status')}${retirement}, ${badge}${mark('badge')}`;
}

function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = runRulesCheck(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
