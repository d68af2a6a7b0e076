// Party contacts, residents' side: a resident reads their record by code, and recovers a lost code by SMS.
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import {
  contactView,
  findContact,
  requestRecovery,
  verifyRecovery,
} from '#use-cases/party-contacts.ts';
import { isWellFormedReference } from '#use-cases/tracking-codes.ts';
import { requireTrackingCode } from '../middleware/tracking-code.ts';
import { newRouter } from '../router.ts';
import { errorContent, json } from '../schemas.ts';
import { Contact, type PartyContactRouteDeps, ReferenceParam } from './contact-schemas.ts';

export function residentContactRoutes(deps: PartyContactRouteDeps) {
  const noStore: MiddlewareHandler = async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  };

  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/contacts/{reference}',
        summary: 'A resident reads their record with the tracking code',
        tags: ['residents'],
        middleware: [
          requireTrackingCode({
            ...deps,
            param: 'reference',
            async parties(reference) {
              const record = await deps.contacts.get(reference);
              return record && [{ partyId: record.partyId, codeVersion: record.codeVersion }];
            },
          }),
        ] as const,
        request: {
          params: ReferenceParam,
          headers: z.object({ 'X-Tracking-Code': z.string().optional() }),
        },
        responses: {
          200: { description: 'The record, numbers masked', content: json(Contact) },
          404: errorContent('Unknown reference or wrong code (the same answer for both)'),
          429: errorContent(
            'Too many wrong codes for this reference; Retry-After says when to retry',
          ),
        },
      }),
      async (c) => {
        const record = await findContact(deps, c.get('resident').reference);
        return c.json(contactView(record), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/contacts/{reference}/code-recovery',
        summary: 'Lost code: send a one-time code to the phone on file',
        description: 'Answers 202 whether or not the reference exists or has a mobile.',
        tags: ['residents'],
        middleware: [noStore] as const,
        request: { params: ReferenceParam },
        responses: {
          202: {
            description: 'Sent if a mobile is on file',
            content: json(z.object({ status: z.literal('sent_if_on_file') })),
          },
          429: errorContent('Too many requests for this reference'),
        },
      }),
      async (c) => {
        await requestRecovery(deps, c.req.valid('param').reference);
        return c.json({ status: 'sent_if_on_file' as const }, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/contacts/{reference}/code-recovery/verify',
        summary: 'Trade the one-time code for the tracking code',
        tags: ['residents'],
        middleware: [noStore] as const,
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
        if (!isWellFormedReference(reference)) {
          // Still counted and answered like any wrong code.
          return c.json(await verifyRecovery(deps, reference, ''), 200);
        }
        return c.json(await verifyRecovery(deps, reference, c.req.valid('json').otp.trim()), 200);
      },
    );
}
