// The diagnosis step's opening and deadline skip weekends, holidays and follow 调休.
import { describe, expect, it } from 'vitest';
import { diagnosisSchedule } from './diagnosis-schedule.ts';

const noHolidays = { holidays: [], makeupWorkdays: [] };

describe('diagnosisSchedule', () => {
  it('opens the next working day at 09:00 and is due at 18:00 of the Nth working day', () => {
    // Friday 2026-11-20, 15:00 in Shanghai: opens Monday 23rd, 7 working days → due Tuesday 1 Dec.
    const schedule = diagnosisSchedule(new Date('2026-11-20T15:00:00+08:00'), noHolidays, 7);
    expect(schedule.opensAt).toBe('2026-11-23T09:00:00+08:00');
    expect(schedule.dueAt).toBe('2026-12-01T18:00:00+08:00');
    expect(schedule.timeoutSeconds).toBe((8 * 24 + 9) * 3600);
  });

  it('uses the business date, not UTC: 23:30 UTC on Sunday is already Monday in Shanghai', () => {
    const schedule = diagnosisSchedule(new Date('2026-11-22T23:30:00Z'), noHolidays, 1);
    expect(schedule.opensAt).toBe('2026-11-24T09:00:00+08:00');
    expect(schedule.dueAt).toBe('2026-11-24T18:00:00+08:00');
  });

  it('skips public holidays and counts a make-up working day (调休)', () => {
    const calendar = {
      holidays: [{ date: '2026-11-23' }, { date: '2026-11-24' }],
      makeupWorkdays: [{ date: '2026-11-29' }],
    };
    const schedule = diagnosisSchedule(new Date('2026-11-20T10:00:00+08:00'), calendar, 5);
    // Opens Wed 25th; 25, 26, 27, Sun 29 (调休), Mon 30 → due Mon 30th.
    expect(schedule.opensAt).toBe('2026-11-25T09:00:00+08:00');
    expect(schedule.dueAt).toBe('2026-11-30T18:00:00+08:00');
  });

  it('refuses a non-positive number of days', () => {
    expect(() => diagnosisSchedule(new Date(), noHolidays, 0)).toThrow(RangeError);
  });
});
