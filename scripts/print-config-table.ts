// Prints the README's configuration table from src/config.ts's settings table (`npm run config:table`);
// test/unit/documentation.test.ts holds the README to this output, line for line.
import { CONFIG_KEYS } from '../src/config.js';

console.log('| variable | default | meaning |');
console.log('|---|---|---|');
for (const key of CONFIG_KEYS) console.log(`| \`${key.name}\` | ${key.default} | ${key.doc} |`);
