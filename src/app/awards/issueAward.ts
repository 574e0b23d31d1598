import { randomUUID } from 'node:crypto';
import { hashIdentity, newSalt } from '../../badges/identity.js';
import { findAchievement } from '../../domain/catalog/findAchievement.js';
import type { Catalog } from '../../domain/catalog/types.js';
import { type EarnedOn, isoInstant, parseEarnedOn } from '../../domain/dates.js';
import { decideEligibility } from '../../domain/eligibility/decideEligibility.js';
import type { AwardDecision } from '../../domain/eligibility/types.js';
import { normalizeEmail } from '../../domain/email.js';
import { recipientNameProblem } from '../../domain/recipientName.js';
import { AccoladeError, isAccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Collection } from '../../ports/store.js';
import { snapshotOf } from './achievementSnapshot.js';
import { blockingAward, priorAwardsOf } from './awardHistory.js';
import { newAwardId } from './awardId.js';
import type { AwardRecord } from './awardRecord.js';
import { type AwardRequest, langOf } from './awardRequest.js';
import { fingerprint } from './fingerprint.js';
import { createPerKeySerializer } from './perKeySerializer.js';

export interface CatalogSource {
  current(): { readonly catalog: Catalog };
}

export interface IssueAwardDeps {
  readonly awards: Collection<AwardRecord>;
  readonly catalog: CatalogSource;
  readonly clock: Clock;
  /** The id of the key set that signs awards issued now. */
  readonly signingKeySetId: () => Promise<string>;
  /**
   * Look again for completed certifications after storing: needed when several instances share
   * the store (MongoDB), where the per-recipient ordering of one process does not hold.
   */
  readonly recheckCompletions?: boolean;
  /**
   * Every address whose awards count as the recipient's history: all the emails of their
   * profile once it has several (a merge), so passes under two addresses complete one
   * certification. Defaults to the recipient's own address.
   */
  readonly historyEmails?: (email: string) => Promise<readonly string[]>;
  /**
   * The name staff approved for the recipient's profile (their government ID's), when there is
   * one: a badge issued later carries it, whatever name the request gives.
   */
  readonly profileName?: (email: string) => Promise<string | undefined>;
  /**
   * Both of the above from one read of the recipient's profile; when given, issuing asks this
   * rather than `historyEmails` and `profileName`.
   */
  readonly issuingProfile?: (
    email: string,
  ) => Promise<{ readonly historyEmails: readonly string[]; readonly approvedName?: string }>;
}

export type IssueOutcome = 'created' | 'replayed' | 'duplicate';

export interface IssueResult {
  readonly award: AwardRecord;
  readonly outcome: IssueOutcome;
  /** Certifications the pass completed besides the main award (e.g. AZ-104 completing an expert certification). */
  readonly alsoAwarded: readonly AwardRecord[];
}

/** One request to issue, read and checked. */
interface Pass {
  readonly request: AwardRequest;
  readonly recipient: Recipient;
  readonly earnedOn: EarnedOn;
  readonly requestFingerprint: string;
}

interface Recipient {
  readonly email: string;
  readonly name: string;
  readonly lang: 'en' | 'fr';
}

/**
 * Issues the badge a pass earns, applying the programme's rules. Retries are safe: the same
 * `externalId` or `Idempotency-Key` with the same request returns the first award, and a second
 * pass for a badge the recipient already holds returns that badge, never a second one.
 */
export function createIssueAward(deps: IssueAwardDeps) {
  const { awards, clock } = deps;
  const serialize = createPerKeySerializer();

  async function findByKeys(request: AwardRequest, idempotencyKey: string | undefined): Promise<AwardRecord | null> {
    if (request.externalId !== undefined) {
      const byExternalId = await awards.findOne({ externalId: request.externalId });
      if (byExternalId !== null) return byExternalId;
    }
    if (idempotencyKey !== undefined) return awards.findOne({ idempotencyKey });
    return null;
  }

  function assertSameRequest(existing: AwardRecord, requestFingerprint: string): void {
    if (existing.requestFingerprint !== requestFingerprint) {
      throw new AccoladeError(
        'idempotency_conflict',
        'This externalId or Idempotency-Key was already used with a different request',
        { awardId: existing._id },
      );
    }
  }

  async function store(
    decision: AwardDecision,
    recipient: Recipient,
    catalog: Catalog,
    history: readonly AwardRecord[],
    extra: Pick<AwardRecord, 'requestFingerprint'> &
      Partial<Pick<AwardRecord, 'externalId' | 'idempotencyKey' | 'evidence'>>,
  ): Promise<{ award: AwardRecord; created: boolean }> {
    const blocking = blockingAward(history, decision.achievementId, decision.earnedOn);
    if (blocking !== undefined) return { award: blocking, created: false };
    const achievement = findAchievement(catalog, decision.achievementId);
    if (achievement === undefined) {
      throw new AccoladeError('internal_error', `The rules chose ${decision.achievementId}, which the catalog lacks`);
    }
    const generation = history.filter((record) => record.achievementId === decision.achievementId).length;
    const salt = newSalt();
    const record: AwardRecord = {
      _id: newAwardId(),
      // Node's randomUUID draws entropy in batches: cheaper than one CSPRNG call per award.
      subjectId: randomUUID(),
      recipientEmail: recipient.email,
      recipientName: recipient.name,
      recipientLocale: recipient.lang,
      salt,
      identityHash: hashIdentity(recipient.email, salt),
      achievementId: achievement.id,
      achievement: snapshotOf(achievement),
      ...(decision.earnedBy === undefined ? {} : { earnedBy: decision.earnedBy }),
      earnedOn: isoInstant(decision.earnedOn),
      // When the record was made, to the second (the documents' issue date is the date earned).
      issuedOn: isoInstant(new Date(Math.floor(clock.now().getTime() / 1000) * 1000)),
      ...(decision.expires === undefined ? {} : { expires: isoInstant(decision.expires) }),
      status: 'pending',
      keySetId: await deps.signingKeySetId(),
      dedupeKey: `${recipient.email}|${achievement.id}|${generation}`,
      notification: 'queued',
      ...extra,
    };
    try {
      await awards.insertOne(record);
      return { award: record, created: true };
    } catch (error) {
      // A concurrent request for the same badge won the unique index: answer with its award.
      if (isAccoladeError(error) && error.code === 'conflict') {
        const winner = await awards.findOne({ dedupeKey: record.dedupeKey });
        if (winner !== null) return { award: winner, created: false };
      }
      throw error;
    }
  }

  return async function issueAward(
    request: AwardRequest,
    options: { idempotencyKey?: string } = {},
  ): Promise<IssueResult> {
    const recipient: Recipient = {
      email: normalizeEmail(request.recipient.email),
      name: request.recipient.name.trim(),
      lang: langOf(request.recipient.locale),
    };
    // The name is what the badge page shows and every badge carries: readable text only.
    const nameProblem = recipient.name === '' ? 'must not be blank' : recipientNameProblem(recipient.name);
    if (nameProblem !== undefined) {
      throw new AccoladeError('validation_failed', `The recipient's name ${nameProblem}`, {
        errors: [{ path: '/recipient/name', message: nameProblem }],
      });
    }
    const earnedOn = parseEarnedOn(request.earnedOn);
    const requestFingerprint = fingerprint({
      email: recipient.email,
      name: recipient.name,
      lang: recipient.lang,
      // Ids match whatever their case, so `az-900` and `AZ-900` are the same request.
      achievement: findAchievement(deps.catalog.current().catalog, request.achievement)?.id ?? request.achievement,
      earnedOn: earnedOn.iso,
      externalId: request.externalId,
      evidence: request.evidence,
    });
    const pass: Pass = { request, recipient, earnedOn, requestFingerprint };
    return serialize(recipient.email, () => decideAndStore(pass, options));
  };

  /** The addresses of the recipient's history and their approved name, if any. */
  async function profileOf(email: string): Promise<{ historyEmails: readonly string[]; approvedName?: string }> {
    if (deps.issuingProfile !== undefined) return deps.issuingProfile(email);
    const approvedName = await deps.profileName?.(email);
    const historyEmails = (await deps.historyEmails?.(email)) ?? [email];
    return approvedName === undefined ? { historyEmails } : { historyEmails, approvedName };
  }

  async function decideAndStore(given: Pass, options: { idempotencyKey?: string }): Promise<IssueResult> {
    const { historyEmails, approvedName } = await profileOf(given.recipient.email);
    const pass =
      approvedName === undefined ? given : { ...given, recipient: { ...given.recipient, name: approvedName } };
    const { request, recipient, requestFingerprint } = pass;
    const { catalog } = deps.catalog.current();
    const earlier = await findByKeys(request, options.idempotencyKey);
    if (earlier !== null) return replay(earlier, pass, catalog);

    const history = await historyOf(historyEmails);
    const decision = decide(pass, catalog, history);
    if (!decision.eligible) {
      throw new AccoladeError('not_eligible', decision.message, {
        rule: decision.rule,
        achievement: request.achievement,
        ...(decision.family === undefined ? {} : { family: decision.family }),
      });
    }

    let main: { award: AwardRecord; created: boolean };
    try {
      main = await store(decision.award, recipient, catalog, history, {
        requestFingerprint,
        ...(request.externalId === undefined ? {} : { externalId: request.externalId }),
        ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
        ...(request.evidence === undefined ? {} : { evidence: request.evidence }),
      });
    } catch (error) {
      // The same externalId / key raced in from a concurrent retry: treat it as a replay.
      if (isAccoladeError(error) && error.code === 'conflict') {
        const raced = await findByKeys(request, options.idempotencyKey);
        if (raced !== null) return replay(raced, pass, catalog);
      }
      throw error;
    }

    const alsoAwarded = await storeCompleted(decision.alsoCompletes, pass, catalog, [...history, main.award]);
    // Another instance may have stored a requirement meanwhile (per-recipient order holds only
    // within one process): look again, so a certification completed together is never missed.
    if (deps.recheckCompletions === true) alsoAwarded.push(...(await completeWaiting(pass, catalog)));
    return { award: main.award, outcome: main.created ? 'created' : 'duplicate', alsoAwarded };
  }

  async function historyOf(emails: readonly string[]): Promise<AwardRecord[]> {
    const recipientEmail = emails.length === 1 ? emails[0] : { $in: [...emails] };
    return awards.find({ recipientEmail }, { sort: { _id: 1 } });
  }

  function decide(pass: Pass, catalog: Catalog, history: readonly AwardRecord[]) {
    return decideEligibility({
      catalog,
      achievementId: pass.request.achievement,
      earnedOn: pass.earnedOn.instant,
      now: clock.now(),
      history: priorAwardsOf(history),
    });
  }

  async function storeCompleted(
    completions: readonly AwardDecision[],
    pass: Pass,
    catalog: Catalog,
    known: AwardRecord[],
  ): Promise<AwardRecord[]> {
    const created: AwardRecord[] = [];
    for (const completed of completions) {
      const result = await store(completed, pass.recipient, catalog, known, {
        requestFingerprint: pass.requestFingerprint,
      });
      if (result.created) {
        created.push(result.award);
        known.push(result.award);
      }
    }
    return created;
  }

  /** Issues what the pass completes now and the recipient does not hold yet (idempotent). */
  async function completeWaiting(pass: Pass, catalog: Catalog): Promise<AwardRecord[]> {
    const history = await historyOf((await profileOf(pass.recipient.email)).historyEmails);
    const decision = decide(pass, catalog, history);
    return decision.eligible ? storeCompleted(decision.alsoCompletes, pass, catalog, [...history]) : [];
  }

  /**
   * A retry of a request already applied: the same answer as the first time, with the
   * certifications it completed. A retry also finishes what a crash between two writes left
   * undone, since storing a completion is idempotent.
   */
  async function replay(earlier: AwardRecord, pass: Pass, catalog: Catalog): Promise<IssueResult> {
    assertSameRequest(earlier, pass.requestFingerprint);
    await completeWaiting(pass, catalog);
    const sameRequest = await awards.find(
      { recipientEmail: pass.recipient.email, requestFingerprint: pass.requestFingerprint },
      { sort: { _id: 1 } },
    );
    return {
      award: earlier,
      outcome: 'replayed',
      alsoAwarded: sameRequest.filter((award) => award._id !== earlier._id),
    };
  }
}

export type IssueAward = ReturnType<typeof createIssueAward>;
