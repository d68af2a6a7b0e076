// Bookings: service points, providers and slots (public); book (Idempotency-Key); residents view, cancel, reschedule, calendar file.
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { IdempotencyStore } from '#adapters/idempotency-store.port.ts';
import type {
  AttemptStore,
  AuditEntry,
  RecoveryOtpStore,
} from '#adapters/party-contact-store.port.ts';
import { NotFound } from '#domain/errors.ts';
import { HandlingLevel, ServiceMode } from '#domain/vocabulary.ts';
import {
  BOOKING_PARTY,
  type BookingDeps,
  bookingRecoveryDeps,
  bookingView,
  calendarLinkValid,
  calendarUrl,
  cancelBooking,
  createBooking,
  findBooking,
  findSlots,
  listProviders,
  listServicePoints,
  rescheduleBooking,
  trackingCodeOf,
} from '#use-cases/bookings.ts';
import { requestRecovery, verifyRecovery } from '#use-cases/party-contacts.ts';
import { checkTrackingCode, isWellFormedReference } from '#use-cases/tracking-codes.ts';
import type { AppEnv } from '../app-env.ts';
import { idempotent } from '../middleware/idempotency.ts';
import { requireTrackingCode } from '../middleware/tracking-code.ts';
import { newRouter } from '../router.ts';
import { ConfigCode, errorContent, json, TrackingCodeHeader } from '../schemas.ts';
import { BookingSchema, NewBooking } from './booking-schemas.ts';

const DateTime = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-23T08:30:00+08:00' });

const ServicePointSchema = z
  .object({
    id: z.string().openapi({ example: 'wz-litong-center' }),
    name: z.string(),
    nameEn: z.string(),
    level: HandlingLevel,
    regionId: z.string(),
    address: z.string(),
    addressEn: z.string(),
    phone: z.string().openapi({ example: '0953-2136348', description: 'The point’s public phone' }),
    online: z.boolean().openapi({ description: 'Takes video and phone appointments' }),
    services: z.array(z.string()),
    hours: z.array(z.object({ weekday: z.number().int(), open: z.string(), close: z.string() })),
  })
  .openapi('ServicePoint');
const ProviderSchema = z
  .object({
    id: z.string().openapi({ example: 'wz-wang-lixin' }),
    name: z.string(),
    nameEn: z.string(),
    kind: z.string().openapi({ example: 'lawyer' }),
    specialties: z.array(z.string()),
    bio: z.string(),
    bioEn: z.string(),
    languages: z.array(z.string()),
    servicePoints: z.array(z.string()),
    services: z.array(z.string()),
    nextAvailable: z
      .string()
      .nullable()
      .openapi({ description: 'Start of the first free slot in 14 days' }),
  })
  .openapi('Provider');
const SlotSchema = z
  .object({
    slotId: z
      .string()
      .openapi({ example: 'wz-litong-center.legal_consultation.20261123T1430.wz-wang-lixin' }),
    start: z.string(),
    end: z.string(),
    servicePointId: z.string(),
    serviceId: z.string(),
    providerId: z
      .string()
      .nullable()
      .openapi({ description: 'null: any provider (assigned at booking)' }),
    capacity: z.number().int(),
    remaining: z.number().int(),
    modes: z.array(ServiceMode),
  })
  .openapi('Slot');
const CreatedBooking = z
  .object({
    reference: z.string(),
    trackingCode: z
      .string()
      .openapi({ description: 'Shown once here and sent by SMS; never stored' }),
    calendarUrl: z.string().openapi({ description: 'Signed, expiring link to the .ics file' }),
    booking: BookingSchema,
  })
  .openapi('CreatedBooking');

const ReferenceParam = z.object({
  reference: z.string().max(64).openapi({ example: 'BK7K3M9QXA' }),
});
const residentErrors = {
  404: errorContent('Unknown reference or wrong code (the same answer for both)'),
  429: errorContent('Too many wrong codes for this reference; Retry-After says when to retry'),
} as const;

export interface BookingRouteDeps extends BookingDeps {
  idempotency: IdempotencyStore;
  attempts: AttemptStore;
  otps: RecoveryOtpStore;
  audit(entry: AuditEntry): Promise<void>;
}

export function bookingRoutes(deps: BookingRouteDeps) {
  const create: MiddlewareHandler<AppEnv> = idempotent({
    store: deps.idempotency,
    clock: deps.clock,
    // The tracking code is never stored, not even in the replay record: derived again on replay.
    secret: {
      strip(body) {
        const { trackingCode: _code, ...rest } = JSON.parse(body) as Record<string, unknown>;
        return JSON.stringify(rest);
      },
      async restore(body) {
        const { reference, ...rest } = JSON.parse(body) as { reference: string };
        const record = await findBooking(deps, reference);
        const trackingCode = await trackingCodeOf(deps, record);
        return JSON.stringify({ reference, trackingCode, ...rest });
      },
    },
  });
  const resident = requireTrackingCode({
    ...deps,
    param: 'reference',
    async parties(reference) {
      const record = await deps.bookings.get(reference);
      return record && [{ partyId: BOOKING_PARTY, codeVersion: record.codeVersion }];
    },
  });

  const recovery = bookingRecoveryDeps(deps, deps);

  return newRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/bookings/{reference}/code-recovery',
        summary: 'Lost code: send a one-time code to the booking’s phone',
        description: 'Answers 202 whether or not the reference exists.',
        tags: ['residents'],
        request: { params: ReferenceParam },
        responses: {
          202: {
            description: 'Sent if the booking exists',
            content: json(z.object({ status: z.literal('sent_if_on_file') })),
          },
          429: errorContent('Too many requests for this reference'),
        },
      }),
      async (c) => {
        await requestRecovery(recovery, c.req.valid('param').reference);
        c.header('Cache-Control', 'no-store');
        return c.json({ status: 'sent_if_on_file' as const }, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/bookings/{reference}/code-recovery/verify',
        summary: 'Trade the one-time code for the booking’s tracking code',
        tags: ['residents'],
        request: {
          params: ReferenceParam,
          body: { required: true, content: json(z.object({ otp: z.string().max(16) }).strict()) },
        },
        responses: {
          200: {
            description: 'The tracking code',
            content: json(z.object({ reference: z.string(), trackingCode: z.string() })),
          },
          404: errorContent('Wrong or expired one-time code, or unknown reference'),
          429: errorContent('Too many wrong attempts for this reference'),
        },
      }),
      async (c) => {
        const { reference } = c.req.valid('param');
        const otp = isWellFormedReference(reference) ? c.req.valid('json').otp.trim() : '';
        c.header('Cache-Control', 'no-store');
        return c.json(await verifyRecovery(recovery, reference, otp), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/service-points',
        summary: 'Service points (中心, 站, 室) with hours, address, phone and services',
        tags: ['city'],
        request: {
          query: z.object({
            level: HandlingLevel.optional(),
            regionId: ConfigCode.optional(),
            serviceId: ConfigCode.optional(),
          }),
        },
        responses: {
          200: {
            description: 'The points',
            content: json(z.object({ servicePoints: z.array(ServicePointSchema) })),
          },
          400: errorContent('Invalid query'),
        },
      }),
      async (c) =>
        c.json({ servicePoints: await listServicePoints(deps, c.req.valid('query')) }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/providers',
        summary: 'Providers residents may pick (点单式): public profile and next availability',
        tags: ['city'],
        request: {
          query: z.object({
            servicePointId: ConfigCode.optional(),
            serviceId: ConfigCode.optional(),
          }),
        },
        responses: {
          200: {
            description: 'The providers',
            content: json(z.object({ providers: z.array(ProviderSchema) })),
          },
          400: errorContent('Invalid query'),
        },
      }),
      async (c) => c.json({ providers: await listProviders(deps, c.req.valid('query')) }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/slots',
        summary: 'Free slots; without providerId, one merged slot per start ("any provider")',
        tags: ['city'],
        request: {
          query: z.object({
            servicePointId: ConfigCode,
            serviceId: ConfigCode,
            providerId: ConfigCode.optional(),
            from: DateTime.optional().openapi({
              description: 'Slots starting at or after (default now)',
            }),
            to: DateTime.optional().openapi({
              description: 'Slots starting before (default from + 14 days, at most 60)',
            }),
          }),
        },
        responses: {
          200: {
            description: 'The slots',
            content: json(z.object({ slots: z.array(SlotSchema) })),
          },
          400: errorContent('Invalid query'),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const slots = await findSlots(deps, {
          servicePointId: q.servicePointId,
          serviceId: q.serviceId,
          providerId: q.providerId,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
        });
        c.header('Cache-Control', 'no-store');
        return c.json({ slots }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/bookings',
        summary: 'Book a slot; the reference and tracking code come back once (and by SMS)',
        tags: ['residents'],
        middleware: [create] as const,
        request: {
          headers: z.object({ 'Idempotency-Key': z.string().optional() }),
          body: { required: true, content: json(NewBooking) },
        },
        responses: {
          201: { description: 'Booked', content: json(CreatedBooking) },
          400: errorContent('Invalid fields, or a slot that is not open'),
          409: errorContent('SLOT_FULL: no place left in the slot'),
          422: errorContent('Idempotency-Key reused with another body'),
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const created = await createBooking(deps, body);
        c.header('Cache-Control', 'no-store');
        return c.json(
          {
            reference: created.reference,
            trackingCode: created.trackingCode,
            calendarUrl: await calendarUrl(deps, created.reference),
            booking: created.booking,
          },
          201,
          { Location: `/api/bookings/${created.reference}` },
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/bookings/{reference}',
        summary: 'A resident reads their booking with the tracking code',
        tags: ['residents'],
        middleware: [resident] as const,
        request: { params: ReferenceParam, headers: TrackingCodeHeader },
        responses: {
          200: { description: 'The booking, phone masked', content: json(BookingSchema) },
          ...residentErrors,
        },
      }),
      async (c) => {
        const record = await findBooking(deps, c.get('resident').reference);
        return c.json(bookingView(record, await deps.catalogue()), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/bookings/{reference}/cancel',
        summary: 'Cancel a booking, with a reason; its place comes back',
        tags: ['residents'],
        middleware: [resident] as const,
        request: {
          params: ReferenceParam,
          headers: TrackingCodeHeader,
          body: {
            required: true,
            content: json(z.object({ reason: z.string().trim().min(1).max(200) }).strict()),
          },
        },
        responses: {
          200: { description: 'Cancelled', content: json(BookingSchema) },
          400: errorContent('Invalid fields'),
          409: errorContent('BOOKING_NOT_CHANGEABLE: already cancelled, attended or missed'),
          ...residentErrors,
        },
      }),
      async (c) => {
        const view = await cancelBooking(
          deps,
          c.get('resident').reference,
          c.req.valid('json').reason,
        );
        return c.json(view, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/bookings/{reference}/reschedule',
        summary: 'Move a booking to another slot at the same point, atomically',
        tags: ['residents'],
        middleware: [resident] as const,
        request: {
          params: ReferenceParam,
          headers: TrackingCodeHeader,
          body: {
            required: true,
            content: json(z.object({ slotId: z.string().max(200) }).strict()),
          },
        },
        responses: {
          200: { description: 'Moved', content: json(BookingSchema) },
          400: errorContent('Invalid fields, or a slot that is not open'),
          409: errorContent('SLOT_FULL, or BOOKING_NOT_CHANGEABLE (cancelled or past)'),
          ...residentErrors,
        },
      }),
      async (c) => {
        const view = await rescheduleBooking(
          deps,
          c.get('resident').reference,
          c.req.valid('json').slotId,
        );
        return c.json(view, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/bookings/{reference}/calendar.ics',
        summary: 'The booking as an iCalendar file (X-Tracking-Code, or the signed calendarUrl)',
        tags: ['residents'],
        request: {
          params: ReferenceParam,
          headers: TrackingCodeHeader,
          query: z.object({
            expires: z.string().max(20).optional(),
            sig: z.string().max(64).optional(),
          }),
        },
        responses: {
          200: {
            description: 'The calendar file',
            content: { 'text/calendar': { schema: z.string() } },
          },
          ...residentErrors,
        },
      }),
      async (c) => {
        const { reference } = c.req.valid('param');
        const { expires, sig } = c.req.valid('query');
        let opened: string;
        if (sig !== undefined && expires !== undefined) {
          if (!(await calendarLinkValid(deps, reference, Number(expires), sig)))
            throw new NotFound();
          opened = reference;
        } else {
          opened = (
            await checkTrackingCode(
              {
                ...deps,
                async parties(ref) {
                  const record = await deps.bookings.get(ref);
                  return record && [{ partyId: BOOKING_PARTY, codeVersion: record.codeVersion }];
                },
              },
              { reference, code: c.req.header('X-Tracking-Code') },
            )
          ).reference;
        }
        const record = await findBooking(deps, opened);
        const view = bookingView(record, await deps.catalogue());
        const point = (await deps.catalogue()).city.servicePoints.find(
          (p) => p.id === record.servicePointId,
        );
        // Loaded on first use: in the Lambda bundle the .ics writer is a chunk of its own, which
        // a cold start for any other route neither reads nor compiles.
        const { default: ical } = await import('ical-generator');
        const calendar = ical({
          name: `${deps.cityName} ${view.serviceName}`,
          prodId: '//Fengqiao//Bookings//ZH',
        });
        calendar.createEvent({
          id: `${record.reference}@fengqiao`,
          start: new Date(record.start),
          end: new Date(record.end),
          summary: `${view.serviceName}（${view.providerName}）`,
          location:
            record.mode === 'in_person'
              ? `${view.servicePointName} ${point?.address ?? ''}`.trim()
              : view.servicePointName,
          description: `编号 ${record.reference}${point ? `，电话 ${point.phone}` : ''}`,
          ...(record.status === 'cancelled' ? { status: 'CANCELLED' as never } : {}),
        });
        return c.body(calendar.toString(), 200, {
          'Content-Type': 'text/calendar; charset=utf-8',
          'Content-Disposition': `attachment; filename="${record.reference}.ics"`,
          'Cache-Control': 'no-store',
        });
      },
    );
}
