// Business-date arithmetic: weekdays that ignore the process TZ, holidays and make-up workdays.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isIsoDate, isoWeekday, isWorkingDay, scheduleWeekday } from './working-days.ts';

const calendar = {
  holidays: [{ date: '2026-10-01' }, { date: '2026-10-02' }, { date: '2026-10-05' }],
  makeupWorkdays: [{ date: '2026-10-10' }, { date: '2026-09-20', worksAs: 1 as const }],
};

describe('isoWeekday', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('names Monday 1 and Sunday 7', () => {
    expect(isoWeekday('2026-01-05')).toBe(1);
    expect(isoWeekday('2026-01-04')).toBe(7);
    expect(isoWeekday('2026-10-01')).toBe(4);
    expect(isoWeekday('1969-12-31')).toBe(3);
  });

  it('gives the same answer whatever the process time zone', () => {
    for (const tz of ['UTC', 'Asia/Shanghai', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
      process.env.TZ = tz;
      expect(isoWeekday('2026-10-01')).toBe(4);
      expect(addDays('2026-10-31', 1)).toBe('2026-11-01');
    }
  });

  it('advances by one each day and repeats every seven', () => {
    const anyDay = fc.integer({ min: 0, max: 365 * 40 }).map((n) => addDays('2000-01-01', n));
    fc.assert(
      fc.property(anyDay, (date) => {
        expect(isoWeekday(addDays(date, 7))).toBe(isoWeekday(date));
        expect(isoWeekday(addDays(date, 1))).toBe((isoWeekday(date) % 7) + 1);
      }),
    );
  });

  it('refuses a date that does not exist', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2026-1-5')).toBe(false);
    expect(() => isoWeekday('2026-02-30')).toThrow(RangeError);
  });
});

describe('isWorkingDay and scheduleWeekday', () => {
  it('closes on public holidays, even on weekdays', () => {
    expect(isWorkingDay('2026-10-01', calendar)).toBe(false);
    expect(isWorkingDay('2026-10-05', calendar)).toBe(false);
    expect(scheduleWeekday('2026-10-01', calendar)).toBeUndefined();
  });

  it('works on a make-up weekend day and keeps ordinary weekends free', () => {
    expect(isWorkingDay('2026-10-10', calendar)).toBe(true);
    expect(isWorkingDay('2026-10-11', calendar)).toBe(false);
    expect(isWorkingDay('2026-10-09', calendar)).toBe(true);
  });

  it("applies the weekday a make-up day works as, or else the day's own", () => {
    expect(scheduleWeekday('2026-09-20', calendar)).toBe(1);
    expect(scheduleWeekday('2026-10-10', calendar)).toBe(6);
    expect(scheduleWeekday('2026-10-11', calendar)).toBe(7);
  });
});
