// Prints the README's configuration table from src/config.ts (the test keeps them in step).
import { CONFIG_KEYS } from '../src/config.js';

console.log('| variable | default | meaning |');
console.log('|---|---|---|');
for (const key of CONFIG_KEYS) console.log(`| \`${key.name}\` | ${key.default} | ${key.doc} |`);
