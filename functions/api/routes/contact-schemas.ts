// A party contact as both sides see it (numbers masked), its path parameter, and what its routes need: shared by the residents' routes (public function) and the staff routes (staff function).
import { z } from '@hono/zod-openapi';
import type { IdempotencyStore } from '#adapters/idempotency-store.port.ts';
import type { Clock } from '#domain/time.ts';
import type { ContactDeps } from '#use-cases/party-contacts.ts';

export const Contact = z
  .object({
    reference: z.string().openapi({ example: 'PC7K3M9QXA' }),
    name: z.string().openapi({ example: '马秀英' }),
    regionId: z.string().openapi({ example: 'wz-litong-gjq-gjqc' }),
    mobile: z.string().nullable().openapi({ example: '138****1234', description: 'Masked' }),
    idNumber: z
      .string()
      .nullable()
      .openapi({ example: '6403**********1233', description: 'Masked' }),
    createdAt: z.string(),
  })
  .openapi('PartyContact');
export const ReferenceParam = z.object({
  reference: z.string().max(64).openapi({ example: 'PC7K3M9QXA' }),
});
export interface PartyContactRouteDeps extends ContactDeps {
  idempotency: IdempotencyStore;
  clock: Clock;
}
