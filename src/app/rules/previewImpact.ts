import { type CatalogChanges, catalogChanges } from '../../domain/catalog/catalogChanges.js';
import { findAchievement } from '../../domain/catalog/findAchievement.js';
import { requirementReferences } from '../../domain/catalog/requirements.js';
import type { Catalog, Certification } from '../../domain/catalog/types.js';
import { completionFromHistory } from '../../domain/eligibility/decideEligibility.js';
import { AccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Collection } from '../../ports/store.js';
import { priorAwardsOf } from '../awards/awardHistory.js';
import { AWARD_STATUSES, type AwardRecord, type AwardStatus } from '../awards/awardRecord.js';
import type { RulesService } from './rulesService.js';

/** Awards already issued for an entry the change retires, excludes or removes. */
export interface AffectedAwards {
  readonly id: string;
  readonly change: 'retired' | 'excluded' | 'removed';
  readonly retirementDate?: string;
  readonly awards: Readonly<Record<AwardStatus, number>> & { readonly total: number };
  /** Awards dated after the new retirement date (earned while it was open; they stay valid). */
  readonly earnedAfterRetirement?: number;
}

/** Recipients whose recorded passes would complete a certification under the candidate rules. */
export interface Completion {
  readonly certification: string;
  readonly recipients: number;
  /** The first recipients (emails), at most SAMPLE_SIZE. */
  readonly sample: readonly string[];
  /** More awards matched than the preview reads: the count is a lower bound. */
  readonly truncated: boolean;
}

export interface HistoryImpact {
  readonly affected: readonly AffectedAwards[];
  /** Pending (unclaimed) awards among the affected: they stay claimable. */
  readonly pendingAwards: number;
  readonly completions: readonly Completion[];
  readonly note: string;
}

export interface RulesPreview {
  readonly from: { readonly version: string; readonly sha256: string };
  readonly to: { readonly version: string; readonly sha256: string };
  readonly changes: CatalogChanges;
  readonly history: HistoryImpact;
  /** Always false: a preview never changes the rules in force nor the store. */
  readonly applied: false;
}

const SAMPLE_SIZE = 20;
/** Awards read per certification looked at; beyond, the count is reported as a lower bound. */
export const PREVIEW_MAX_AWARDS = 200_000;

/**
 * What a candidate catalog would change, and what that means for the awards on record. Reads
 * only: counts of awards of each entry retired, excluded or removed, and, for each certification
 * the change adds or alters, the recipients whose recorded passes would complete it.
 */
export async function previewImpact(input: {
  readonly awards: Collection<AwardRecord>;
  readonly current: { readonly catalog: Catalog; readonly version: string; readonly sha256: string };
  readonly candidate: { readonly catalog: Catalog; readonly sha256: string };
  readonly now: Date;
}): Promise<RulesPreview> {
  const { awards, current, candidate, now } = input;
  const changes = catalogChanges(current.catalog, candidate.catalog);
  const affected = await affectedAwards(awards, changes);
  const completions: Completion[] = [];
  for (const certification of alteredCertifications(current.catalog, candidate.catalog, changes)) {
    const completion = await completionsOf(awards, candidate.catalog, certification, now);
    if (completion.recipients > 0) completions.push(completion);
  }
  return {
    from: { version: current.version, sha256: current.sha256 },
    to: { version: candidate.catalog.version, sha256: candidate.sha256 },
    changes,
    history: {
      affected,
      // An entry both retired and excluded is listed twice; its awards count once.
      pendingAwards: [...new Map(affected.map((entry) => [entry.id, entry.awards.pending])).values()].reduce(
        (sum, pending) => sum + pending,
        0,
      ),
      completions,
      note: 'Awards already issued stay valid, claimable and shareable: retiring or excluding an achievement never revokes. Completions are issued when the recipient next passes, or by a direct award.',
    },
    applied: false,
  };
}

async function affectedAwards(awards: Collection<AwardRecord>, changes: CatalogChanges): Promise<AffectedAwards[]> {
  const entries: { id: string; change: AffectedAwards['change']; retirementDate?: string }[] = [
    ...changes.retired.map((entry) => ({
      id: entry.id,
      change: 'retired' as const,
      retirementDate: entry.retirementDate,
    })),
    ...changes.excluded.map((entry) => ({ id: entry.id, change: 'excluded' as const })),
    ...changes.removed.map((entry) => ({ id: entry.id, change: 'removed' as const })),
  ];
  const affected: AffectedAwards[] = [];
  for (const entry of entries) {
    const counts = Object.fromEntries(
      await Promise.all(
        AWARD_STATUSES.map(
          async (status) => [status, await awards.count({ achievementId: entry.id, status })] as const,
        ),
      ),
    ) as Record<AwardStatus, number>;
    const total = AWARD_STATUSES.reduce((sum, status) => sum + counts[status], 0);
    if (total === 0) continue;
    affected.push({
      ...entry,
      awards: { total, ...counts },
      ...(entry.retirementDate === undefined
        ? {}
        : {
            // earnedOn is stored as an ISO instant, so the day after compares as text.
            earnedAfterRetirement: await awards.count({
              achievementId: entry.id,
              earnedOn: { $gte: dayAfter(entry.retirementDate) },
            }),
          }),
    });
  }
  return affected;
}

function dayAfter(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** Certifications with a badge under the candidate that are new, newly badged, or whose terms changed. */
function alteredCertifications(before: Catalog, after: Catalog, changes: CatalogChanges): Certification[] {
  const touched = new Set([
    ...changes.added.map((entry) => entry.id),
    ...changes.badgeRestored.map((entry) => entry.id),
    ...changes.retired.map((entry) => entry.id),
    ...changes.changed
      .filter((entry) =>
        entry.fields.some((field) => ['requirements', 'releaseDate', 'retirementDate'].includes(field)),
      )
      .map((entry) => entry.id),
  ]);
  return after.achievements.filter(
    (entry): entry is Certification =>
      entry.kind === 'certification' &&
      entry.badge.available &&
      (touched.has(entry.id) || findAchievement(before, entry.id) === undefined),
  );
}

async function completionsOf(
  awards: Collection<AwardRecord>,
  catalog: Catalog,
  certification: Certification,
  now: Date,
): Promise<Completion> {
  const references = [...new Set(requirementReferences(certification).map((reference) => reference.id))];
  const records = await awards.find(
    {
      $or: [
        { achievementId: { $in: [...references, certification.id] } },
        { earnedBy: { $in: references.length === 0 ? [certification.id] : references } },
      ],
    },
    { sort: { _id: 1 }, limit: PREVIEW_MAX_AWARDS + 1 },
  );
  const truncated = records.length > PREVIEW_MAX_AWARDS;
  const byRecipient = new Map<string, AwardRecord[]>();
  for (const record of records.slice(0, PREVIEW_MAX_AWARDS)) {
    const list = byRecipient.get(record.recipientEmail) ?? [];
    list.push(record);
    byRecipient.set(record.recipientEmail, list);
  }
  const recipients: string[] = [];
  for (const [email, history] of byRecipient) {
    const holds = history.some((record) => record.achievementId === certification.id && record.status !== 'revoked');
    if (holds) continue;
    if (completionFromHistory(catalog, certification, priorAwardsOf(history), now) !== undefined)
      recipients.push(email);
  }
  return {
    certification: certification.id,
    recipients: recipients.length,
    sample: recipients.slice(0, SAMPLE_SIZE),
    truncated,
  };
}

/** `POST /api/v1/rules/preview`: a candidate judged as a reload would judge it, then its impact. */
export function createRulesPreview(deps: {
  readonly rules: Pick<RulesService, 'checkCandidate'>;
  readonly awards: Collection<AwardRecord>;
  readonly clock: Clock;
}) {
  return async function previewRules(bytes: Buffer): Promise<RulesPreview> {
    const candidate = await deps.rules.checkCandidate(bytes);
    if (!candidate.ok) {
      throw new AccoladeError('rules_invalid', 'The candidate rules are invalid; nothing was changed', {
        errors: candidate.errors,
      });
    }
    return previewImpact({
      awards: deps.awards,
      current: candidate.active,
      candidate: { catalog: candidate.catalog, sha256: candidate.sha256 },
      now: deps.clock.now(),
    });
  };
}
