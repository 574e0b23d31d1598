import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { backupStore } from '../adapters/store-sqlite/backupStore.js';
import { loadConfig } from '../config.js';
import { isAccoladeError } from '../errors.js';

/**
 * `npm run backup -- FILE`: a consistent copy of the embedded store of DATA_DIR in FILE, taken
 * while the service runs (SQLite's online backup). Exit 0 when done, 1 when it failed, 2 when
 * used wrongly. Restoring is described in the README (Storage).
 */
export const USAGE = 'usage: npm run backup -- FILE   (copies the store of DATA_DIR into FILE, a new file)';

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

export async function runBackup(
  args: readonly string[],
  output: CliOutput,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const [file, ...extra] = args;
  if (file === undefined || file === '' || file.startsWith('-') || extra.length > 0) {
    output.err(USAGE);
    return 2;
  }
  const config = loadConfig(env);
  if (config.mongodbUri) {
    output.err('MONGODB_URI is set: back MongoDB up with its own tools (mongodump), not this command.');
    return 2;
  }
  try {
    const result = await backupStore(config.dataDir, file);
    output.out(`Backed up ${result.source} to ${result.target} (${result.pages} pages).`);
    return 0;
  } catch (error) {
    output.err(isAccoladeError(error) ? `${error.code}: ${error.message}` : String(error));
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void runBackup(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
