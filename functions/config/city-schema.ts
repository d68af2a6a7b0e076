// The shape of a city's config (deploy time and the run-time seed) and the checks that span fields.
import { z } from 'zod';
import {
  Code,
  HandlingLevel,
  RegionLevel,
  RosterKind,
  regionLevels,
  ServiceMode,
} from '../domain/vocabulary.ts';
import { isIsoDate, isoWeekday } from '../domain/working-days.ts';
import {
  defaultBookings,
  expected,
  Hostname,
  HttpsUrl,
  NotificationsConfig,
  VideoConfig,
} from './channels-schema.ts';

export {
  defaultBookings,
  EmailChannel,
  NotificationsConfig,
  SmsChannel,
  VideoConfig,
} from './channels-schema.ts';

// ---------------------------------------------------------------------------------------------
// Small value types shared by both parts

/** Text shown to people: trimmed, never blank. */
const Text = z.string().trim().min(1, 'must not be blank').max(500);

/** A person's name: 1–30 characters, may contain '·' (阿依古丽·买买提), as CONTRACT.md says. */
const PersonName = z.string().trim().min(1, 'must not be blank').max(30);

/**
 * A phone number as printed for the public: a landline with its area code (0953-2012348),
 * an 11-digit mobile, or a 12xxx government hotline (12348 is the public legal service line).
 */
export const Phone = z
  .string()
  .regex(
    /^(0\d{2,3}-\d{7,8}|1[3-9]\d{9}|12\d{3})$/,
    expected('a phone number: a landline 0xxx-xxxxxxx, an 11-digit mobile or a 12xxx hotline'),
  );

/** A wall-clock time in Asia/Shanghai, 'HH:MM' (24-hour). */
export const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, expected('a time of day HH:MM (00:00–23:59)'));

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const Weekday = z.literal(
  [1, 2, 3, 4, 5, 6, 7],
  expected('a weekday 1 (Monday) … 7 (Sunday)'),
);
export type Weekday = z.infer<typeof Weekday>;

/** A calendar date 'YYYY-MM-DD' that exists (2027-02-29 does not). */
export const IsoDate = z
  .string(expected('a calendar date YYYY-MM-DD'))
  .refine(isIsoDate, expected('a calendar date YYYY-MM-DD'));

// ---------------------------------------------------------------------------------------------
// DEPLOY TIME: in the repo, validated when CDK synthesizes the city's stacks

export const partitions = ['aws', 'aws-cn'] as const;
export const Partition = z.enum(partitions);
export type Partition = z.infer<typeof Partition>;

/** The regions of the aws-cn partition: Beijing (Sinnet) and Ningxia (NWCD). */
export const chinaRegions = ['cn-north-1', 'cn-northwest-1'] as const;

export const AwsRegion = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, expected('an AWS region code such as ap-southeast-1'));

/**
 * The TLS certificate CloudFront serves for the domain. ACM works only in the aws partition
 * (and CloudFront reads it from us-east-1); aws-cn has no ACM for CloudFront, so a China city
 * uploads an IAM server certificate and names it by its id.
 */
export const Certificate = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('acm'),
    arn: z
      .string()
      .regex(
        /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
        expected('an ACM certificate ARN in us-east-1 (where CloudFront reads certificates)'),
      ),
  }),
  z.strictObject({
    kind: z.literal('iam'),
    serverCertificateId: z
      .string()
      .regex(/^ASCA[A-Z0-9]{10,30}$/, expected('an IAM server certificate id (ASCA…)')),
  }),
]);
export type Certificate = z.infer<typeof Certificate>;

export const DomainConfig = z.strictObject({
  name: Hostname,
  /** The ICP filing number (ICP备案号) the site footer must show; required in aws-cn. */
  icpLicence: z
    .string()
    .regex(
      /^[\u4e00-\u9fff]ICP[备证]\d{5,10}号(-\d{1,3})?$/,
      expected('an ICP number such as 宁ICP备12345678号-1'),
    )
    .optional(),
  certificate: Certificate.optional(),
});
export type DomainConfig = z.infer<typeof DomainConfig>;

/** Who signs staff tokens: the stack's own Cognito user pool, or the agency's OIDC provider. */
export const IdentityConfig = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cognito') }),
  z.strictObject({
    kind: z.literal('oidc'),
    /** Compared with the tokens' `iss` exactly, so write it as the provider does. */
    issuer: HttpsUrl,
    clientId: z.string().trim().min(1, 'must not be blank'),
  }),
]);
export type IdentityConfig = z.infer<typeof IdentityConfig>;

// Secrets (SMTP password, webhook signing key, Jitsi app secret) never live here: the stack
// reads them from its secret store, so this file can be public.

/** What every page shows so residents know who answers (UI.md: trust). */
export const BrandingConfig = z.strictObject({
  cityName: Text,
  cityNameEn: Text,
  agencyName: Text,
  agencyNameEn: Text,
  contactPhone: Phone,
  accentColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, expected('a colour #rrggbb'))
    .optional(),
});
export type BrandingConfig = z.infer<typeof BrandingConfig>;

/**
 * Services a China-region stack cannot rely on (ARCHITECTURE.md, "Per-city deployment"): they
 * are missing there, so the config must choose the adapter that replaces them.
 */
const unavailableInChina = {
  identity: 'cognito',
  sms: 'sns',
  email: 'ses',
  video: 'chime',
} as const;

export const DeployConfig = z
  .strictObject({
    partition: Partition,
    region: AwsRegion,
    domain: DomainConfig.optional(),
    identity: IdentityConfig,
    notifications: NotificationsConfig,
    video: VideoConfig,
    branding: BrandingConfig,
  })
  .superRefine((deploy, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const inChina = (chinaRegions as readonly string[]).includes(deploy.region);

    if (deploy.partition === 'aws') {
      if (inChina || deploy.region.startsWith('cn-')) {
        issue(['region'], `${deploy.region} belongs to the aws-cn partition, not aws`);
      }
      return;
    }

    if (!inChina) {
      issue(
        ['region'],
        `the aws-cn partition has only ${chinaRegions.join(' and ')}, not ${deploy.region}`,
      );
    }
    // CloudFront in China serves only an ICP-registered custom domain with an IAM certificate.
    if (!deploy.domain) {
      issue(
        ['domain'],
        'required in aws-cn: CloudFront there needs an ICP-registered domain with an IAM server certificate',
      );
    } else {
      if (!deploy.domain.icpLicence) {
        issue(['domain', 'icpLicence'], 'required in aws-cn: the ICP filing number of the domain');
      }
      if (!deploy.domain.certificate) {
        issue(['domain', 'certificate'], 'required in aws-cn: an IAM server certificate');
      } else if (deploy.domain.certificate.kind !== 'iam') {
        issue(
          ['domain', 'certificate', 'kind'],
          'aws-cn has no ACM for CloudFront: upload an IAM server certificate (kind "iam")',
        );
      }
    }
    if (deploy.identity.kind === unavailableInChina.identity) {
      issue(['identity', 'kind'], 'Cognito is not available to this stack in aws-cn: use "oidc"');
    }
    if (deploy.notifications.sms.kind === unavailableInChina.sms) {
      issue(['notifications', 'sms', 'kind'], 'SNS sends no SMS in aws-cn: use "webhook"');
    }
    if (deploy.notifications.email.kind === unavailableInChina.email) {
      issue(['notifications', 'email', 'kind'], 'SES is not available in aws-cn: use "smtp"');
    }
    if (deploy.video.kind === unavailableInChina.video) {
      issue(['video', 'kind'], 'Chime is not available in aws-cn: use "jitsi" or "none"');
    }
  });
export type DeployConfig = z.infer<typeof DeployConfig>;

// ---------------------------------------------------------------------------------------------
// RUN TIME: seeded into the table on first start or deploy; afterwards the table is the source

export const Region = z.strictObject({
  id: Code,
  name: Text,
  nameEn: Text,
  level: RegionLevel,
  /** null only for the root: the deploying jurisdiction, where the agency supervises. */
  parentId: Code.nullable(),
});
export type Region = z.infer<typeof Region>;

/** A dispute category (DOMAIN.md, "Dispute categories seen in the sources"). */
export const Category = z.strictObject({ id: Code, name: Text, nameEn: Text });
export type Category = z.infer<typeof Category>;

/** Something a resident books at a service point. */
export const Service = z.strictObject({
  id: Code,
  name: Text,
  nameEn: Text,
  description: Text,
  descriptionEn: Text,
  durationMinutes: z.int().min(5).max(480),
  /** Residents per slot: 1 for a consultation, more for a lecture. */
  capacity: z.int().min(1).max(1000),
  modes: z.array(ServiceMode).min(1),
});
export type Service = z.infer<typeof Service>;

/** One opening interval; a lunch break is two intervals on the same weekday. */
export const OpeningHours = z.strictObject({ weekday: Weekday, open: TimeOfDay, close: TimeOfDay });
export type OpeningHours = z.infer<typeof OpeningHours>;

/** A place residents go to or call: 中心 (county), 站 (town), 室 (village). */
export const ServicePoint = z.strictObject({
  id: Code,
  name: Text,
  nameEn: Text,
  level: HandlingLevel,
  regionId: Code,
  address: Text,
  addressEn: Text,
  phone: Phone,
  services: z.array(Code).min(1),
  /** Takes phone and video appointments as well as visits. */
  online: z.boolean(),
  /** Weekly hours; public holidays close it, make-up workdays open it (calendar). */
  hours: z.array(OpeningHours),
  /** Mediation rooms a panel session can be booked into (one session at a time each). */
  rooms: z.array(z.strictObject({ id: Code, name: Text, nameEn: Text })).optional(),
});
export type ServicePoint = z.infer<typeof ServicePoint>;

/** A weekly period when a roster member is at (or answers for) a service point. */
export const Shift = z.strictObject({
  weekday: Weekday,
  start: TimeOfDay,
  end: TimeOfDay,
  servicePointId: Code,
});
export type Shift = z.infer<typeof Shift>;

/**
 * One date whose hours differ from the member's weekly shifts (an evening clinic, a day off, a
 * swapped day): its shifts replace that weekday's for the date; an empty list means away that day.
 * The point's opening hours and the holiday calendar still apply.
 */
export const RosterException = z.strictObject({
  date: IsoDate,
  shifts: z.array(Shift.omit({ weekday: true })),
  reason: Text.optional(),
});
export type RosterException = z.infer<typeof RosterException>;

/** A person residents can pick (点单式) and panels can seat. */
export const RosterMember = z.strictObject({
  id: Code,
  name: PersonName,
  nameEn: Text,
  kind: RosterKind,
  /** Their home jurisdiction: every point they serve lies inside it. */
  regionId: Code,
  servicePoints: z.array(Code),
  services: z.array(Code),
  bio: Text,
  bioEn: Text,
  shifts: z.array(Shift),
  /** Whole business dates away (inclusive): no booking or session is offered then. */
  leave: z
    .array(z.strictObject({ from: IsoDate, to: IsoDate, reason: Text.optional() }))
    .optional(),
  /** Dates whose shifts replace the weekly ones (date overrides); leave still wins. */
  exceptions: z.array(RosterException).optional(),
});
export type RosterMember = z.infer<typeof RosterMember>;

export const CalendarDay = z.strictObject({ date: IsoDate, name: Text, nameEn: Text });
export type CalendarDay = z.infer<typeof CalendarDay>;

/** A weekend day worked to bridge a holiday (调休). */
export const MakeupWorkday = z.strictObject({
  ...CalendarDay.shape,
  /** Whose hours and shifts apply that day; without it, the date's own weekday's. */
  worksAs: Weekday.optional(),
});
export type MakeupWorkday = z.infer<typeof MakeupWorkday>;

/** Public holidays (法定节假日 and the days bridged to them) and make-up workdays (调休). */
export const HolidayCalendarConfig = z.strictObject({
  holidays: z.array(CalendarDay),
  makeupWorkdays: z.array(MakeupWorkday),
});
export type HolidayCalendarConfig = z.infer<typeof HolidayCalendarConfig>;

const Days = z.int().min(1).max(3650);

/** Calendar days each stage may take before a supervision notice (督办) goes up a level. */
export const SlaConfig = z.strictObject({
  triageDays: Days,
  diagnosisDays: Days,
  sessionsDays: Days,
  /** The parties apply for judicial confirmation within 30 days of the agreement (the law's figure). */
  judicialConfirmationDays: Days,
  /** How long the parties have to sign an agreement online before it goes back to the mediator. */
  signingDays: Days,
  /** How long a judge has to decide an application for judicial confirmation. */
  judicialReviewDays: Days,
  /** 复诊 opens this many days after the agreement takes effect… */
  followUpDays: Days,
  /** …and is due this many days after it opens. */
  followUpDueDays: Days,
  /** After the notice, how long before the case is escalated. */
  supervisionGraceDays: Days,
});
export type SlaConfig = z.infer<typeof SlaConfig>;

export const RemindersConfig = z.strictObject({
  /** Hours before an appointment or session when the parties get a reminder. */
  leadHours: z.array(
    z
      .number()
      .positive()
      .max(24 * 30),
  ),
});
export type RemindersConfig = z.infer<typeof RemindersConfig>;

/** Booking rules residents meet; a city seed may leave them to the defaults. */
export const BookingsConfig = z.strictObject({
  /** Slots starting sooner than this are not offered (staff need time to prepare). */
  leadMinutes: z
    .int()
    .min(0)
    .max(7 * 24 * 60),
});
export type BookingsConfig = z.infer<typeof BookingsConfig>;

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

/** Flags every repeated id after its first occurrence. */
function checkUnique(items: readonly { id: string }[], list: string, report: Report) {
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const first = firstIndex.get(item.id);
    if (first === undefined) firstIndex.set(item.id, index);
    else report([list, index, 'id'], `duplicate id '${item.id}' (also ${list}[${first}])`);
  });
}

function checkNoRepeats(values: readonly unknown[], path: Path, what: string, report: Report) {
  const seen = new Set<unknown>();
  values.forEach((value, index) => {
    if (seen.has(value)) report([...path, index], `${what} '${String(value)}' is listed twice`);
    seen.add(value);
  });
}

const levelDepth = (level: RegionLevel) => regionLevels.indexOf(level);
const weekdayNames = [
  '',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];
const overlaps = (a: { from: string; to: string }, b: { from: string; to: string }) =>
  a.from < b.to && b.from < a.to;

type RuntimeShape = {
  regions: Region[];
  services: Service[];
  servicePoints: ServicePoint[];
  roster: RosterMember[];
  categories: Category[];
  calendar: HolidayCalendarConfig;
  reminders: RemindersConfig;
};

function checkRegions(config: RuntimeShape, report: Report): Map<string, Region> {
  const byId = new Map<string, Region>();
  for (const region of config.regions) if (!byId.has(region.id)) byId.set(region.id, region);

  const roots = config.regions.flatMap((region, index) =>
    region.parentId === null ? [index] : [],
  );
  if (roots.length === 0) {
    report(
      ['regions'],
      'no root: exactly one region needs parentId null (the deploying jurisdiction)',
    );
  }
  roots.forEach((index, nth) => {
    const root = config.regions[index]!;
    if (nth > 0) {
      report(
        ['regions', index, 'parentId'],
        `a second root ('${root.id}'): only one region may have parentId null`,
      );
    }
    if (root.level !== 'city' && root.level !== 'county') {
      report(
        ['regions', index, 'level'],
        `the root region is the deploying jurisdiction, so its level is 'city' or 'county', not '${root.level}'`,
      );
    }
  });

  config.regions.forEach((region, index) => {
    if (region.parentId === null) return;
    const parent = byId.get(region.parentId);
    if (!parent) {
      report(['regions', index, 'parentId'], `unknown region '${region.parentId}'`);
    } else if (levelDepth(region.level) <= levelDepth(parent.level)) {
      report(
        ['regions', index, 'level'],
        `'${region.level}' must lie below its parent '${parent.id}' ('${parent.level}')`,
      );
    }
  });
  return byId;
}

/** Whether a region is `ancestorId` or lies under it (ids assumed checked; stops on a loop). */
function isWithin(regionId: string, ancestorId: string, regions: Map<string, Region>): boolean {
  let current: string | null = regionId;
  for (let steps = 0; current !== null && steps <= regions.size; steps++) {
    if (current === ancestorId) return true;
    current = regions.get(current)?.parentId ?? null;
  }
  return false;
}

function checkRuntime(config: RuntimeShape, ctx: z.RefinementCtx) {
  const report: Report = (path, message) => ctx.addIssue({ code: 'custom', path, message });

  checkUnique(config.regions, 'regions', report);
  checkUnique(config.categories, 'categories', report);
  checkUnique(config.services, 'services', report);
  checkUnique(config.servicePoints, 'servicePoints', report);
  checkUnique(config.roster, 'roster', report);

  const regions = checkRegions(config, report);
  const services = new Map(config.services.map((service) => [service.id, service]));
  const points = new Map<string, ServicePoint>();
  for (const point of config.servicePoints) if (!points.has(point.id)) points.set(point.id, point);

  config.services.forEach((service, index) => {
    checkNoRepeats(service.modes, ['services', index, 'modes'], 'mode', report);
  });

  config.servicePoints.forEach((point, index) => {
    const at = (...rest: Path): Path => ['servicePoints', index, ...rest];
    const region = regions.get(point.regionId);
    if (!region) {
      report(at('regionId'), `unknown region '${point.regionId}'`);
    } else if (region.level !== point.level) {
      report(
        at('level'),
        `'${point.level}' does not match the level of its region '${region.id}' ('${region.level}')`,
      );
    }
    point.services.forEach((serviceId, serviceIndex) => {
      if (!services.has(serviceId))
        report(at('services', serviceIndex), `unknown service '${serviceId}'`);
    });
    checkNoRepeats(point.services, at('services'), 'service', report);
    const remote = point.services.some((serviceId) =>
      services.get(serviceId)?.modes.some((mode) => mode !== 'in_person'),
    );
    if (point.online && !remote) {
      report(at('online'), 'an online point offers at least one service by phone or video');
    }
    point.hours.forEach((hours, hoursIndex) => {
      if (hours.open >= hours.close) {
        report(
          at('hours', hoursIndex, 'close'),
          `closes (${hours.close}) before it opens (${hours.open})`,
        );
        return;
      }
      const clash = point.hours.findIndex(
        (other, otherIndex) =>
          otherIndex < hoursIndex &&
          other.weekday === hours.weekday &&
          overlaps({ from: other.open, to: other.close }, { from: hours.open, to: hours.close }),
      );
      if (clash >= 0)
        report(at('hours', hoursIndex), `overlaps hours[${clash}] on the same weekday`);
    });
  });

  // A session names its room by id alone: room ids are unique across the city's points.
  checkUnique(
    config.servicePoints.flatMap((p) => p.rooms ?? []),
    'servicePoints[].rooms',
    report,
  );

  config.roster.forEach((member, index) => {
    const at = (...rest: Path): Path => ['roster', index, ...rest];
    member.leave?.forEach((leave, leaveIndex) => {
      if (leave.to < leave.from)
        report(
          at('leave', leaveIndex, 'to'),
          `ends (${leave.to}) before it starts (${leave.from})`,
        );
    });
    const home = regions.get(member.regionId);
    if (!home) report(at('regionId'), `unknown region '${member.regionId}'`);

    member.servicePoints.forEach((pointId, pointIndex) => {
      const point = points.get(pointId);
      if (!point) {
        report(at('servicePoints', pointIndex), `unknown service point '${pointId}'`);
      } else if (
        home &&
        regions.has(point.regionId) &&
        !isWithin(point.regionId, home.id, regions)
      ) {
        report(
          at('servicePoints', pointIndex),
          `'${pointId}' lies in '${point.regionId}', outside the member's region '${home.id}'`,
        );
      }
    });
    checkNoRepeats(member.servicePoints, at('servicePoints'), 'service point', report);

    member.services.forEach((serviceId, serviceIndex) => {
      if (!services.has(serviceId)) {
        report(at('services', serviceIndex), `unknown service '${serviceId}'`);
        return;
      }
      const offered = member.servicePoints.some((pointId) =>
        points.get(pointId)?.services.includes(serviceId),
      );
      if (!offered) {
        report(
          at('services', serviceIndex),
          `'${serviceId}' is offered by none of the member's service points`,
        );
      }
    });
    checkNoRepeats(member.services, at('services'), 'service', report);

    member.shifts.forEach((shift, shiftIndex) => {
      const shiftAt = (...rest: Path) => at('shifts', shiftIndex, ...rest);
      if (shift.start >= shift.end) {
        report(shiftAt('end'), `ends (${shift.end}) before it starts (${shift.start})`);
        return;
      }
      const point = points.get(shift.servicePointId);
      if (!point) {
        report(shiftAt('servicePointId'), `unknown service point '${shift.servicePointId}'`);
        return;
      }
      if (!member.servicePoints.includes(shift.servicePointId)) {
        report(
          shiftAt('servicePointId'),
          `'${shift.servicePointId}' is not one of this member's servicePoints`,
        );
      }
      const dayHours = point.hours.filter((hours) => hours.weekday === shift.weekday);
      const inside = dayHours.some(
        (hours) => hours.open <= shift.start && shift.end <= hours.close,
      );
      if (!inside) {
        const open = dayHours.map((hours) => `${hours.open}–${hours.close}`).join(', ') || 'closed';
        report(
          shiftAt(),
          `${shift.start}–${shift.end} on ${weekdayNames[shift.weekday]} is outside the hours of '${point.id}' that day (${open})`,
        );
      }
      // One person cannot be in two places: shifts of one member never overlap.
      const clash = member.shifts.findIndex(
        (other, otherIndex) =>
          otherIndex < shiftIndex &&
          other.weekday === shift.weekday &&
          overlaps({ from: other.start, to: other.end }, { from: shift.start, to: shift.end }),
      );
      if (clash >= 0) report(shiftAt(), `overlaps shifts[${clash}] of the same member`);
    });

    const exceptionDates = new Map<string, number>();
    member.exceptions?.forEach((exception, exceptionIndex) => {
      const first = exceptionDates.get(exception.date);
      if (first !== undefined)
        report(
          at('exceptions', exceptionIndex, 'date'),
          `${exception.date} is listed twice (also exceptions[${first}])`,
        );
      else exceptionDates.set(exception.date, exceptionIndex);
      exception.shifts.forEach((shift, shiftIndex) => {
        const shiftAt = (...rest: Path) =>
          at('exceptions', exceptionIndex, 'shifts', shiftIndex, ...rest);
        if (shift.start >= shift.end) {
          report(shiftAt('end'), `ends (${shift.end}) before it starts (${shift.start})`);
          return;
        }
        if (!points.has(shift.servicePointId)) {
          report(shiftAt('servicePointId'), `unknown service point '${shift.servicePointId}'`);
        } else if (!member.servicePoints.includes(shift.servicePointId)) {
          report(
            shiftAt('servicePointId'),
            `'${shift.servicePointId}' is not one of this member's servicePoints`,
          );
        }
        const clash = exception.shifts.findIndex(
          (other, otherIndex) =>
            otherIndex < shiftIndex &&
            overlaps({ from: other.start, to: other.end }, { from: shift.start, to: shift.end }),
        );
        if (clash >= 0) report(shiftAt(), `overlaps shifts[${clash}] of the same date`);
      });
    });
  });

  const dated = new Map<string, string>();
  const checkDate = (list: 'holidays' | 'makeupWorkdays', date: string, index: number) => {
    const first = dated.get(date);
    if (first) report(['calendar', list, index, 'date'], `${date} is listed twice (also ${first})`);
    else dated.set(date, `calendar.${list}[${index}]`);
  };
  config.calendar.holidays.forEach((day, index) => {
    checkDate('holidays', day.date, index);
  });
  config.calendar.makeupWorkdays.forEach((day, index) => {
    checkDate('makeupWorkdays', day.date, index);
    const weekday = isoWeekday(day.date);
    if (weekday <= 5) {
      report(
        ['calendar', 'makeupWorkdays', index, 'date'],
        `a make-up workday (调休) is a weekend day, but ${day.date} is a ${weekdayNames[weekday]}`,
      );
    }
  });

  checkNoRepeats(config.reminders.leadHours, ['reminders', 'leadHours'], 'lead time', report);
}

export const RuntimeConfig = z
  .strictObject({
    city: z.strictObject({
      name: Text,
      nameEn: Text,
      /** Case numbers start with it (`WZ-2026-000123`); never change it once cases exist. */
      caseNumberPrefix: z
        .string()
        .regex(/^[A-Z]{2,4}$/, expected('2–4 capital letters such as WZ')),
    }),
    /** A flat tree: parents by id, one root. */
    regions: z.array(Region).min(1),
    categories: z.array(Category).min(1),
    services: z.array(Service).min(1),
    servicePoints: z.array(ServicePoint),
    roster: z.array(RosterMember),
    calendar: HolidayCalendarConfig,
    sla: SlaConfig,
    reminders: RemindersConfig,
    bookings: BookingsConfig.default(defaultBookings),
    /** Days after closing before a case's personal data is deleted or anonymised (PIPL). */
    retentionDays: z.int().min(1).max(36_500),
  })
  .superRefine(checkRuntime);
export type RuntimeConfig = z.infer<typeof RuntimeConfig>;

// ---------------------------------------------------------------------------------------------

export const CityConfig = z.strictObject({
  /** The name used by `-c city=<id>` and `CITY=<id>`. */
  id: Code,
  deploy: DeployConfig,
  runtime: RuntimeConfig,
});
export type CityConfig = z.infer<typeof CityConfig>;
/** What a city file writes (before defaults and trimming). */
export type CityConfigInput = z.input<typeof CityConfig>;
