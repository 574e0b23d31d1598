import { AccoladeError } from '../errors.js';

/**
 * When an achievement was earned, as the programme states it: either a calendar day, read as a
 * UTC day, or an instant written as an RFC 3339 date-time WITH its offset (RFC 3339 §5.6). A
 * date-time without a zone is refused: it would mean a different instant on every server.
 */
export interface EarnedOn {
  readonly instant: Date;
  /** Canonical ISO 8601 in UTC, e.g. `2024-03-01T00:00:00Z`; milliseconds only when present. */
  readonly iso: string;
  /** `day` when the input was a bare date. */
  readonly precision: 'day' | 'instant';
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 §5.6 date-time; `t`/`z` are allowed in lower case by its §5.6 note.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const MIN_YEAR = 1900;
const MS_PER_MINUTE = 60_000;

export function parseEarnedOn(input: string): EarnedOn {
  const text = typeof input === 'string' ? input.trim() : '';
  const day = DAY.exec(text);
  if (day !== null) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    checkCalendarDate(year, month, date, input);
    const instant = new Date(Date.UTC(year, month - 1, date));
    return { instant, iso: isoInstant(instant), precision: 'day' };
  }
  const match = DATE_TIME.exec(text);
  if (match === null) throw invalidDate(input);
  const [year, month, date, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  checkCalendarDate(year, month, date, input);
  // Leap seconds (second 60) cannot be represented by a JavaScript Date, so they are refused.
  if (hour > 23 || minute > 59 || second > 59) throw invalidDate(input);
  const millis = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3));
  let offsetMinutes = 0;
  if (match[8] === undefined) {
    const [offsetHours, offsetMins] = [Number(match[10]), Number(match[11])];
    if (offsetHours > 23 || offsetMins > 59) throw invalidDate(input);
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const local = Date.UTC(year, month - 1, date, hour, minute, second, millis);
  const instant = new Date(local - offsetMinutes * MS_PER_MINUTE);
  return { instant, iso: isoInstant(instant), precision: 'instant' };
}

/** The last instant utcDay was asked about and its day: a decision asks of the same pass date several times. */
let lastDay: { readonly time: number; readonly day: string } | undefined;

/** `YYYY-MM-DD` of the UTC day an instant falls on: the day the catalog's dates are compared with. */
export function utcDay(instant: Date): string {
  const time = instant.getTime();
  if (lastDay?.time !== time) lastDay = { time, day: instant.toISOString().slice(0, 10) };
  return lastDay.day;
}

/**
 * The text of the last few instants written, by their time: awards issued together share their
 * issue second and often the date they were earned, and toISOString costs more than the lookup.
 */
const recentIso = new Map<number, string>();
const RECENT_ISO_ENTRIES = 16;

/** ISO 8601 in UTC, without a `.000` that carries no information. */
export function isoInstant(instant: Date): string {
  const time = instant.getTime();
  let iso = recentIso.get(time);
  if (iso === undefined) {
    iso = instant.toISOString().replace('.000Z', 'Z');
    if (recentIso.size >= RECENT_ISO_ENTRIES) recentIso.delete(recentIso.keys().next().value as number);
    recentIso.set(time, iso);
  }
  return iso;
}

/**
 * Calendar arithmetic in UTC for validity periods: the same day of the month `months` later,
 * or that month's last day when it is shorter (31 January + 1 month = 28 or 29 February).
 */
export function addMonths(instant: Date, months: number): Date {
  const target = new Date(instant.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  target.setUTCDate(Math.min(day, daysInMonth(target.getUTCFullYear(), target.getUTCMonth() + 1)));
  return target;
}

function checkCalendarDate(year: number, month: number, date: number, input: string): void {
  if (year < MIN_YEAR || month < 1 || month > 12 || date < 1 || date > daysInMonth(year, month)) {
    throw invalidDate(input);
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function invalidDate(input: unknown): AccoladeError {
  return new AccoladeError(
    'invalid_date',
    'Expected a date (YYYY-MM-DD) or a date-time with a time zone (e.g. 2024-03-01T09:30:00+01:00)',
    { value: typeof input === 'string' ? input.slice(0, 64) : String(input) },
  );
}
