import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { projectPath } from '../../src/paths.js';

/** The repository's own text files (tracked, plus new ones not yet committed). */
function repositoryFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: projectPath(),
    encoding: 'utf8',
  });
  return listed
    .split('\n')
    .filter((file) => /\.(ts|cjs|mjs|js|json|md|sh)$|^\.ci\//.test(file) && !file.startsWith('test/fixtures/spec/'));
}

/** `docs/open-badges.md B8` → `B8`, for every such reference in a text. */
function sectionReferences(text: string): string[] {
  return [...text.matchAll(/docs\/open-badges\.md ([ABCD]\d{1,2})\b/g)].map((match) => match[1]!);
}

describe('the repository', () => {
  const files = repositoryFiles();

  it('reads and cites nothing outside itself (no sibling folder, no absolute path)', () => {
    expect(files.length).to.be.greaterThan(100);
    const outside = /\.\.\/shared|['"]\.\.['"],\s*['"]shared['"]|\/work\//;
    const offenders = files.filter((file) => outside.test(readFileSync(projectPath(file), 'utf8')));
    expect(offenders).to.deep.equal([]);
  });

  it('has every section of docs/open-badges.md that the code cites', () => {
    const text = readFileSync(projectPath('docs', 'open-badges.md'), 'utf8');
    const [, pitfalls = ''] = text.split('\n## C.');
    const headings = new Set([
      ...[...text.matchAll(/^### ([ABD]\d+)\./gm)].map((match) => match[1]!),
      ...[...pitfalls.matchAll(/^(\d+)\. /gm)].map((match) => `C${match[1]}`),
    ]);
    const cited = new Set(files.flatMap((file) => sectionReferences(readFileSync(projectPath(file), 'utf8'))));
    expect(cited.size).to.be.greaterThan(20);
    expect([...cited].filter((section) => !headings.has(section))).to.deep.equal([]);
  });
});
