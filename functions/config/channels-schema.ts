// The parts of a city's config every function reads at run time (its notification channels and video, from its variables) or defaults: kept apart from the full schema so a function's bundle carries only these.
import { z } from 'zod';

/** An error message that reads right both for a missing field and for a wrong value. */
export const expected = (what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? `required: ${what}` : `expected ${what}`,
});

export const HttpsUrl = z.url({
  protocol: /^https$/,
  hostname: z.regexes.domain,
  ...expected('an https:// URL with a domain name'),
});

export const Hostname = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    expected('a lower-case domain name such as fengqiao.example.gov.cn'),
  );

export const EmailAddress = z.email(expected('an e-mail address'));

/** 'outbox' records the message in the table and sends nothing (local mode, demos). */
export const SmsChannel = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('outbox') }),
  z.strictObject({ kind: z.literal('sns') }),
  /** The agency's SMS gateway, called with a signed JSON POST. */
  z.strictObject({ kind: z.literal('webhook'), url: HttpsUrl }),
]);
export type SmsChannel = z.infer<typeof SmsChannel>;

export const EmailChannel = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('outbox') }),
  z.strictObject({ kind: z.literal('ses'), from: EmailAddress }),
  z.strictObject({
    kind: z.literal('smtp'),
    host: Hostname,
    port: z.int().min(1).max(65_535).optional(),
    from: EmailAddress,
  }),
]);
export type EmailChannel = z.infer<typeof EmailChannel>;

export const NotificationsConfig = z.strictObject({ sms: SmsChannel, email: EmailChannel });
export type NotificationsConfig = z.infer<typeof NotificationsConfig>;

/** Where video consultations and online sessions take place; 'none' creates no rooms. */
export const VideoConfig = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('chime') }),
  /** A self-hosted Jitsi Meet; rooms are reached by signed links. */
  z.strictObject({ kind: z.literal('jitsi'), baseUrl: HttpsUrl }),
]);
export type VideoConfig = z.infer<typeof VideoConfig>;

/** Booking rules a city seed may leave out (BookingsConfig in city-schema.ts). */
export const defaultBookings: { leadMinutes: number } = { leadMinutes: 120 };
