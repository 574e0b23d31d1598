// The one place that reaches into jsonld.js internals (`jsonld/lib/context.js` and
// `lib/ResolvedContext.js`, as of jsonld 9), so that untyped access stays here. The test beside it
// compares the N-Quads with the library's own, and fails if these internals change shape.
import { createRequire } from 'node:module';

/**
 * The `processingMode` to pass to jsonld.js (`toRDF`, `canonize`, `expand`) for active contexts
 * that share what they do not change. It is JSON-LD 1.1, what jsonld.js assumes when none is
 * given, so the RDF is the same; naming it explicitly gives those calls their own initial
 * context in jsonld.js (its cache of initial contexts is keyed by this option), which is the one
 * `installSharedActiveContexts` changes: calls that pass no `processingMode` (verification, other
 * libraries, the benchmark's raw baseline) keep the library's own behaviour.
 */
export const SHARED_PROCESSING_MODE = 'json-ld-1.1';

/** Set by `shallowClone` on every clone: the context it was cloned from. */
const CLONED_FROM = Symbol('clonedFrom');

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
  [CLONED_FROM]?: ActiveContext;
}

interface ContextModule {
  getInitialContext(options: { processingMode?: string }): ActiveContext;
}

/** jsonld.js's cache of one context's processed forms, by the active context it was processed on. */
interface ResolvedContextClass {
  prototype: {
    getProcessed(activeCtx: object): unknown;
    setProcessed(activeCtx: object, processed: unknown): void;
  };
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
    [CLONED_FROM]: this,
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

/**
 * Entering a node whose type scopes a context, jsonld.js clones the active context, sets the
 * original as the clone's previous context, and asks its cache for the scoped context processed
 * on that clone: a new object every time, so the cache never answers and every typed node
 * defines its scoped terms again. Such a clone is the only active context whose previous context
 * is the one it was cloned from, and it is never changed afterwards; two of them made from the
 * same context are alike, so they share one cache key, made once per context. Every other active
 * context, and every one not made by `shallowClone` (the library's own), keeps itself as its key.
 */
const typeScopedEntryKeys = new WeakMap<ActiveContext, object>();

function processedCacheKey(activeCtx: object): object {
  const context = activeCtx as ActiveContext;
  const previous = context.previousContext;
  if (context.clone !== shallowClone || previous === undefined || context[CLONED_FROM] !== previous) return activeCtx;
  let key = typeScopedEntryKeys.get(previous);
  if (key === undefined) {
    key = {};
    typeScopedEntryKeys.set(previous, key);
  }
  return key;
}

function shareTypeScopedEntries(resolvedContext: ResolvedContextClass): void {
  const { getProcessed, setProcessed } = resolvedContext.prototype;
  resolvedContext.prototype.getProcessed = function getSharedProcessed(activeCtx) {
    return getProcessed.call(this, processedCacheKey(activeCtx));
  };
  resolvedContext.prototype.setProcessed = function setSharedProcessed(activeCtx, processed) {
    setProcessed.call(this, processedCacheKey(activeCtx), processed);
  };
}

let installed: boolean | undefined;

/**
 * Makes the active contexts of jsonld.js calls made with `processingMode: SHARED_PROCESSING_MODE`
 * share rather than copy (see `shallowClone`), and lets them find a type's scoped context already
 * processed (see `typeScopedEntryKeys`); once per thread. Returns whether it could: if a
 * later jsonld.js builds its initial context differently, nothing is changed and those calls run
 * as the library's own, only slower.
 */
export function installSharedActiveContexts(): boolean {
  if (installed !== undefined) return installed;
  const require = createRequire(import.meta.url);
  const contexts = require('jsonld/lib/context.js') as Partial<ContextModule>;
  const initial = contexts.getInitialContext?.({ processingMode: SHARED_PROCESSING_MODE });
  const resolvedContext = require('jsonld/lib/ResolvedContext.js') as Partial<ResolvedContextClass>;
  installed =
    initial !== undefined &&
    initial.mappings instanceof Map &&
    initial.mappings.size === 0 &&
    typeof initial.clone === 'function' &&
    typeof initial.revertToPreviousContext === 'function' &&
    typeof initial.protected === 'object' &&
    typeof resolvedContext.prototype?.getProcessed === 'function' &&
    typeof resolvedContext.prototype.setProcessed === 'function';
  if (installed && initial !== undefined) {
    initial.clone = shallowClone;
    initial.revertToPreviousContext = revertWithoutCopy;
    shareTypeScopedEntries(resolvedContext as ResolvedContextClass);
  }
  return installed;
}
