import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { normalizeReference } from '#domain/tracking-code.ts';
import { CaseStage, CaseStatus, ClosureType } from '#domain/vocabulary.ts';
import {
  applyForConfirmation,
  rateCase,
  requestCaseCodeRecovery,
  respondToCase,
  type SigningDeps,
  sendSigningCode,
  signAgreement,
  verifyCaseCodeRecovery,
} from '#use-cases/case-actions.ts';
import { casePartyCodes, fileCase, trackingView } from '#use-cases/cases.ts';
import { isWellFormedReference } from '#use-cases/tracking-codes.ts';
import type { AppEnv } from '../app-env.ts';
import { idempotent } from '../middleware/idempotency.ts';
import { requireTrackingCode } from '../middleware/tracking-code.ts';
import { newRouter } from '../router.ts';
import { errorContent, json, Mobile, TrackingCodeHeader } from '../schemas.ts';
import {
  attachmentChecks,
  type CaseRouteDeps,
  intakeIdempotency,
  intakeKeyOf,
  NewCase,
} from './case-intake.ts';

const Created = z
  .object({
    caseNumber: z.string().openapi({ example: 'WZ-2026-000123' }),
    trackingCode: z.string().openapi({ description: 'The applicant’s code; never stored' }),
  })
  .openapi('CreatedCase');

const When = z.string().nullable();
export const TrackingSchema = z
  .object({
    caseNumber: z.string(),
    party: z.object({ partyId: z.string(), role: z.string(), name: z.string() }),
    category: z.string(),
    categoryName: z.string(),
    stage: CaseStage,
    stageName: z.string(),
    status: CaseStatus,
    level: z.string(),
    regionName: z.string(),
    filedAt: z.string(),
    closureType: ClosureType.nullable(),
    timeline: z.array(
      z.object({
        at: z.string(),
        type: z.string(),
        stage: CaseStage,
        actorRole: z.string(),
        text: z.string(),
      }),
    ),
    nextSession: z
      .object({
        startsAt: z.string(),
        endsAt: z.string(),
        mode: z.string(),
        place: When,
        videoUrl: When,
      })
      .nullable(),
    nextAction: z.object({
      kind: z.enum([
        'respond',
        'sign_agreement',
        'apply_confirmation',
        'attend_session',
        'rate',
        'wait',
        'none',
      ]),
      dueAt: When,
    }),
    agreement: z
      .object({
        terms: z.array(z.string()),
        effectiveAt: When,
        signatures: z.array(
          z.object({ partyId: z.string(), role: z.string(), signed: z.boolean() }),
        ),
      })
      .nullable(),
    confirmation: z.object({ appliedAt: When, decision: When, decidedAt: When }).nullable(),
    documents: z.array(z.object({ id: z.string(), title: z.string() })),
  })
  .openapi('CaseTracking');

const CaseParam = z.object({
  caseNumber: z.string().max(40).openapi({ example: 'WZ-2026-000123' }),
});
const residentErrors = {
  404: errorContent('Unknown case or wrong code (the same answer for both)'),
  429: errorContent('Too many wrong codes for this case; Retry-After says when to retry'),
} as const;
const conflict = { 409: errorContent('STAGE_CONFLICT: the case is not at a step that takes this') };

export function caseRoutes(deps: CaseRouteDeps) {
  const signing: SigningDeps = deps;
  const create = intakeIdempotency(deps);
  const rating: MiddlewareHandler<AppEnv> = idempotent({
    store: deps.idempotency,
    clock: deps.clock,
  });
  const resident = requireTrackingCode({
    ...deps,
    param: 'caseNumber',
    parties: casePartyCodes(deps),
  });
  const party = (c: { get(key: 'resident'): AppEnv['Variables']['resident'] }) => c.get('resident');

  return newRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/cases',
        summary: 'File a dispute for mediation',
        description:
          'Requires `Idempotency-Key`. The case number is readable and without gaps per city and year; the applicant’s tracking code is returned once and sent by SMS. Every other party receives its own code when the case is accepted.',
        tags: ['residents'],
        middleware: [create] as const,
        request: { body: { required: true, content: json(NewCase) } },
        responses: {
          201: { description: 'Filed', content: json(Created) },
          400: errorContent('Invalid fields (named in details), or no Idempotency-Key'),
          422: errorContent('IDEMPOTENCY_KEY_REUSED'),
        },
      }),
      async (c) => {
        const { privacyConsent: _consent, ...intake } = c.req.valid('json');
        const created = await fileCase(deps, intake, {
          intakeKey: intakeKeyOf('POST /api/cases', c.req.header('Idempotency-Key') ?? ''),
          filedBy: 'resident',
          ...attachmentChecks(deps),
        });
        c.header('Cache-Control', 'no-store');
        return c.json(created, 201, { Location: `/api/cases/${created.caseNumber}` });
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/cases/{caseNumber}/code-recovery',
        summary: 'Lost code: send a one-time code to a party’s mobile on file',
        description: 'Answers 202 whether or not the case exists and the mobile is on it.',
        tags: ['residents'],
        request: {
          params: CaseParam,
          body: { required: true, content: json(z.object({ phone: Mobile }).strict()) },
        },
        responses: {
          202: {
            description: 'Sent if on file',
            content: json(z.object({ status: z.literal('sent_if_on_file') })),
          },
          429: errorContent('Too many requests for this case'),
        },
      }),
      async (c) => {
        const caseNumber = normalizeReference(c.req.valid('param').caseNumber);
        if (isWellFormedReference(caseNumber))
          await requestCaseCodeRecovery(signing, caseNumber, c.req.valid('json').phone);
        c.header('Cache-Control', 'no-store');
        return c.json({ status: 'sent_if_on_file' as const }, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/cases/{caseNumber}/code-recovery/verify',
        summary: 'Trade the one-time code for the party’s tracking code',
        tags: ['residents'],
        request: {
          params: CaseParam,
          body: {
            required: true,
            content: json(z.object({ phone: Mobile, otp: z.string().max(16) }).strict()),
          },
        },
        responses: {
          200: {
            description: 'The party’s tracking code',
            content: json(
              z.object({ caseNumber: z.string(), partyId: z.string(), trackingCode: z.string() }),
            ),
          },
          404: errorContent('Wrong or expired code, a mobile not on the case, or no such case'),
          429: errorContent('Too many wrong attempts for this case'),
        },
      }),
      async (c) => {
        const caseNumber = normalizeReference(c.req.valid('param').caseNumber);
        const { phone, otp } = c.req.valid('json');
        c.header('Cache-Control', 'no-store');
        return c.json(
          await verifyCaseCodeRecovery(signing, caseNumber, { phone, otp: otp.trim() }),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/cases/{caseNumber}',
        summary: 'Track a case: stage, timeline, next session, what this party should do',
        tags: ['residents'],
        middleware: [resident] as const,
        request: { params: CaseParam, headers: TrackingCodeHeader },
        responses: {
          200: { description: 'The case as this party sees it', content: json(TrackingSchema) },
          ...residentErrors,
        },
      }),
      async (c) => {
        const { reference, partyId } = party(c);
        return c.json(await trackingView(deps, reference, partyId), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/cases/{caseNumber}/response',
        summary: 'The other party accepts or declines mediation',
        tags: ['residents'],
        middleware: [resident] as const,
        request: {
          params: CaseParam,
          headers: TrackingCodeHeader,
          body: {
            required: true,
            content: json(
              z
                .object({ consent: z.boolean(), reason: z.string().trim().max(500).optional() })
                .strict(),
            ),
          },
        },
        responses: {
          200: { description: 'Recorded', content: json(TrackingSchema) },
          ...residentErrors,
          ...conflict,
        },
      }),
      async (c) => {
        const { reference, partyId } = party(c);
        await respondToCase(deps, reference, partyId, c.req.valid('json'));
        return c.json(await trackingView(deps, reference, partyId), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/cases/{caseNumber}/agreement/signature-code',
        summary: 'Send this party a one-time SMS code to sign the agreement with',
        tags: ['residents'],
        middleware: [resident] as const,
        request: { params: CaseParam, headers: TrackingCodeHeader },
        responses: {
          202: {
            description: 'Sent',
            content: json(z.object({ sentTo: z.string(), expiresAt: z.string() })),
          },
          ...residentErrors,
          ...conflict,
        },
      }),
      async (c) => {
        const { reference, partyId } = party(c);
        return c.json(await sendSigningCode(signing, reference, partyId), 202);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/cases/{caseNumber}/agreement/signature',
        summary: 'Sign the agreement with the SMS code; the last signature makes it effective',
        tags: ['residents'],
        middleware: [resident] as const,
        request: {
          params: CaseParam,
          headers: TrackingCodeHeader,
          body: { required: true, content: json(z.object({ otp: z.string().max(16) }).strict()) },
        },
        responses: {
          200: { description: 'Signed', content: json(TrackingSchema) },
          400: errorContent('Wrong or expired code'),
          ...residentErrors,
          ...conflict,
        },
      }),
      async (c) => {
        const { reference, partyId } = party(c);
        await signAgreement(signing, reference, partyId, c.req.valid('json').otp.trim());
        return c.json(await trackingView(deps, reference, partyId), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/cases/{caseNumber}/judicial-confirmation',
        summary: 'Apply for judicial confirmation (every party applies: a joint application)',
        tags: ['residents'],
        middleware: [resident] as const,
        request: {
          params: CaseParam,
          headers: TrackingCodeHeader,
          body: { required: true, content: json(z.object({ apply: z.literal(true) }).strict()) },
        },
        responses: {
          200: { description: 'Applied', content: json(TrackingSchema) },
          ...residentErrors,
          ...conflict,
        },
      }),
      async (c) => {
        const { reference, partyId } = party(c);
        await applyForConfirmation(deps, reference, partyId);
        return c.json(await trackingView(deps, reference, partyId), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/cases/{caseNumber}/rating',
        summary: 'Rate the service once the case is closed (1–5), once per party',
        description: 'Requires `Idempotency-Key` (a rating is a create, CONTRACT.md).',
        tags: ['residents'],
        middleware: [resident, rating] as const,
        request: {
          params: CaseParam,
          headers: TrackingCodeHeader,
          body: {
            required: true,
            content: json(
              z
                .object({
                  score: z.int().min(1).max(5),
                  comment: z.string().trim().max(500).optional(),
                })
                .strict(),
            ),
          },
        },
        responses: {
          201: {
            description: 'Rated (the replay record holds no personal data)',
            content: json(z.object({ rated: z.literal(true), score: z.int() })),
          },
          ...residentErrors,
          ...conflict,
        },
      }),
      async (c) => {
        const { reference, partyId } = party(c);
        const { score } = c.req.valid('json');
        await rateCase(deps, reference, partyId, c.req.valid('json'));
        return c.json({ rated: true as const, score }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/cases/{caseNumber}/documents/{documentId}',
        summary:
          'A printable document: acceptance notice, mediation agreement (调解协议书), confirmation decision',
        tags: ['residents'],
        middleware: [resident] as const,
        request: {
          params: CaseParam.extend({
            documentId: z.enum(['acceptance', 'agreement', 'confirmation']),
          }),
          headers: TrackingCodeHeader,
        },
        responses: {
          200: { description: 'HTML to print', content: { 'text/html': { schema: z.string() } } },
          ...residentErrors,
        },
      }),
      async (c) => {
        const { reference } = party(c);
        // Loaded by the first document asked for.
        const { caseDocument } = await import('#use-cases/case-documents.ts');
        const html = await caseDocument(deps, reference, c.req.valid('param').documentId);
        return c.html(html, 200);
      },
    );
}
