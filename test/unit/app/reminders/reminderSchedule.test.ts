import { expect } from 'chai';
import {
  addDuration,
  dueReminder,
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
});
