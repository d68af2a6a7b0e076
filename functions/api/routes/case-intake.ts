// Filing a case, shared by the residents' intake (POST /api/cases, public function) and the staff intake (POST /api/staff/cases, staff function): the new case's schema, the routes' dependencies, the upload checks and the intake's idempotency.
import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { BookingStore } from '#adapters/booking-store.port.ts';
import type { IdempotencyStore } from '#adapters/idempotency-store.port.ts';
import type { AttemptStore, RecoveryOtpStore } from '#adapters/party-contact-store.port.ts';
import { type CaseDeps, caseFor, partyCode } from '#use-cases/case-parties.ts';
import type { Attachment } from '#use-cases/cases.ts';
import type { AppEnv } from '../app-env.ts';
import { idempotent } from '../middleware/idempotency.ts';
import { ConfigCode, IdNumber, Mobile, PersonName } from '../schemas.ts';

/** A respondent may have a landline (0xxx-xxxxxxx) instead of a mobile. */
const AnyPhone = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const compact = value.replace(/[\s]/g, '');
    const landline = /^(0\d{2,3})-?(\d{7,8})$/.exec(compact);
    if (landline) return `${landline[1]}-${landline[2]}`;
    const mobile = Mobile.safeParse(value);
    if (mobile.success) return mobile.data;
    ctx.addIssue({ code: 'custom', message: 'a mobile number, or a landline 0xxx-xxxxxxx' });
    return z.NEVER;
  })
  .openapi({ type: 'string', example: '0953-2012348' });
const Address = z.string().trim().min(2).max(200);

const Applicant = z
  .object({ name: PersonName, phone: Mobile, idNumber: IdNumber.optional() })
  .strict();
const Respondent = z
  .object({ name: PersonName, phone: AnyPhone.optional(), address: Address.optional() })
  .strict();
export const NewCase = z
  .object({
    category: ConfigCode.openapi({ example: 'neighbours' }),
    description: z.string().trim().min(10).max(5000),
    applicant: Applicant,
    coApplicants: z.array(Applicant).max(48).optional(),
    respondent: Respondent,
    otherRespondents: z.array(Respondent).max(20).optional(),
    agent: z
      .object({ name: PersonName, phone: Mobile, relation: z.string().trim().min(1).max(20) })
      .strict()
      .optional(),
    regionId: ConfigCode.openapi({ example: 'wz-litong-gjq-gjqc' }),
    mode: z.enum(['in_person', 'video']),
    attachmentIds: z.array(z.string().max(40)).max(10).optional(),
    privacyConsent: z.literal(true).openapi({ description: 'Consent to the privacy notice' }),
  })
  .strict()
  .openapi('NewCase');

export interface CaseRouteDeps extends CaseDeps {
  idempotency: IdempotencyStore;
  attempts: AttemptStore;
  otps: RecoveryOtpStore;
  checkAttachments?(ids: string[]): Promise<Attachment[]>;
  keepAttachments?(ids: string[]): Promise<void>;
  /** Where a consultation that becomes a case is read from (staff intake). */
  bookings?: Pick<BookingStore, 'get'>;
}

/** The upload checks the intake runs, when the deployment stores attachments. */
export const attachmentChecks = (deps: CaseRouteDeps) => ({
  ...(deps.checkAttachments ? { checkAttachments: deps.checkAttachments } : {}),
  ...(deps.keepAttachments ? { keepAttachments: deps.keepAttachments } : {}),
});

/** The intake's idempotency scope: a hash of the route and the key (the key itself is the client's). */
export const intakeKeyOf = (route: string, key: string) =>
  createHash('sha256').update(`${route}\n${key}`).digest('base64url');

/**
 * The intake's idempotency: a replay returns the first answer, but the applicant's code is never
 * stored, not even in the replay record; it is derived again on replay.
 */
export function intakeIdempotency(deps: CaseRouteDeps): MiddlewareHandler<AppEnv> {
  return idempotent({
    store: deps.idempotency,
    clock: deps.clock,
    secret: {
      strip(body) {
        const { trackingCode: _code, ...rest } = JSON.parse(body) as Record<string, unknown>;
        return JSON.stringify(rest);
      },
      async restore(body) {
        const { caseNumber } = JSON.parse(body) as { caseNumber: string };
        const record = await caseFor(deps, caseNumber);
        const applicant = record.parties.find((p) => p.partyId === 'applicant');
        if (!applicant) throw new Error(`case ${caseNumber} has no applicant`);
        return JSON.stringify({
          caseNumber,
          trackingCode: await partyCode(deps, caseNumber, applicant),
        });
      },
    },
  });
}
