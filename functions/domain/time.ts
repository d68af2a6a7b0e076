// Business time: Asia/Shanghai whatever the server's TZ, and the clock port the domain reads.

export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';
/** China keeps no daylight saving time, so business time is always UTC+08:00. */
const OFFSET_MINUTES = 8 * 60;

/** The domain's only source of "now": the real clock on AWS, a controllable one locally. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall-clock fields of an instant in Asia/Shanghai. */
function shanghaiFields(instant: Date) {
  const shifted = new Date(instant.getTime() + OFFSET_MINUTES * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
    /** 1 = Monday … 7 = Sunday (ISO). */
    weekday: ((shifted.getUTCDay() + 6) % 7) + 1,
  };
}

/** ISO 8601 with the +08:00 offset, e.g. `2026-11-22T10:18:04+08:00`. */
export function toBusinessIso(instant: Date): string {
  const f = shanghaiFields(instant);
  const ms = f.millisecond ? `.${pad(f.millisecond, 3)}` : '';
  return `${f.year}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${ms}+08:00`;
}

/** The business date `YYYY-MM-DD` an instant falls on. */
export function businessDate(instant: Date): string {
  const f = shanghaiFields(instant);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
}

/** The business month `YYYY-MM` (statistics periods). */
export function businessMonth(instant: Date): string {
  return businessDate(instant).slice(0, 7);
}

/** ISO weekday (1 = Monday) of an instant in business time. */
export function businessWeekday(instant: Date): number {
  return shanghaiFields(instant).weekday;
}

/** The instant a business wall-clock time (`YYYY-MM-DD`, `HH:MM`) denotes. */
export function businessInstant(date: string, time = '00:00'): Date {
  const parsed = new Date(`${date}T${time}:00+08:00`);
  if (Number.isNaN(parsed.getTime()))
    throw new RangeError(`not a business date/time: ${date} ${time}`);
  return parsed;
}
