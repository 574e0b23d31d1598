import { randomUUID } from 'node:crypto';
import { recipientNameProblem } from '../../domain/recipientName.js';
import { AccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Collection } from '../../ports/store.js';
import type { Actor, NameChangeRecord, NameChangeStatus, ProfileRecord } from './profileRecord.js';
import type { Profiles } from './profiles.js';

export const NAME_CHANGE_STATUSES: readonly NameChangeStatus[] = ['pending', 'approved', 'rejected'];
const MAX_NAME = 200;

export interface NameChangeDeps {
  readonly profiles: Collection<ProfileRecord>;
  readonly nameChanges: Collection<NameChangeRecord>;
  readonly profileService: Pick<Profiles, 'byId'>;
  readonly clock: Clock;
}

function invalidName(message: string): AccoladeError {
  return new AccoladeError('validation_failed', message, { errors: [{ path: '/name', message }] });
}

/**
 * Name changes: the candidate asks for the name on their government ID, staff decide. A profile
 * has at most one request pending; a decision is made once. Approving renames the profile and
 * marks its name as approved, so badges issued later carry it (issueAward's `profileName`);
 * badges issued before keep theirs until re-issued (reissueAward.ts). Requests and decisions
 * are kept, never deleted.
 */
export function createNameChanges(deps: NameChangeDeps) {
  const { profiles, nameChanges, clock } = deps;

  async function pendingOne(id: string): Promise<NameChangeRecord> {
    const change = await nameChanges.findOne({ _id: id });
    if (change === null) throw new AccoladeError('not_found', `No name change ${id}`);
    if (change.status !== 'pending') {
      throw new AccoladeError('conflict', `Name change ${id} was already ${change.status}`, { status: change.status });
    }
    return change;
  }

  async function decide(
    id: string,
    status: 'approved' | 'rejected',
    by: Actor,
    reason: string | undefined,
  ): Promise<NameChangeRecord> {
    const change = await pendingOne(id);
    const decidedAt = clock.now().toISOString();
    // Decided once: the filter on `pending` makes a concurrent second decision find nothing.
    const decided = await nameChanges.findOneAndUpdate(
      { _id: id, status: 'pending' },
      { $set: { status, decidedBy: by, decidedAt, ...(reason === undefined ? {} : { decisionReason: reason }) } },
    );
    if (decided === null) throw new AccoladeError('conflict', `Name change ${id} was decided meanwhile`);
    if (status === 'approved') {
      await profiles.findOneAndUpdate(
        { _id: change.profileId },
        { $set: { name: change.requestedName, nameApprovedAt: decidedAt } },
      );
    }
    return decided;
  }

  return {
    async request(profileId: string, name: string, by: Actor, note?: string): Promise<NameChangeRecord> {
      const profile = await deps.profileService.byId(profileId);
      if (profile === null) throw new AccoladeError('not_found', `No profile ${profileId}`);
      const requestedName = name.normalize('NFC').trim().replace(/\s+/g, ' ');
      if (requestedName === '' || requestedName.length > MAX_NAME) {
        throw invalidName(`The name must have 1 to ${MAX_NAME} characters`);
      }
      // The approved name goes on every badge issued after: readable text only, as at issuance.
      const problem = recipientNameProblem(requestedName);
      if (problem !== undefined) throw invalidName(`The name ${problem}`);
      if (requestedName === profile.name) throw invalidName('The profile already has this name');
      if ((await nameChanges.count({ profileId: profile._id, status: 'pending' })) > 0) {
        throw new AccoladeError('conflict', `Profile ${profile._id} already has a name change waiting for a decision`);
      }
      const record: NameChangeRecord = {
        _id: randomUUID(),
        profileId: profile._id,
        currentName: profile.name,
        requestedName,
        ...(note === undefined || note.trim() === '' ? {} : { note: note.trim() }),
        requestedBy: by,
        requestedAt: clock.now().toISOString(),
        status: 'pending',
      };
      await nameChanges.insertOne(record);
      return record;
    },
    list(status: string | undefined): Promise<NameChangeRecord[]> {
      if (status !== undefined && !(NAME_CHANGE_STATUSES as readonly string[]).includes(status)) {
        throw new AccoladeError('validation_failed', `status must be one of ${NAME_CHANGE_STATUSES.join(', ')}`, {
          errors: [{ path: '/status', message: `must be one of ${NAME_CHANGE_STATUSES.join(', ')}` }],
        });
      }
      return nameChanges.find(status === undefined ? {} : { status }, { sort: { requestedAt: 1 }, limit: 500 });
    },
    /**
     * What the candidate's account shows: the profile's request waiting for a decision, else the
     * one decided last.
     */
    async latestOf(profileId: string): Promise<NameChangeRecord | null> {
      const pending = await nameChanges.findOne({ profileId, status: 'pending' });
      if (pending !== null) return pending;
      const [latest] = await nameChanges.find({ profileId }, { sort: { decidedAt: -1, requestedAt: -1 }, limit: 1 });
      return latest ?? null;
    },
    approve: (id: string, by: Actor, reason?: string) => decide(id, 'approved', by, reason),
    reject: (id: string, by: Actor, reason?: string) => decide(id, 'rejected', by, reason),
  };
}

export type NameChanges = ReturnType<typeof createNameChanges>;
