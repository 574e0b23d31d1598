/**
 * Request bodies for `POST /api/v1/awards`, one factory per scenario. Every call gets a fresh
 * recipient unless one is given, so tests sharing a service never see each other's awards.
 */
export interface AwardRequestBody {
  readonly recipient: { readonly email: string; readonly name: string; readonly locale?: string };
  readonly achievement: string;
  readonly earnedOn: string;
  readonly externalId?: string;
  readonly evidence?: readonly Record<string, string>[];
}

let recipients = 0;

/** A new address on every call; mixed case, because the service must normalise it. */
export function newRecipientEmail(label = 'candidate'): string {
  recipients += 1;
  return `${label}.${recipients}.${process.pid}@Example.org`;
}

/** A pass of `achievement` on `earnedOn` by a new (or the given) recipient. */
export function passOf(
  achievement: string,
  earnedOn: string,
  overrides: { email?: string; name?: string; locale?: string; externalId?: string } = {},
): AwardRequestBody {
  return {
    recipient: {
      email: overrides.email ?? newRecipientEmail(),
      name: overrides.name ?? 'Ana López',
      ...(overrides.locale === undefined ? {} : { locale: overrides.locale }),
    },
    achievement,
    earnedOn,
    ...(overrides.externalId === undefined ? {} : { externalId: overrides.externalId }),
  };
}

/** AZ-104 passed: earns Azure Administrator Associate, valid 12 months (assets/catalog.json). */
export function azureAdministratorPass(
  earnedOn = '2024-05-15',
  overrides: Parameters<typeof passOf>[2] = {},
): AwardRequestBody {
  return passOf('AZ-104', earnedOn, overrides);
}

/** AZ-900 passed: earns Azure Fundamentals, which never expires. */
export function azureFundamentalsPass(
  earnedOn = '2024-05-15',
  overrides: Parameters<typeof passOf>[2] = {},
): AwardRequestBody {
  return passOf('AZ-900', earnedOn, overrides);
}
