// The one place that reaches into jsonld.js internals (`jsonld/lib/context.js`), so `any`-shaped
// access stays here.
import { createRequire } from 'node:module';

/**
 * The `processingMode` to pass to jsonld.js (`toRDF`, `canonize`, `expand`) for active contexts
 * that share what they do not change. It is JSON-LD 1.1, what jsonld.js assumes when none is
 * given, so the RDF is the same; naming it explicitly gives those calls their own initial
 * context in jsonld.js (its cache of initial contexts is keyed by this option), which is the one
 * `installSharedActiveContexts` changes: calls that pass no `processingMode` keep the library's
 * own behaviour.
 */
export const SHARED_PROCESSING_MODE = 'json-ld-1.1';

/** An active context as jsonld.js 9 builds it (lib/context.js `getInitialContext`). */
interface ActiveContext {
  mappings: Map<string, unknown>;
  protected: Record<string, boolean>;
  inverse: unknown;
  getInverse: unknown;
  previousContext?: ActiveContext;
  clone(this: ActiveContext): ActiveContext;
  revertToPreviousContext(this: ActiveContext): ActiveContext;
  '@base'?: unknown;
  '@language'?: unknown;
  '@vocab'?: unknown;
}

interface ContextModule {
  getInitialContext(options: { processingMode?: string }): ActiveContext;
}

/**
 * jsonld.js copies the whole active context, every term definition and every scoped context in
 * them, deeply, whenever it enters a node with a type-scoped context and again whenever it
 * reverts one (`_cloneActiveContext`, `_revertToPreviousContext`): with the OB 3.0 context, whose
 * classes each scope their terms, that copying was a third of the time of a Data Integrity proof
 * and most of its garbage. Every revert also made a new object, so the library's own cache of
 * processed contexts, keyed by the active context's identity, never answered below the top.
 *
 * The copies are not needed: jsonld.js never changes an active context it has handed on (it
 * clones before defining terms, and already shares processed contexts from its cache between
 * documents), and a term definition is only written while it is being created. So this clone
 * copies the term map and the protected set (which the caller then changes) and shares the
 * definitions and the previous context; a revert hands back the previous context itself. The
 * fields copied are exactly those of the library's clone.
 */
function shallowClone(this: ActiveContext): ActiveContext {
  const child = {
    mappings: new Map(this.mappings),
    clone: this.clone,
    inverse: null,
    getInverse: this.getInverse,
    protected: { ...this.protected },
    revertToPreviousContext: this.revertToPreviousContext,
  } as ActiveContext;
  if (this.previousContext) child.previousContext = this.previousContext;
  if ('@base' in this) child['@base'] = this['@base'];
  if ('@language' in this) child['@language'] = this['@language'];
  if ('@vocab' in this) child['@vocab'] = this['@vocab'];
  return child;
}

function revertWithoutCopy(this: ActiveContext): ActiveContext {
  return this.previousContext ?? this;
}

let installed: boolean | undefined;

/**
 * Makes the active contexts of jsonld.js calls made with `processingMode: SHARED_PROCESSING_MODE`
 * share rather than copy (see `shallowClone`); once per thread. Returns whether it could: if a
 * later jsonld.js builds its initial context differently, nothing is changed and those calls run
 * as the library's own, only slower.
 */
export function installSharedActiveContexts(): boolean {
  if (installed !== undefined) return installed;
  const require = createRequire(import.meta.url);
  const contexts = require('jsonld/lib/context.js') as Partial<ContextModule>;
  const initial = contexts.getInitialContext?.({ processingMode: SHARED_PROCESSING_MODE });
  installed =
    initial !== undefined &&
    initial.mappings instanceof Map &&
    initial.mappings.size === 0 &&
    typeof initial.clone === 'function' &&
    typeof initial.revertToPreviousContext === 'function' &&
    typeof initial.protected === 'object';
  if (installed && initial !== undefined) {
    initial.clone = shallowClone;
    initial.revertToPreviousContext = revertWithoutCopy;
  }
  return installed;
}
