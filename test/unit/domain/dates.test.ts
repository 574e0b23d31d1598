import { expect } from 'chai';
import { addMonths, isoInstant, parseEarnedOn, utcDay } from '../../../src/domain/dates.js';
import { errorCodeOf } from '../../fixtures/rules/errorCode.js';

describe('parseEarnedOn', () => {
  it('reads a bare date as the start of that UTC day', () => {
    const earned = parseEarnedOn('2024-03-01');
    expect(earned.instant.toISOString()).to.equal('2024-03-01T00:00:00.000Z');
    expect(earned.iso).to.equal('2024-03-01T00:00:00Z');
    expect(earned.precision).to.equal('day');
  });

  it('reads a UTC date-time as that instant', () => {
    const earned = parseEarnedOn('2024-03-01T09:30:15Z');
    expect(earned.iso).to.equal('2024-03-01T09:30:15Z');
    expect(earned.precision).to.equal('instant');
  });

  it('converts a positive offset to UTC, which can fall on the previous day', () => {
    expect(parseEarnedOn('2024-03-01T00:30:00+01:00').iso).to.equal('2024-02-29T23:30:00Z');
  });

  it('converts a negative offset to UTC, which can fall on the next day', () => {
    expect(parseEarnedOn('2024-12-31T22:15:00-05:30').iso).to.equal('2025-01-01T03:45:00Z');
  });

  it('keeps milliseconds and drops finer fractions of a second', () => {
    expect(parseEarnedOn('2024-03-01T09:30:15.123456Z').iso).to.equal('2024-03-01T09:30:15.123Z');
    expect(parseEarnedOn('2024-03-01T09:30:15.5Z').iso).to.equal('2024-03-01T09:30:15.500Z');
  });

  it('accepts the lower-case t and z RFC 3339 allows, and surrounding spaces', () => {
    expect(parseEarnedOn(' 2024-03-01t09:30:15z ').iso).to.equal('2024-03-01T09:30:15Z');
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseEarnedOn('2024-02-29').iso).to.equal('2024-02-29T00:00:00Z');
  });

  for (const input of [
    '2023-02-29',
    '2023-02-30',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-03-01T10:00:00',
    '2024-03-01 10:00:00Z',
    '2024-03-01T24:00:00Z',
    '2024-03-01T10:60:00Z',
    '2016-12-31T23:59:60Z',
    '2024-03-01T10:00:00+24:00',
    '2024-03-01T10:00:00+0100',
    '2024-3-1',
    '01/03/2024',
    '0999-01-01',
    'yesterday',
    '',
  ]) {
    it(`refuses ${JSON.stringify(input)} with invalid_date`, () => {
      expect(errorCodeOf(() => parseEarnedOn(input))).to.equal('invalid_date');
    });
  }
});

describe('utcDay', () => {
  it('gives the UTC calendar day of an instant, whatever offset it was written with', () => {
    expect(utcDay(parseEarnedOn('2021-01-01T00:30:00+01:00').instant)).to.equal('2020-12-31');
  });
});

describe('isoInstant', () => {
  it('omits zero milliseconds and keeps others', () => {
    expect(isoInstant(new Date('2024-01-01T00:00:00.000Z'))).to.equal('2024-01-01T00:00:00Z');
    expect(isoInstant(new Date('2024-01-01T00:00:00.010Z'))).to.equal('2024-01-01T00:00:00.010Z');
  });

  it('writes each instant right however many were written before it, and refuses an invalid date', () => {
    const base = Date.UTC(2024, 0, 1);
    for (let round = 0; round < 3; round += 1) {
      for (let step = 0; step < 40; step += 1) {
        const instant = new Date(base + step * 1001);
        expect(isoInstant(instant)).to.equal(instant.toISOString().replace('.000Z', 'Z'));
      }
    }
    expect(() => isoInstant(new Date(Number.NaN))).to.throw(RangeError);
    expect(() => isoInstant(new Date(Number.NaN))).to.throw(RangeError);
  });
});

describe('addMonths', () => {
  it('moves to the same day and time the given number of months later', () => {
    expect(addMonths(new Date('2024-03-01T09:30:00Z'), 12).toISOString()).to.equal('2025-03-01T09:30:00.000Z');
  });

  it('crosses the year end', () => {
    expect(addMonths(new Date('2024-11-15T00:00:00Z'), 3).toISOString()).to.equal('2025-02-15T00:00:00.000Z');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(addMonths(new Date('2024-01-31T00:00:00Z'), 1).toISOString()).to.equal('2024-02-29T00:00:00.000Z');
    expect(addMonths(new Date('2023-01-31T00:00:00Z'), 1).toISOString()).to.equal('2023-02-28T00:00:00.000Z');
    expect(addMonths(new Date('2024-02-29T00:00:00Z'), 12).toISOString()).to.equal('2025-02-28T00:00:00.000Z');
  });

  it('does not change the instant it is given', () => {
    const start = new Date('2024-03-31T00:00:00Z');
    addMonths(start, 1);
    expect(start.toISOString()).to.equal('2024-03-31T00:00:00.000Z');
  });
});
