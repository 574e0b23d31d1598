import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkRulesFileSync } from '../app/rules/checkRulesFile.js';
import type { RulesPreview } from '../app/rules/previewImpact.js';
import { summarizeCatalog } from '../domain/catalog/listing.js';
import { type FamilyRules, familyRules, type MemberRule } from '../domain/catalog/memberRules.js';
import type { CatalogProblem } from '../domain/catalog/types.js';
import { utcDay } from '../domain/dates.js';

/**
 * `npm run rules:check -- FILE [--against URL]`: the checks the service makes before switching to
 * a new rules file, without starting the service, and what each family's members end up with;
 * with `--against`, what the file would change on a running service (its preview endpoint, with
 * the admin key in ACCOLADE_API_KEY). Exit 0 when valid, 1 with each problem when invalid or
 * refused, 2 when used wrongly.
 */
export interface RulesCheckOutput {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE =
  'usage: npm run rules:check -- FILE [--against URL]   (checks a catalog/rules JSON file; with --against, previews it on the service at URL using ACCOLADE_API_KEY)';

export async function runRulesCheck(
  args: readonly string[],
  output: RulesCheckOutput,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const [file, flag, url, ...extra] = args;
  const usable =
    file !== undefined &&
    file !== '' &&
    !file.startsWith('-') &&
    extra.length === 0 &&
    (flag === undefined || (flag === '--against' && url !== undefined && url !== ''));
  if (!usable) {
    output.err(USAGE);
    return 2;
  }
  // npm runs scripts from the project root; INIT_CWD is where `npm run rules:check` was typed.
  const path = resolve(env['INIT_CWD'] ?? process.cwd(), file);
  const check = checkRulesFileSync(path, { today: utcDay(new Date()) });
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
  if (url === undefined) return 0;
  const key = env['ACCOLADE_API_KEY'];
  if (key === undefined || key === '') {
    output.err('--against needs an admin API key in ACCOLADE_API_KEY');
    return 2;
  }
  return previewAgainst(url, key, readFileSync(path), output);
}

/** Asks the service at `url` what the file would change there (POST /api/v1/rules/preview). */
async function previewAgainst(url: string, key: string, bytes: Buffer, output: RulesCheckOutput): Promise<number> {
  let target: URL;
  try {
    target = new URL('api/v1/rules/preview', url.endsWith('/') ? url : `${url}/`);
  } catch {
    output.err(`${url} is not a URL`);
    return 2;
  }
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: bytes,
    });
  } catch (error) {
    output.out(
      `cannot reach ${target.href}: ${error instanceof Error ? (error.cause ?? error).toString() : String(error)}`,
    );
    return 1;
  }
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (response.status === 200 && body !== null) {
    for (const line of previewLines(url, body as unknown as RulesPreview)) output.out(line);
    return 0;
  }
  const error = (body?.['error'] ?? {}) as { code?: string; message?: string; details?: { errors?: CatalogProblem[] } };
  if (error.code === 'rules_invalid' && error.details?.errors !== undefined) {
    printProblems(`${url} refuses it`, error.details.errors, output);
  } else {
    output.out(`${url} answered ${response.status} ${error.code ?? ''}: ${error.message ?? ''}`.trim());
  }
  return 1;
}

/** The preview as lines a maintainer reads in a terminal. */
export function previewLines(url: string, preview: RulesPreview): string[] {
  const { changes, history } = preview;
  const list = (label: string, items: readonly string[]): string[] =>
    items.length === 0 ? [] : [`  ${label}: ${items.join(', ')}`];
  const lines = [
    `Against ${url}: version ${preview.from.version} in force → ${preview.to.version} (nothing applied)`,
    ...list(
      'added',
      changes.added.map((entry) => `${entry.id} (${entry.kind})`),
    ),
    ...list(
      'removed',
      changes.removed.map((entry) => `${entry.id} (${entry.kind})`),
    ),
    ...list(
      'retired',
      changes.retired.map(
        (entry) =>
          `${entry.id} after ${entry.retirementDate}${entry.previousRetirementDate === undefined ? '' : ` (was ${entry.previousRetirementDate})`}${entry.family === undefined ? '' : ` [family ${entry.family}]`}`,
      ),
    ),
    ...list(
      'no longer with a badge',
      changes.excluded.map(
        (entry) => `${entry.id} (${entry.reason})${entry.family === undefined ? '' : ` [family ${entry.family}]`}`,
      ),
    ),
    ...list(
      'badge restored',
      changes.badgeRestored.map((entry) => entry.id),
    ),
    ...list(
      'renamed',
      changes.renamed.map((entry) => `${entry.id} "${entry.from.en}" → "${entry.to.en}"`),
    ),
    ...list(
      'changed',
      changes.changed.map((entry) => `${entry.id} (${entry.fields.join(', ')})`),
    ),
    ...list('families added', changes.families.added),
    ...list('families removed', changes.families.removed),
    ...list(
      'families changed',
      changes.families.changed.map((entry) => `${entry.id} (${entry.fields.join(', ')})`),
    ),
    'Awards on record:',
  ];
  for (const entry of history.affected) {
    const { total, pending, accepted, declined, revoked } = entry.awards;
    const after =
      entry.earnedAfterRetirement === undefined
        ? ''
        : `; ${entry.earnedAfterRetirement} earned after ${entry.retirementDate}`;
    lines.push(
      `  ${entry.id} ${entry.change}: ${count(total, 'award')} (${pending} pending, ${accepted} accepted, ${declined} declined, ${revoked} revoked)${after}`,
    );
  }
  if (history.affected.length === 0)
    lines.push('  none of the awards on record is of an entry retired, excluded or removed');
  lines.push(`  pending awards affected: ${history.pendingAwards} (they stay claimable)`);
  for (const completion of history.completions) {
    lines.push(
      `  would now complete ${completion.certification}: ${count(completion.recipients, 'recipient')}${completion.truncated ? ' or more' : ''} (${completion.sample.join(', ')})`,
    );
  }
  lines.push(`  ${history.note}`);
  return lines;
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
  void runRulesCheck(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
