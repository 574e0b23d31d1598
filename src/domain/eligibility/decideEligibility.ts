import { achievementKey, certificationsOf, findAchievement } from '../catalog/findAchievement.js';
import { requirementReferences } from '../catalog/requirements.js';
import type { Achievement, Catalog, Certification, Exam, RuleField } from '../catalog/types.js';
import { addMonths, isoInstant, utcDay } from '../dates.js';
import { type Holding, holdingsFromHistory, holdsUnexpired, requirementsMetAt } from './holdings.js';
import {
  type AwardDecision,
  DIRECT,
  type EligibilityDecision,
  type EligibilityRequest,
  type PriorAward,
  type RefusalRule,
} from './types.js';

/**
 * The programme's rules, as a pure function of the catalog,
 * the recipient's earlier awards and the time. The recipient's locale is deliberately not an
 * input: badges went missing when issuance depended on the account language.
 *
 * Order: the achievement must exist; the pass must be dated in the past, on or after release and
 * on or before retirement (a later retirement never revokes, and backfill up to the retirement
 * day is allowed); an exam that completes a certification yields the certification's badge
 * instead; otherwise the achievement's own badge, unless the programme gives it none.
 */
export function decideEligibility(request: EligibilityRequest): EligibilityDecision {
  const { catalog, earnedOn, now } = request;
  const entry = findAchievement(catalog, request.achievementId);
  if (entry === undefined) {
    return refuse(
      'unknown_achievement',
      `"${request.achievementId}" is not in the catalog (version ${catalog.version})`,
    );
  }
  const at = earnedOn.getTime();
  if (at > now.getTime()) {
    return refuse('earned_in_future', `The pass is dated ${isoInstant(earnedOn)}, which is later than now`);
  }
  const dateRule = outsideService(entry, at);
  if (dateRule !== undefined) {
    return refuse(
      dateRule,
      outsideServiceMessage(entry, dateRule, at),
      dateRule === 'earned_after_retirement' ? ruleFamily(entry, 'retirementDate') : undefined,
    );
  }

  const holdings = holdingsFromHistory(catalog, request.history);
  if (entry.kind === 'exam') holdings.push({ key: achievementKey(entry.id), earnedOn: at });
  const completed = entry.kind === 'exam' ? certificationCompletedBy(catalog, entry, holdings, at) : undefined;
  const main = mainAward(entry, completed, at);
  if (!main.eligible) return main;
  holdings.push(holdingOf(main.award));
  return { ...main, alsoCompletes: completeWaiting(catalog, holdings, { requested: entry, award: main.award, now }) };
}

type Granted = Extract<EligibilityDecision, { eligible: true }>;
type Refused = Extract<EligibilityDecision, { eligible: false }>;

/** The badge for the pass itself: the certification it completes, else its own, unless it has none. */
function mainAward(
  entry: Achievement,
  completed: Certification | undefined,
  at: number,
): Omit<Granted, 'alsoCompletes'> | Refused {
  if (completed !== undefined) {
    return {
      eligible: true,
      award: certificationAward(completed, at, entry.id),
      basis: 'certification_completed',
      reason: `Passing ${entry.id} completes the requirements of ${completed.id}, whose badge is issued instead of the exam's`,
    };
  }
  if (!entry.badge.available) {
    const family = ruleFamily(entry, 'badge');
    const of = family === undefined ? '' : ` (family ${family})`;
    return entry.badge.reason === 'excluded'
      ? refuse('excluded', `The programme awards no badge for ${entry.id}${of}`, family)
      : refuse('no_badge_legacy', `${entry.id}${of} predates the programme's badges and never had one`, family);
  }
  if (entry.kind === 'exam') {
    return {
      eligible: true,
      award: { achievementId: entry.id, kind: 'exam', earnedOn: new Date(at) },
      basis: 'exam_passed',
      reason: `${entry.id} completes no certification on ${utcDay(new Date(at))}`,
    };
  }
  return {
    eligible: true,
    award: certificationAward(entry, at, DIRECT),
    basis: 'certification_awarded',
    reason: `${entry.id} is awarded directly, without recorded passes`,
  };
}

function examId(achievement: Achievement): string | undefined {
  return achievement.kind === 'exam' ? achievement.id : undefined;
}

function refuse(rule: RefusalRule, message: string, family?: string): Refused {
  return { eligible: false, rule, message, ...(family === undefined ? {} : { family }) };
}

/** The family whose rule is in force for this field, when the entry leaves it to its family. */
function ruleFamily(entry: Achievement, field: RuleField): string | undefined {
  return entry.inherited?.includes(field) ? entry.family : undefined;
}

/** Release and retirement dates are UTC days; a pass counts on both of them. */
function outsideService(entry: Achievement, at: number): RefusalRule | undefined {
  const day = utcDay(new Date(at));
  if (day < entry.releaseDate) return 'earned_before_release';
  if (entry.retirementDate !== undefined && day > entry.retirementDate) return 'earned_after_retirement';
  return undefined;
}

function outsideServiceMessage(entry: Achievement, rule: RefusalRule, at: number): string {
  const day = utcDay(new Date(at));
  return rule === 'earned_before_release'
    ? `${entry.id} was released on ${entry.releaseDate}; a pass on ${day} cannot count`
    : `${entry.id} retired after ${entry.retirementDate}; a pass on ${day} cannot count (badges earned before stay valid)`;
}

/** The keys a certification's requirements name: its exams' and all of them. */
interface ReferenceKeys {
  readonly exams: ReadonlySet<string>;
  readonly all: ReadonlySet<string>;
}

const referenceKeys = new WeakMap<Certification, ReferenceKeys>();

/** Computed once per loaded certification: every decision asks of every certification. */
function referenceKeysOf(certification: Certification): ReferenceKeys {
  let keys = referenceKeys.get(certification);
  if (keys === undefined) {
    const references = requirementReferences(certification);
    keys = {
      exams: new Set(references.filter((reference) => reference.kind === 'exam').map(({ id }) => achievementKey(id))),
      all: new Set(references.map(({ id }) => achievementKey(id))),
    };
    referenceKeys.set(certification, keys);
  }
  return keys;
}

function namesExam(certification: Certification, exam: Exam): boolean {
  return referenceKeysOf(certification).exams.has(achievementKey(exam.id));
}

/** Whether the certification's requirements name any of `keys`. */
function namesAny(certification: Certification, keys: ReadonlySet<string>): boolean {
  const named = referenceKeysOf(certification).all;
  for (const key of keys) if (named.has(key)) return true;
  return false;
}

function issuable(certification: Certification, holdings: readonly Holding[], at: number): boolean {
  return (
    certification.badge.available &&
    outsideService(certification, at) === undefined &&
    requirementsMetAt(certification, holdings, at)
  );
}

/**
 * The certification a pass completes, judged at the date of the pass. When it completes several,
 * one the recipient does not hold yet comes first (in catalog order); the others are found again
 * by `completeWaiting`.
 */
function certificationCompletedBy(
  catalog: Catalog,
  exam: Exam,
  holdings: readonly Holding[],
  at: number,
): Certification | undefined {
  const completed = certificationsOf(catalog).filter(
    (certification) => namesExam(certification, exam) && issuable(certification, holdings, at),
  );
  return (
    completed.find((certification) => !holdsUnexpired(holdings, achievementKey(certification.id), at)) ?? completed[0]
  );
}

/**
 * Certifications that were waiting for what has just been awarded (AZ-305 passed first, AZ-104
 * later: the Azure Administrator badge completes the Solutions Architect Expert), repeated until
 * nothing more completes, since each new certification may complete another. A certification is
 * completed at the first moment from the pass on when all its requirements hold together, which
 * for a backfilled pass can be a later award already on record. Certifications the recipient
 * holds unexpired at that moment are skipped.
 */
function completeWaiting(
  catalog: Catalog,
  holdings: Holding[],
  { requested, award, now }: { requested: Achievement; award: AwardDecision; now: Date },
): AwardDecision[] {
  const from = award.earnedOn.getTime();
  const triggers = new Set([achievementKey(requested.id), achievementKey(award.achievementId)]);
  const decided = new Set([achievementKey(award.achievementId)]);
  const completed: AwardDecision[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const certification of certificationsOf(catalog)) {
      const key = achievementKey(certification.id);
      if (decided.has(key)) continue;
      if (!namesAny(certification, triggers)) continue;
      const at = firstCompletion(certification, holdings, from, now.getTime());
      if (at === undefined || holdsUnexpired(holdings, key, at)) continue;
      const waiting = certificationAward(certification, at, examId(requested));
      completed.push(waiting);
      holdings.push(holdingOf(waiting));
      decided.add(key);
      triggers.add(key);
      progressed = true;
    }
  }
  return completed;
}

/**
 * The first moment, up to `now`, at which a recipient's history completes a certification under
 * these rules (its requirements held together, within its release and retirement, with a badge):
 * what a catalog change would make existing passes earn.
 */
export function completionFromHistory(
  catalog: Catalog,
  certification: Certification,
  history: readonly PriorAward[],
  now: Date,
): Date | undefined {
  const holdings = holdingsFromHistory(catalog, history);
  const moments = [...new Set(holdings.map((holding) => holding.earnedOn))]
    .filter((moment) => moment <= now.getTime())
    .sort((a, b) => a - b);
  const at = moments.find((moment) => issuable(certification, holdings, moment));
  return at === undefined ? undefined : new Date(at);
}

/** Requirements only start to hold when something is earned, so those moments are the candidates. */
function firstCompletion(
  certification: Certification,
  holdings: readonly Holding[],
  from: number,
  until: number,
): number | undefined {
  const moments = new Set([from]);
  for (const holding of holdings)
    if (holding.earnedOn > from && holding.earnedOn <= until) moments.add(holding.earnedOn);
  return [...moments].sort((a, b) => a - b).find((at) => issuable(certification, holdings, at));
}

function certificationAward(certification: Certification, at: number, earnedBy: string | undefined): AwardDecision {
  const earnedOn = new Date(at);
  return {
    achievementId: certification.id,
    kind: 'certification',
    earnedOn,
    ...(earnedBy === undefined ? {} : { earnedBy }),
    ...(certification.validity === undefined ? {} : { expires: addMonths(earnedOn, certification.validity.months) }),
  };
}

function holdingOf(award: AwardDecision): Holding {
  return {
    key: achievementKey(award.achievementId),
    earnedOn: award.earnedOn.getTime(),
    ...(award.expires === undefined ? {} : { expires: award.expires.getTime() }),
  };
}
