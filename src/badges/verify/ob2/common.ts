import type { VerifyEnv } from '../env.js';
import type { JsonObject } from '../json/safeJson.js';
import { objectOf, stringOf } from '../json/values.js';
import { checkRecipient, ob2RecipientMatches } from '../recipient.js';
import { type BadgeSummary, type CheckLog, invalid } from '../report.js';
import { checkValidity } from '../time/validity.js';
import { assertionProblems, badgeClassProblems, profileProblems } from './structure.js';
import { ob2Summary } from './summary.js';

/**
 * What hosted and signed assertions share once their documents are in hand: structure (docs/open-badges.md A1),
 * issue and expiry dates (docs/open-badges.md A5), recipient (docs/open-badges.md A2), and the displayer's summary.
 */
export function checkOb2Documents(
  log: CheckLog,
  assertion: JsonObject,
  badge: JsonObject | undefined,
  profile: JsonObject | undefined,
  env: VerifyEnv,
): BadgeSummary {
  const problems = [
    ...assertionProblems(assertion),
    ...(badge ? badgeClassProblems(badge) : []),
    ...(profile ? profileProblems(profile) : []),
  ];
  log.outcome(
    'ob2.structure',
    problems.length > 0 ? invalid(problems.join('; ')) : undefined,
    'Assertion, BadgeClass and Profile are well-formed',
  );
  const issuedOn = stringOf(assertion['issuedOn']);
  const expires = stringOf(assertion['expires']);
  checkValidity(log, env.now, {
    ...(issuedOn ? { from: { property: 'issuedOn', value: issuedOn } } : {}),
    ...(expires ? { until: { property: 'expires', value: expires } } : {}),
  });
  const recipient = objectOf(assertion['recipient']);
  const recipientMatch = checkRecipient(
    log,
    env.recipient,
    (email) => recipient !== undefined && ob2RecipientMatches(recipient, email),
  );
  return ob2Summary(assertion, badge, profile, recipientMatch);
}
