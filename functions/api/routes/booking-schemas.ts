// A booking as staff and residents see it (the phone masked) and a new booking's body: shared by the residents' routes (public function) and the staff's (staff function).
import { z } from '@hono/zod-openapi';
import { BookingStatus, ServiceMode } from '#domain/vocabulary.ts';
import { ConfigCode, Mobile, PersonName } from '../schemas.ts';

export const BookingSchema = z
  .object({
    reference: z.string().openapi({ example: 'BK7K3M9QXA' }),
    status: BookingStatus,
    servicePointId: z.string(),
    servicePointName: z.string(),
    serviceId: z.string(),
    serviceName: z.string(),
    providerId: z.string(),
    providerName: z.string(),
    start: z.string(),
    end: z.string(),
    mode: ServiceMode,
    applicant: z.object({
      name: z.string(),
      phone: z.string().openapi({ example: '138****1234', description: 'Masked' }),
    }),
    category: z.string().nullable(),
    note: z.string().nullable(),
    cancelReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Booking');
export const NewBooking = z
  .object({
    slotId: z.string().max(200),
    serviceId: ConfigCode,
    providerId: ConfigCode.optional(),
    mode: ServiceMode,
    applicant: z.object({ name: PersonName, phone: Mobile }).strict(),
    category: ConfigCode.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .openapi('NewBooking');
