// Mainland China's public holidays and make-up workdays (调休), the seed of every city's calendar.
import type { z } from 'zod';
import type { CalendarDay, HolidayCalendarConfig, MakeupWorkday } from './city-schema.ts';
import { dateRun } from './seed-helpers.ts';

type Day = z.input<typeof CalendarDay>;
type Makeup = z.input<typeof MakeupWorkday>;

const newYear = ['元旦', "New Year's Day"] as const;
const springFestival = ['春节', 'Spring Festival'] as const;
const qingming = ['清明节', 'Qingming Festival'] as const;
const labourDay = ['劳动节', 'Labour Day'] as const;
const dragonBoat = ['端午节', 'Dragon Boat Festival'] as const;
const midAutumn = ['中秋节', 'Mid-Autumn Festival'] as const;
const nationalDay = ['国庆节', 'National Day'] as const;

const makeup = (date: string, [name, nameEn]: readonly [string, string]): Makeup => ({
  date,
  name: `${name}调休上班`,
  nameEn: `Make-up workday (${nameEn})`,
});

// 2026: the State Council General Office's notice on the 2026 holiday schedule.
const holidays2026: Day[] = [
  ...dateRun('2026-01-01', '2026-01-03', ...newYear),
  ...dateRun('2026-02-15', '2026-02-23', ...springFestival),
  ...dateRun('2026-04-04', '2026-04-06', ...qingming),
  ...dateRun('2026-05-01', '2026-05-05', ...labourDay),
  ...dateRun('2026-06-19', '2026-06-21', ...dragonBoat),
  ...dateRun('2026-09-25', '2026-09-27', ...midAutumn),
  ...dateRun('2026-10-01', '2026-10-07', ...nationalDay),
];
const makeup2026: Makeup[] = [
  makeup('2026-01-04', newYear),
  makeup('2026-02-14', springFestival),
  makeup('2026-02-28', springFestival),
  makeup('2026-05-09', labourDay),
  makeup('2026-09-20', nationalDay),
  makeup('2026-10-10', nationalDay),
];

// 2027: PROVISIONAL. The notice is published late in the preceding year; these dates follow the
// festivals' 2027 dates (除夕 Feb 5, 清明 Apr 5, 端午 Jun 9, 中秋 Sep 15) and the usual bridging
// pattern of the 2025 rules (春节 4 statutory days, 劳动节 2). Replace them with the notice's
// dates through the admin pages (the table is the source of truth once seeded).
const holidays2027: Day[] = [
  ...dateRun('2027-01-01', '2027-01-03', ...newYear),
  ...dateRun('2027-02-05', '2027-02-13', ...springFestival),
  ...dateRun('2027-04-03', '2027-04-05', ...qingming),
  ...dateRun('2027-05-01', '2027-05-05', ...labourDay),
  ...dateRun('2027-06-09', '2027-06-09', ...dragonBoat),
  ...dateRun('2027-09-15', '2027-09-15', ...midAutumn),
  ...dateRun('2027-10-01', '2027-10-07', ...nationalDay),
];
const makeup2027: Makeup[] = [
  makeup('2027-01-31', springFestival),
  makeup('2027-02-20', springFestival),
  makeup('2027-05-08', labourDay),
  makeup('2027-09-26', nationalDay),
  makeup('2027-10-09', nationalDay),
];

export const nationalCalendar: z.input<typeof HolidayCalendarConfig> = {
  holidays: [...holidays2026, ...holidays2027],
  makeupWorkdays: [...makeup2026, ...makeup2027],
};
