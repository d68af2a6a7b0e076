// Staff side of bookings: a provider's day, booking for a resident who phones or walks in, attendance, a consultation note.
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { IdempotencyStore } from '#adapters/idempotency-store.port.ts';
import { BookingNotChangeable, NotFound, ValidationFailed } from '#domain/errors.ts';
import { toBusinessIso } from '#domain/time.ts';
import { isIsoDate } from '#domain/working-days.ts';
import type { BookingDeps } from '#use-cases/bookings.ts';
import type { AppEnv } from '../app-env.ts';
import { idempotent } from '../middleware/idempotency.ts';
import { newRouter } from '../router.ts';
import { errorContent, json } from '../schemas.ts';
import { bearer, staffErrors } from './bearer-auth.ts';
import { BookingSchema, NewBooking } from './booking-schemas.ts';

const ReferenceParam = z.object({ reference: z.string().max(64) });
const Note = z.string().trim().min(1).max(1000);

export interface StaffBookingRouteDeps extends BookingDeps {
  idempotency: IdempotencyStore;
}

const actorOf = (caller: { issuer: string; subject: string }) =>
  `${caller.issuer}#${caller.subject}`;

/** The booking use cases, read by the first request that needs them (not at cold start). */
const bookingCases = () => import('#use-cases/bookings.ts');

export function staffBookingRoutes(deps: StaffBookingRouteDeps) {
  const create: MiddlewareHandler<AppEnv> = idempotent({
    store: deps.idempotency,
    clock: deps.clock,
    secret: {
      strip(body) {
        const { trackingCode: _code, ...rest } = JSON.parse(body) as Record<string, unknown>;
        return JSON.stringify(rest);
      },
      async restore(body) {
        const { reference, ...rest } = JSON.parse(body) as { reference: string };
        const trackingCode = await (await bookingCases()).trackingCodeOf(
          deps,
          await (await bookingCases()).findBooking(deps, reference),
        );
        return JSON.stringify({ reference, trackingCode, ...rest });
      },
    },
  });
  const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  };
  /** A booking, refused (403) outside the caller's region: its service point's region decides. */
  async function bookingInRegion(
    c: { get(key: 'staff'): AppEnv['Variables']['staff'] },
    reference: string,
  ) {
    const record = await (await bookingCases()).findBooking(deps, reference);
    const point = (await deps.catalogue()).city.servicePoints.find(
      (p) => p.id === record.servicePointId,
    );
    if (!point) throw new NotFound();
    await c.get('staff').requireRegion(point.regionId);
    return record;
  }

  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/staff/providers/{providerId}/bookings',
        summary:
          'A provider’s bookings on a business date (those at points in the caller’s region)',
        tags: ['staff'],
        security: bearer,
        middleware: [noStore] as const,
        request: {
          params: z.object({ providerId: z.string().max(64) }),
          query: z.object({ date: z.string().refine(isIsoDate, 'a date YYYY-MM-DD') }),
        },
        responses: {
          200: {
            description: 'The day, by start',
            content: json(z.object({ bookings: z.array(BookingSchema) })),
          },
          400: errorContent('Invalid date'),
          ...staffErrors,
          404: errorContent('No such provider'),
        },
      }),
      async (c) => {
        const { providerId } = c.req.valid('param');
        const catalogue = await deps.catalogue();
        const member = catalogue.roster.find((m) => m.id === providerId);
        if (!member) throw new NotFound();
        const staff = c.get('staff');
        // Any staff of the roles may ask about a provider; what they see is filtered by region below
        // (an empty day is still a region-checked answer).
        await staff.inRegion(member.regionId);
        const records = await deps.bookings.providerDay(providerId, c.req.valid('query').date);
        const bookings = [];
        for (const record of records) {
          const point = catalogue.city.servicePoints.find((p) => p.id === record.servicePointId);
          if (point && (await staff.inRegion(point.regionId)))
            bookings.push((await bookingCases()).bookingView(record, catalogue));
        }
        return c.json({ bookings }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/staff/bookings',
        summary: 'Book for a resident who phones or walks in; hand the code over or it goes by SMS',
        tags: ['staff'],
        security: bearer,
        middleware: [create] as const,
        request: {
          headers: z.object({ 'Idempotency-Key': z.string().optional() }),
          body: { required: true, content: json(NewBooking) },
        },
        responses: {
          201: {
            description: 'Booked',
            content: json(
              z.object({
                reference: z.string(),
                trackingCode: z.string(),
                calendarUrl: z.string(),
                booking: BookingSchema,
              }),
            ),
          },
          400: errorContent('Invalid fields, or a slot that is not open'),
          ...staffErrors,
          409: errorContent('SLOT_FULL'),
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const staff = c.get('staff');
        const pointId = body.slotId.split('.')[0] ?? '';
        const point = (await deps.catalogue()).city.servicePoints.find((p) => p.id === pointId);
        if (!point) throw new ValidationFailed({ 'json.slotId': 'unknown service point' });
        await staff.requireRegion(point.regionId);
        const created = await (await bookingCases()).createBooking(
          deps,
          body,
          actorOf(staff.caller),
        );
        return c.json(
          {
            reference: created.reference,
            trackingCode: created.trackingCode,
            calendarUrl: await (await bookingCases()).calendarUrl(deps, created.reference),
            booking: created.booking,
          },
          201,
          { Location: `/api/staff/bookings/${created.reference}` },
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/staff/bookings/{reference}/attendance',
        summary: 'Mark a booking attended (completed) or no_show; a mistaken mark may be corrected',
        tags: ['staff'],
        security: bearer,
        middleware: [noStore] as const,
        request: {
          params: ReferenceParam,
          body: {
            required: true,
            content: json(
              z
                .object({ status: z.enum(['completed', 'no_show']), note: Note.optional() })
                .strict(),
            ),
          },
        },
        responses: {
          200: { description: 'Marked', content: json(BookingSchema) },
          400: errorContent('Invalid fields'),
          ...staffErrors,
          404: errorContent('No such booking'),
          409: errorContent('BOOKING_NOT_CHANGEABLE: cancelled'),
        },
      }),
      async (c) => {
        const record = await bookingInRegion(c, c.req.valid('param').reference);
        const { status, note } = c.req.valid('json');
        if (record.status === 'cancelled')
          throw new BookingNotChangeable({ status: record.status });
        const updatedAt = toBusinessIso(deps.clock.now());
        if (
          !(await deps.bookings.markAttendance(record.reference, status, {
            updatedAt,
            consultationNote: note,
          }))
        ) {
          throw new BookingNotChangeable();
        }
        return c.json(
          (await bookingCases()).bookingView(
            await (await bookingCases()).findBooking(deps, record.reference),
            await deps.catalogue(),
          ),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/staff/bookings/{reference}/note',
        summary: 'A short consultation note on a booking',
        tags: ['staff'],
        security: bearer,
        middleware: [noStore] as const,
        request: {
          params: ReferenceParam,
          body: { required: true, content: json(z.object({ note: Note }).strict()) },
        },
        responses: {
          200: {
            description: 'Saved',
            content: json(z.object({ reference: z.string(), consultationNote: z.string() })),
          },
          400: errorContent('Invalid fields'),
          ...staffErrors,
          404: errorContent('No such booking'),
        },
      }),
      async (c) => {
        const record = await bookingInRegion(c, c.req.valid('param').reference);
        const { note } = c.req.valid('json');
        await deps.bookings.setNote(record.reference, note, toBusinessIso(deps.clock.now()));
        return c.json({ reference: record.reference, consultationNote: note }, 200);
      },
    );
}
