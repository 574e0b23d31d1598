import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { projectPath } from '../../src/paths.js';

/** `| file | … | sha256 |` rows of a SOURCES.md: file → hash. */
function listedHashes(sourcesFile: string): Map<string, string> {
  const listed = new Map<string, string>();
  for (const line of readFileSync(sourcesFile, 'utf8').split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const hash = cells.at(-2) ?? '';
    if (/^[0-9a-f]{64}$/.test(hash)) listed.set(cells[1]!, hash);
  }
  return listed;
}

function filesUnder(root: string, directories: readonly string[]): string[] {
  return directories.flatMap((directory) =>
    readdirSync(`${root}/${directory}`, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `${entry.parentPath.slice(root.length + 1)}/${entry.name}`),
  );
}

/**
 * The official contexts, schemas and examples the repository carries are the published files,
 * unedited: each matches the SHA-256 its SOURCES.md records, and none goes unrecorded.
 */
describe('the copies of official files', () => {
  const sets = [
    { root: projectPath('schemas'), directories: ['contexts', 'ob3', 'clr'] },
    { root: projectPath('test', 'fixtures', 'spec'), directories: ['ob3', 'clr'] },
  ];
  for (const { root, directories } of sets) {
    it(`under ${root.slice(projectPath().length)} match SOURCES.md byte for byte`, () => {
      const listed = listedHashes(`${root}/SOURCES.md`);
      const present = filesUnder(root, directories).sort();
      expect(present).to.deep.equal([...listed.keys()].sort());
      for (const file of present) {
        const hash = createHash('sha256')
          .update(readFileSync(`${root}/${file}`))
          .digest('hex');
        expect(hash, file).to.equal(listed.get(file));
      }
    });
  }
});
