/**
 * ISO 8601 / XML Schema dateTime with a mandatory time zone (OB 2.0 §Primitive datatypes,
 * OB 3.0 DateTimeZ): a date without a zone is ambiguous by up to a day.
 */
const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

export function isDateTimeWithZone(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME_WITH_ZONE.test(value) && !Number.isNaN(Date.parse(value));
}
