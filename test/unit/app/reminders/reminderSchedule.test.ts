import { expect } from 'chai';
import {
  addDuration,
  dueReminder,
  latestIssuedOnText,
  parseIsoDuration,
  parseReminderSchedule,
} from '../../../../src/app/reminders/reminderSchedule.js';

const ISSUED = new Date('2024-01-31T10:00:00Z');
const at = (iso: string) => new Date(iso);

describe('the reminder schedule', () => {
  it('reads ISO 8601 durations, calendar units in UTC and exact time parts', () => {
    expect(addDuration(ISSUED, parseIsoDuration('P3D')!).toISOString()).to.equal('2024-02-03T10:00:00.000Z');
    expect(addDuration(ISSUED, parseIsoDuration('P1W')!).toISOString()).to.equal('2024-02-07T10:00:00.000Z');
    expect(addDuration(ISSUED, parseIsoDuration('PT2S')!).toISOString()).to.equal('2024-01-31T10:00:02.000Z');
    expect(addDuration(ISSUED, parseIsoDuration('PT1H30M')!).toISOString()).to.equal('2024-01-31T11:30:00.000Z');
    expect(addDuration(ISSUED, parseIsoDuration('P1Y2M')!).toISOString()).to.equal('2025-03-31T10:00:00.000Z');
    expect(addDuration(ISSUED, parseIsoDuration('PT0.5S')!).toISOString()).to.equal('2024-01-31T10:00:00.500Z');
    for (const bad of ['P', 'PT', '3D', 'P3', 'PD', 'P-1D', 'P1DT', 'PT1D']) {
      expect(parseIsoDuration(bad), bad).to.equal(undefined);
    }
  });

  it('is due exactly at each boundary, not a millisecond before, and none after the last', () => {
    const schedule = parseReminderSchedule('P3D,P10D,P30D,P90D');
    expect(dueReminder(ISSUED, at('2024-02-03T09:59:59.999Z'), schedule)).to.equal(0);
    expect(dueReminder(ISSUED, at('2024-02-03T10:00:00.000Z'), schedule)).to.equal(1);
    expect(dueReminder(ISSUED, at('2024-02-10T09:59:59.999Z'), schedule)).to.equal(1);
    expect(dueReminder(ISSUED, at('2024-02-10T10:00:00.000Z'), schedule)).to.equal(2);
    expect(dueReminder(ISSUED, at('2024-04-30T10:00:00.000Z'), schedule)).to.equal(4);
    expect(dueReminder(ISSUED, at('2030-01-01T00:00:00.000Z'), schedule)).to.equal(4);
  });

  it('gives the latest due reminder after a long gap (catch-up sends one, not all missed)', () => {
    const schedule = parseReminderSchedule('P3D,P10D,P30D,P90D');
    expect(dueReminder(ISSUED, at('2024-03-15T00:00:00Z'), schedule)).to.equal(3);
  });

  it('bounds the issue dates the store reads: every award a duration has run out for is within it, few more', () => {
    const now = at('2025-03-01T09:00:00.250Z');
    for (const text of ['P1M', 'P1Y2M3DT4H', 'PT2S', 'P3D']) {
      const duration = parseIsoDuration(text)!;
      const bound = latestIssuedOnText(now, duration);
      let read = 0;
      let due = 0;
      // Issue dates every 7 hours over 500 days before now, written as the service writes them.
      for (let hours = 0; hours < 500 * 24; hours += 7) {
        const issued = new Date(now.getTime() - hours * 3_600_000 - 250);
        const stored = issued.toISOString().replace('.000Z', 'Z');
        const isDue = addDuration(issued, duration).getTime() <= now.getTime();
        if (isDue) {
          due++;
          expect(stored <= bound, `${text}: ${stored} due, not read`).to.equal(true);
        }
        if (stored <= bound) read++;
      }
      expect(due, text).to.be.greaterThan(0);
      // A month taken as 28 days reads at most a few days early per month.
      expect(read - due, text).to.be.at.most(((duration.years * 12 + duration.months) * 3 * 24) / 7 + 1);
    }
  });
});
