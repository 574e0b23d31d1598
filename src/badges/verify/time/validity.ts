import type { CheckLog } from '../report.js';

export interface Validity {
  /** The date the badge becomes valid (OB 2.0 issuedOn, VC validFrom / issuanceDate / nbf). */
  readonly from?: { readonly property: string; readonly value: string };
  /** The date it stops being valid (OB 2.0 expires, VC validUntil / expirationDate / exp). */
  readonly until?: { readonly property: string; readonly value: string };
}

/**
 * Not yet valid if now < from, expired if now > until (docs/open-badges.md A5, B6 "Also"; VAL3
 * ExpirationProbe, IssuanceProbe). Both are the `expired` category; an unreadable date is invalid.
 */
export function checkValidity(log: CheckLog, now: Date, validity: Validity): void {
  const { from, until } = validity;
  if (from) {
    const at = Date.parse(from.value);
    if (Number.isNaN(at))
      log.fail('time.not_before', { category: 'invalid', message: `${from.property} is not a date` });
    else if (now.getTime() < at) {
      log.fail('time.not_before', { category: 'expired', message: `not valid until ${from.property} ${from.value}` });
    } else log.pass('time.not_before', `valid since ${from.property} ${from.value}`);
  }
  if (!until) {
    log.pass('time.expiry', 'the badge has no expiry date');
    return;
  }
  const at = Date.parse(until.value);
  if (Number.isNaN(at)) log.fail('time.expiry', { category: 'invalid', message: `${until.property} is not a date` });
  else if (now.getTime() > at)
    log.fail('time.expiry', { category: 'expired', message: `expired at ${until.property} ${until.value}` });
  else log.pass('time.expiry', `valid until ${until.property} ${until.value}`);
}
