/**
 * When reminders are due: ISO 8601 durations counted from the award's `issuedOn` (when the
 * service created it, never when it was earned). Years and months are calendar units in UTC
 * (P1M from 31 January is 3 March, as `Date.setUTCMonth` does); weeks, days and time parts are
 * exact (a day is 24 hours: every clock here is UTC).
 */
export interface IsoDuration {
  readonly text: string;
  readonly years: number;
  readonly months: number;
  readonly days: number;
  readonly ms: number;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** The duration, or undefined when `text` is not an ISO 8601 duration of at least one unit. */
export function parseIsoDuration(text: string): IsoDuration | undefined {
  const match = DURATION.exec(text);
  if (match === null || text === 'P' || text.endsWith('T')) return undefined;
  const [, y, mo, w, d, h, mi, s] = match;
  const n = (part: string | undefined) => (part === undefined ? 0 : Number(part.replace(',', '.')));
  return {
    text,
    years: n(y),
    months: n(mo),
    days: n(w) * 7 + n(d),
    ms: ((n(h) * 60 + n(mi)) * 60 + n(s)) * 1000,
  };
}

export function addDuration(from: Date, duration: IsoDuration): Date {
  const date = new Date(from.getTime());
  if (duration.years !== 0 || duration.months !== 0) {
    date.setUTCMonth(date.getUTCMonth() + duration.years * 12 + duration.months);
  }
  return new Date(date.getTime() + duration.days * 86_400_000 + duration.ms);
}

/**
 * Parses `P3D,P10D,…`: at least one duration, each later than the one before (so reminder `n`
 * is the n-th). Throws a message naming the bad entry.
 */
export function parseReminderSchedule(text: string): readonly IsoDuration[] {
  const entries = text.split(',').map((entry) => entry.trim());
  const schedule: IsoDuration[] = [];
  const probe = new Date(Date.UTC(2001, 0, 1));
  for (const entry of entries) {
    const duration = parseIsoDuration(entry.toUpperCase());
    if (duration === undefined)
      throw new Error(`has "${entry}", which is not an ISO 8601 duration such as P3D or PT2S`);
    const previous = schedule.at(-1);
    if (previous !== undefined && addDuration(probe, duration) <= addDuration(probe, previous)) {
      throw new Error(`must list durations in increasing order, but "${entry}" follows "${previous.text}"`);
    }
    if (previous === undefined && addDuration(probe, duration).getTime() === probe.getTime()) {
      throw new Error(`has "${entry}", which is zero`);
    }
    schedule.push(duration);
  }
  return schedule;
}

/**
 * The reminder due at `now` for an award issued at `issuedOn`: the latest one whose time has
 * come (1-based), so after downtime only the last missed one is due, or 0 when none is yet.
 */
export function dueReminder(issuedOn: Date, now: Date, schedule: readonly IsoDuration[]): number {
  let due = 0;
  for (const [index, duration] of schedule.entries()) {
    if (addDuration(issuedOn, duration).getTime() <= now.getTime()) due = index + 1;
    else break;
  }
  return due;
}

/**
 * The latest `issuedOn`, as stored (UTC, `Z`), for which `duration` may have run out at `now`,
 * as text to compare with: what the store reads of the awards due. A duration adds at least
 * its shortest length (a month at least 28 days), so every award it has run out for is issued
 * by then; the text ends at the second with `Z`, which sorts after every fraction of that second
 * (`.` before `Z`). A few not yet due may pass: `dueReminder` decides.
 */
export function latestIssuedOnText(now: Date, duration: IsoDuration): string {
  const shortestMs = ((duration.years * 12 + duration.months) * 28 + duration.days) * 86_400_000 + duration.ms;
  return `${new Date(now.getTime() - shortestMs).toISOString().slice(0, 19)}Z`;
}
