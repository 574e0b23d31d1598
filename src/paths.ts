import { fileURLToPath } from 'node:url';

/**
 * The project root, found from this file: `src/paths.ts` when run from source and
 * `dist/paths.js` when built sit at the same depth, so one rule serves both.
 */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function projectPath(...segments: string[]): string {
  return [PROJECT_ROOT.replace(/\/$/, ''), ...segments].join('/');
}
