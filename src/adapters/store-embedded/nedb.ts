import { createRequire } from 'node:module';
import nedbModule from '@seald-io/nedb';

/**
 * Thin typed access to `@seald-io/nedb`. Its typings declare an ES default export, but the
 * package is CommonJS whose `module.exports` is the Datastore class itself, which is what Node
 * hands to a default import.
 */
type DatastoreClass = typeof nedbModule.default;
export const Datastore = nedbModule as unknown as DatastoreClass;
export type Datastore = InstanceType<DatastoreClass>;

/**
 * nedb's own update function (the one its updates run), so that an upserted document is built
 * with exactly the semantics of an updated one. nedb exports it only from its internals, untyped.
 */
const model = createRequire(import.meta.url)('@seald-io/nedb/lib/model.js') as {
  modify(doc: Record<string, unknown>, update: Record<string, unknown>): Record<string, unknown>;
};

export function applyNedbUpdate(
  doc: Record<string, unknown>,
  update: Record<string, unknown>,
): Record<string, unknown> {
  return model.modify(doc, update);
}
