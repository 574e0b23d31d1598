import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: { readonly target: unknown[] }[];
}

/**
 * What a person would object to on the page now open: axe-core's serious and critical violations,
 * and any sideways scroll. Saves a full-page screenshot to `directory/<name>.png` for a person to
 * look at. axe is injected as a script of its own: the pages' CSP allows none, so the browser
 * context must be made with `bypassCSP: true`.
 */
export async function auditPage(page: Page, name: string, directory: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations;
  })) as Violation[];
  const found = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${name}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.nodes
          .map((node) => JSON.stringify(node.target))
          .join(', ')}`,
    );
  // A page must never scroll sideways, on a phone least of all.
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: Record<string, number> } }).document
      .documentElement;
    return (root['scrollWidth'] ?? 0) - (root['clientWidth'] ?? 0);
  });
  if (overflow > 0) found.push(`${name}: scrolls sideways by ${overflow} px`);
  await page.screenshot({ path: join(directory, `${name}.png`), fullPage: true });
  return found;
}
