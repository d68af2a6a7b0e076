// What the agency's setup, roster and staff-account routes need, built once per app from its route context: the city store, the audit entry of each edit, the staff directory (Cognito or the external issuer).
import { cognitoDirectory } from '#adapters/cognito/cognito-directory.ts';
import { dynamoAuditLog } from '#adapters/dynamo/audit-log-store.ts';
import { dynamoStaffAccountStore } from '#adapters/dynamo/staff-account-store.ts';
import { externalDirectory, type StaffDirectory } from '#adapters/staff-directory.port.ts';
import type { SetupDeps } from '#use-cases/city-setup.ts';
import type { StaffAccountDeps } from '#use-cases/staff-accounts.ts';
import { auditItemsFor } from '../middleware/audit-trail.ts';
import type { RouteContext } from '../route-context.ts';

/**
 * `COGNITO_USER_POOL_ID` (set on the admin function where the stack's pool is the issuer):
 * accounts get a Cognito user. Without it (an agency's own issuer, local mode's dev issuer)
 * accounts are made by `sub`.
 */
export function staffDirectoryFromEnvironment(env: NodeJS.ProcessEnv): StaffDirectory {
  const userPoolId = env.COGNITO_USER_POOL_ID;
  return userPoolId ? cognitoDirectory({ userPoolId }) : externalDirectory;
}

export type AdminSetupDeps = {
  setup: SetupDeps;
  accounts: StaffAccountDeps & { idempotency: RouteContext['services']['idempotency'] };
};

const built = new WeakMap<RouteContext, AdminSetupDeps>();

/** One value per context: the three route modules share their stores. */
export function adminSetupDepsOf(context: RouteContext): AdminSetupDeps {
  let value = built.get(context);
  if (!value) {
    value = build(context);
    built.set(context, value);
  }
  return value;
}

function build(context: RouteContext): AdminSetupDeps {
  const { deps, services } = context;
  const log = dynamoAuditLog(deps.table);
  const audit: SetupDeps['audit'] = (change) => auditItemsFor(log, deps.clock, change);
  return {
    setup: { cities: services.cities, cityId: deps.cityId, clock: deps.clock, audit },
    accounts: {
      accounts: dynamoStaffAccountStore(deps.table),
      directory: staffDirectoryFromEnvironment(process.env),
      issuer: deps.signIn?.issuer ?? process.env.OIDC_ISSUER,
      catalogue: context.catalogue,
      clock: deps.clock,
      audit,
      idempotency: services.idempotency,
    },
  };
}
