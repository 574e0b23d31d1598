import { LIMITS } from '../limits.js';
import { invalid, type Problem } from '../report.js';

export type JsonObject = Record<string, unknown>;

export type JsonResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: Problem };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Measures the nesting of JSON text without parsing it, so a document nested a million levels
 * deep is refused before JSON.parse (or anything after it) can recurse into it.
 */
function textDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > LIMITS.maxJsonDepth) return deepest;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

/** Parses untrusted JSON text within the size and depth limits. */
export function parseUntrustedJson(text: string, what: string): JsonResult {
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxTextBytes) {
    return { ok: false, problem: invalid(`${what} is larger than ${LIMITS.maxTextBytes} bytes`) };
  }
  if (textDepth(text) > LIMITS.maxJsonDepth) {
    return { ok: false, problem: invalid(`${what} is nested deeper than ${LIMITS.maxJsonDepth} levels`) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, problem: invalid(`${what} is not valid JSON`) };
  }
}

/**
 * Checks an already-parsed value (handed over as an object) against the same limits, with an
 * iterative walk: no recursion, so depth cannot overflow the stack, and cycles hit the node cap.
 */
export function checkParsedJson(value: unknown, what: string): Problem | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const next = stack.pop()!;
    nodes++;
    if (nodes > LIMITS.maxJsonNodes) return invalid(`${what} has more than ${LIMITS.maxJsonNodes} values`);
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > LIMITS.maxJsonDepth) return invalid(`${what} is nested deeper than ${LIMITS.maxJsonDepth} levels`);
    const children = Array.isArray(next.value) ? next.value : Object.values(next.value);
    for (const child of children) stack.push({ value: child, depth });
  }
  return undefined;
}
