// Party contacts, staff side: staff create and read them (numbers masked), unmask (audited), re-issue codes.
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { NotFound, ValidationFailed } from '#domain/errors.ts';
import type { AppEnv } from '../app-env.ts';
import { idempotent } from '../middleware/idempotency.ts';
import { newRouter } from '../router.ts';
import { errorContent, IdNumber, json, Mobile, PersonName } from '../schemas.ts';
import { bearer, staffErrors } from './bearer-auth.ts';

/** The contacts' use cases, read by the first request that needs them (not at cold start). */
const contacts = () => import('#use-cases/party-contacts.ts');

import { Contact, type PartyContactRouteDeps, ReferenceParam } from './contact-schemas.ts';

const CreatedContact = Contact.extend({
  codeDelivery: z.enum(['sms', 'print', 'sms_failed']).openapi({
    description:
      'sms: the tracking code was sent to the mobile; print: no mobile, re-issue one to hand over on paper; sms_failed: the SMS could not be sent, re-issue one on paper',
  }),
}).openapi('CreatedPartyContact');

const Reason = z.string().trim().min(2).max(200);

export function partyContactRoutes(deps: PartyContactRouteDeps) {
  const create: MiddlewareHandler<AppEnv> = idempotent({
    store: deps.idempotency,
    clock: deps.clock,
  });
  const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  };

  return newRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/staff/contacts',
        summary: 'Record a party contact; the tracking code goes to the mobile by SMS',
        tags: ['staff'],
        security: bearer,
        middleware: [create] as const,
        request: {
          headers: z.object({ 'Idempotency-Key': z.string().optional() }),
          body: {
            required: true,
            content: json(
              z
                .object({
                  name: PersonName,
                  regionId: z.string().max(64),
                  mobile: Mobile.optional(),
                  idNumber: IdNumber.optional(),
                })
                .strict()
                .openapi('NewPartyContact'),
            ),
          },
        },
        responses: {
          201: { description: 'Created', content: json(CreatedContact) },
          400: errorContent('Invalid fields'),
          ...staffErrors,
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const staff = c.get('staff');
        await staff.requireRegion(body.regionId).catch((e: unknown) => {
          // An unknown region is the body's fault; one outside the caller's stays 403.
          if (e instanceof NotFound)
            throw new ValidationFailed({ 'json.regionId': 'unknown region' });
          throw e;
        });
        const created = await (await contacts()).createContact(deps, staff.caller, body);
        return c.json(created, 201, { Location: `/api/staff/contacts/${created.reference}` });
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/staff/contacts/search',
        summary: 'Contacts in the caller’s region with this mobile (found by keyed hash)',
        tags: ['staff'],
        security: bearer,
        middleware: [noStore] as const,
        request: {
          body: { required: true, content: json(z.object({ mobile: Mobile }).strict()) },
        },
        responses: {
          200: { description: 'Matches', content: json(z.object({ items: z.array(Contact) })) },
          400: errorContent('Invalid mobile'),
          ...staffErrors,
        },
      }),
      async (c) => {
        const { mobile } = c.req.valid('json');
        const staff = c.get('staff');
        const found = await (await contacts()).searchByMobile(deps, mobile);
        const items = [];
        for (const record of found) {
          if (await staff.inRegion(record.regionId))
            items.push((await contacts()).contactView(record));
        }
        return c.json({ items }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/staff/contacts/{reference}',
        summary: 'A party contact, numbers masked',
        tags: ['staff'],
        security: bearer,
        middleware: [noStore] as const,
        request: { params: ReferenceParam },
        responses: {
          200: { description: 'The contact', content: json(Contact) },
          ...staffErrors,
          404: errorContent('No such contact'),
        },
      }),
      async (c) => {
        const record = await (await contacts()).findContact(deps, c.req.valid('param').reference);
        await c.get('staff').requireRegion(record.regionId);
        return c.json((await contacts()).contactView(record), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/staff/contacts/{reference}/unmask',
        summary: 'Show one full number, for a stated reason (audited)',
        tags: ['staff'],
        security: bearer,
        middleware: [noStore] as const,
        request: {
          params: ReferenceParam,
          body: {
            required: true,
            content: json(
              z.object({ field: z.enum(['mobile', 'idNumber']), reason: Reason }).strict(),
            ),
          },
        },
        responses: {
          200: {
            description: 'The full number (null when none is on file)',
            content: json(
              z.object({ field: z.enum(['mobile', 'idNumber']), value: z.string().nullable() }),
            ),
          },
          400: errorContent('Invalid fields'),
          ...staffErrors,
          404: errorContent('No such contact'),
        },
      }),
      async (c) => {
        const { field, reason } = c.req.valid('json');
        const staff = c.get('staff');
        const record = await (await contacts()).findContact(deps, c.req.valid('param').reference);
        await staff.requireRegion(record.regionId);
        const value = await (await contacts()).unmask(deps, staff.caller, record, {
          field,
          reason,
          requestId: c.get('requestId'),
        });
        return c.json({ field, value }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/staff/contacts/{reference}/tracking-code',
        summary:
          'Re-issue the tracking code to hand over on paper (audited; the old one stops working)',
        tags: ['staff'],
        security: bearer,
        middleware: [noStore] as const,
        request: {
          params: ReferenceParam,
          body: { required: true, content: json(z.object({ reason: Reason }).strict()) },
        },
        responses: {
          200: {
            description: 'The new code',
            content: json(z.object({ reference: z.string(), trackingCode: z.string() })),
          },
          400: errorContent('Invalid fields'),
          ...staffErrors,
          404: errorContent('No such contact'),
        },
      }),
      async (c) => {
        const staff = c.get('staff');
        const record = await (await contacts()).findContact(deps, c.req.valid('param').reference);
        await staff.requireRegion(record.regionId);
        const { trackingCode } = await (await contacts()).reissueCode(deps, staff.caller, record, {
          reason: c.req.valid('json').reason,
          requestId: c.get('requestId'),
        });
        return c.json({ reference: record.reference, trackingCode }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/staff/contacts/{reference}/audit',
        summary: 'Who unmasked or re-issued what, when',
        tags: ['staff'],
        security: bearer,
        middleware: [noStore] as const,
        request: { params: ReferenceParam },
        responses: {
          200: {
            description: 'The audit trail, oldest first',
            content: json(
              z.object({
                items: z.array(
                  z.object({
                    at: z.string(),
                    actor: z.string(),
                    action: z.string(),
                    field: z.string().optional(),
                    reason: z.string().optional(),
                  }),
                ),
              }),
            ),
          },
          ...staffErrors,
          404: errorContent('No such contact'),
        },
      }),
      async (c) => {
        const record = await (await contacts()).findContact(deps, c.req.valid('param').reference);
        await c.get('staff').requireRegion(record.regionId);
        const items = (await deps.contacts.listAudit(record.reference)).map(
          ({ at, actor, action, field, reason }) => ({ at, actor, action, field, reason }),
        );
        return c.json({ items }, 200);
      },
    );
}
