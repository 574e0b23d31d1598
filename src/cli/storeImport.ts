import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importNedbDirectory } from '../adapters/store-sqlite/importNedb.js';
import { isAccoladeError } from '../errors.js';
import type { CliOutput } from './backup.js';

/**
 * `npm run store:import -- DIR`: imports a data directory of the nedb era (one `<name>.db` file
 * per collection) into `DIR/accolade.sqlite`, once, and reports what it moved per collection.
 * Exit 0 when done, 1 when refused or failed, 2 when used wrongly.
 */
export const USAGE = 'usage: npm run store:import -- DIR   (imports the nedb files of DIR into DIR/accolade.sqlite)';

export async function runStoreImport(args: readonly string[], output: CliOutput): Promise<number> {
  const [directory, ...extra] = args;
  if (directory === undefined || directory === '' || directory.startsWith('-') || extra.length > 0) {
    output.err(USAGE);
    return 2;
  }
  try {
    const report = await importNedbDirectory(directory);
    for (const entry of report) {
      const notes = [
        `${entry.lines} lines read`,
        `${entry.deleted} deleted`,
        `${entry.indexLines} index lines skipped`,
        ...(entry.tornLastLine ? ['a last line cut short by a crash dropped'] : []),
      ];
      output.out(`${entry.collection}: ${entry.documents} documents imported (${notes.join(', ')})`);
    }
    const total = report.reduce((sum, entry) => sum + entry.documents, 0);
    output.out(
      `Imported ${total} documents into ${resolve(directory, 'accolade.sqlite')}. The .db files are left as they were; remove them once the service runs on the new store.`,
    );
    return 0;
  } catch (error) {
    output.err(isAccoladeError(error) ? `${error.code}: ${error.message}` : String(error));
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void runStoreImport(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
