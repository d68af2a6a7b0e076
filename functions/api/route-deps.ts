// Each resource's route dependencies, built once per app from its route context; a group builds only those it mounts.
import { dynamoBookingStore } from '#adapters/dynamo/booking-store.ts';
import { dynamoCaseStore } from '#adapters/dynamo/case-store.ts';
import { dynamoMemberInbox } from '#adapters/dynamo/member-inbox.ts';
import {
  dynamoAttemptStore,
  dynamoPartyContactStore,
  dynamoRecoveryOtpStore,
} from '#adapters/dynamo/party-contact-store.ts';
import { dynamoUploadStore } from '#adapters/dynamo/upload-store.ts';
import { checkAttachments, keepAttachments } from '#use-cases/uploads.ts';
import type { RouteContext } from './route-context.ts';

/** One value per context: the public and staff groups of one app share their stores. */
function perContext<T>(build: (context: RouteContext) => T): (context: RouteContext) => T {
  const built = new WeakMap<RouteContext, T>();
  return (context) => {
    if (!built.has(context)) built.set(context, build(context));
    return built.get(context)!;
  };
}

export const contactDepsOf = perContext((context) => {
  const { deps } = context;
  return {
    contacts: dynamoPartyContactStore(deps.table),
    attempts: dynamoAttemptStore(deps.table),
    otps: dynamoRecoveryOtpStore(deps.table),
    codec: context.codec,
    notifier: context.notifier,
    idempotency: context.services.idempotency,
    clock: deps.clock,
    cityName: context.cityName,
    reportError: context.reportError,
  };
});

export const bookingDepsOf = perContext((context) => ({
  catalogue: context.catalogue,
  bookings: dynamoBookingStore(context.deps.table),
  attempts: contactDepsOf(context).attempts,
  codec: context.codec,
  notifier: context.notifier,
  idempotency: context.services.idempotency,
  clock: context.deps.clock,
  cityName: context.cityName,
  reportError: context.reportError,
}));

/** Attachments: the case intake checks the listed uploads with these same deps (checkAttachments). */
export const uploadDepsOf = perContext((context) => ({
  uploads: dynamoUploadStore(context.deps.table),
  target: context.deps.uploads,
  clock: context.deps.clock,
}));

export const caseDepsOf = perContext((context) => {
  const uploadDeps = uploadDepsOf(context);
  const { attempts, otps } = contactDepsOf(context);
  return {
    cityId: context.deps.cityId,
    // The same 10-second cache as bookings: tracking a case reads the city's names on every GET.
    cities: { readCity: async () => (await context.catalogue()).city },
    // The staff and admin functions wrap it with the audit log (audited-deps.ts).
    cases: dynamoCaseStore(context.deps.table, context.deps.cityId),
    codec: context.codec,
    notifier: context.notifier,
    inbox: dynamoMemberInbox(context.deps.table),
    workflow: context.workflow,
    clock: context.deps.clock,
    cityName: context.cityName,
    idempotency: context.services.idempotency,
    attempts,
    otps,
    reportError: context.reportError,
    checkAttachments: (ids: string[]) => checkAttachments(uploadDeps, ids),
    keepAttachments: (ids: string[]) => keepAttachments(uploadDeps, ids),
    bookings: bookingDepsOf(context).bookings,
  };
});
