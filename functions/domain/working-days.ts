// Calendar arithmetic on business dates 'YYYY-MM-DD' (Asia/Shanghai): weekdays, holidays, 调休.

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The part of a city's calendar these rules read (the run-time config's `calendar`). */
export interface HolidayCalendar {
  readonly holidays: readonly { readonly date: string }[];
  readonly makeupWorkdays: readonly { readonly date: string; readonly worksAs?: Weekday }[];
}

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 86_400_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date, or undefined when it is not a real date. */
function dayNumber(date: string): number | undefined {
  const match = isoDatePattern.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
  if (new Date(ms).toISOString().slice(0, 10) !== date) return undefined;
  return ms / dayMs;
}

function requireDayNumber(date: string): number {
  const day = dayNumber(date);
  if (day === undefined) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  return day;
}

/** Whether a string is a real calendar date written 'YYYY-MM-DD' (2027-02-29 is not). */
export function isIsoDate(date: string): boolean {
  return dayNumber(date) !== undefined;
}

/**
 * ISO weekday of a 'YYYY-MM-DD' date. Computed on the date itself, in UTC arithmetic, so the
 * answer does not depend on the process's TZ (CI runs with TZ=UTC, servers may not).
 */
export function isoWeekday(date: string): Weekday {
  // 1970-01-01 was a Thursday (ISO 4).
  const index = (((requireDayNumber(date) + 3) % 7) + 7) % 7;
  return (index + 1) as Weekday;
}

/** The date `days` days after (or before, when negative) a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  return new Date((requireDayNumber(date) + days) * dayMs).toISOString().slice(0, 10);
}

/**
 * Whether government offices work on a date: a make-up workday (调休, always a weekend day)
 * is one; otherwise Monday to Friday unless it is a public holiday.
 */
export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  if (calendar.makeupWorkdays.some((day) => day.date === date)) return true;
  if (calendar.holidays.some((day) => day.date === date)) return false;
  return isoWeekday(date) <= 5;
}

/**
 * The weekday whose opening hours and shifts apply on a date, or undefined when everything is
 * closed (a public holiday). A make-up workday follows the weekday its entry names in
 * `worksAs`, otherwise its own (weekend) weekday.
 */
export function scheduleWeekday(date: string, calendar: HolidayCalendar): Weekday | undefined {
  const makeup = calendar.makeupWorkdays.find((day) => day.date === date);
  if (makeup) return makeup.worksAs ?? isoWeekday(date);
  if (calendar.holidays.some((day) => day.date === date)) return undefined;
  return isoWeekday(date);
}

/** Whether a date is a public holiday (法定节假日 or a day of its bridged break). */
export function isHoliday(date: string, calendar: HolidayCalendar): boolean {
  return calendar.holidays.some((day) => day.date === date);
}
