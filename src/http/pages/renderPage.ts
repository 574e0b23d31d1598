import { Eta } from 'eta';
import { projectPath } from '../../paths.js';

/**
 * Pages are Eta templates under `assets/pages/`, rendered with auto-escaping on: every value is
 * HTML-escaped unless a template deliberately writes it raw (`<%~ %>`), which ours never do with
 * user-supplied text.
 */
const eta = new Eta({ views: projectPath('assets', 'pages'), autoEscape: true, cache: true });

export function renderPage(template: string, data: object): string {
  return eta.render(template, data);
}
