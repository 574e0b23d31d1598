import { randomUUID } from 'node:crypto';
import { isAccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Collection, CollectionDefinition } from '../../ports/store.js';

/** One document per job: who runs it, and until when the others keep off. */
export interface LeaseRecord {
  readonly _id: string;
  readonly owner: string;
  readonly until: string;
}

export const LEASES_COLLECTION: CollectionDefinition = { name: 'leases', indexes: [] };

export interface Lease {
  /** Pushes the expiry on; false when the lease was lost (it ran out and another took it). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * A lease in the store lets one instance at a time run a job: taken when it is free or has run
 * out, so a crashed holder's lease lapses after `ms`. Every taking has its own owner id, so two
 * runs in one process exclude each other too.
 */
export function createJobLeases(deps: { readonly collection: Collection<LeaseRecord>; readonly clock: Clock }) {
  const { collection, clock } = deps;
  return {
    async take(name: string, ms: number): Promise<Lease | null> {
      const owner = randomUUID();
      const until = () => new Date(clock.now().getTime() + ms).toISOString();
      try {
        const taken = await collection.findOneAndUpdate(
          { _id: name, until: { $lte: clock.now().toISOString() } },
          { $set: { owner, until: until() } },
          { upsert: true },
        );
        if (taken === null || taken.owner !== owner) return null;
      } catch (error) {
        // The document exists and its lease has not run out: someone else holds it.
        if (isAccoladeError(error) && error.code === 'conflict') return null;
        throw error;
      }
      return {
        async renew() {
          return (await collection.findOneAndUpdate({ _id: name, owner }, { $set: { until: until() } })) !== null;
        },
        async release() {
          await collection.updateMany({ _id: name, owner }, { $set: { until: clock.now().toISOString() } });
        },
      };
    },
  };
}

export type JobLeases = ReturnType<typeof createJobLeases>;
