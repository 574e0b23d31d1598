import type { Problem } from '../report.js';

/** One status entry's answer: fine (with what was checked), or a problem (revoked or otherwise). */
export type StatusResult =
  | { readonly ok: true; readonly message: string }
  | { readonly ok: false; readonly problem: Problem };

export function statusFailure(problem: Problem): StatusResult {
  return { ok: false, problem };
}

export function revokedBy(source: string, reason?: string): StatusResult {
  return { ok: false, problem: { category: 'revoked', message: `revoked (${source})${reason ? `: ${reason}` : ''}` } };
}
