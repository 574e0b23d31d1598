/**
 * Child process for the ownership race: prints "ready" once loaded, waits for a line on stdin (so
 * that several children open at the same moment), opens the SQLite store on <dataDir>, prints "owner" or "refused <code>",
 * and as owner keeps the store open until stdin closes.
 *
 *   node --import tsx holdDataDir.ts <dataDir>
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createSqliteDatabase } from '../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import { isAccoladeError } from '../../../src/errors.js';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: holdDataDir.ts <dataDir>');

const lines = createInterface({ input: process.stdin });
const go = once(lines, 'line');
process.stdout.write('ready\n');
await go;
try {
  const database = await createSqliteDatabase({ dataDir });
  process.stdout.write('owner\n');
  await once(lines, 'close');
  await database.close();
} catch (error) {
  process.stdout.write(`refused ${isAccoladeError(error) ? error.code : String(error)}\n`);
  process.exit(0);
}
