// Use cases: the agency's staff accounts — listed within the admin's region, created (with a Cognito user where Cognito is the issuer, by `sub` otherwise), disabled and enabled at once.
import type { CityCatalogue } from '../adapters/city-store.port.ts';
import type { StaffAccountEntry, StaffAccountStore } from '../adapters/staff-account-store.port.ts';
import type { StaffDirectory } from '../adapters/staff-directory.port.ts';
import type { AuditEntry } from '../domain/audit.ts';
import { NotFound, ValidationFailed } from '../domain/errors.ts';
import { type Clock, toBusinessIso } from '../domain/time.ts';
import type { StaffRole } from '../domain/vocabulary.ts';
import type { RequireRegion } from './city-setup.ts';

type AuditItems = Parameters<StaffAccountStore['create']>[1];

export interface StaffAccountDeps {
  accounts: StaffAccountStore;
  directory: StaffDirectory;
  /** The issuer whose tokens the API accepts: new accounts are its users. */
  issuer: string | undefined;
  catalogue(): Promise<Pick<CityCatalogue, 'city' | 'roster'>>;
  clock: Clock;
  audit(change: Pick<AuditEntry, 'target' | 'before' | 'after'>): {
    items: AuditItems;
    written(): void;
  };
}

/** Roles that sit on sessions and take bookings: their login is a roster member. */
const rosterRoles: ReadonlySet<StaffRole> = new Set([
  'mediator',
  'judge',
  'prosecutor',
  'police',
  'legal_advisor',
  'panel_member',
]);

export interface NewAccount {
  name: string;
  roles: StaffRole[];
  regionId: string;
  rosterMemberId?: string | null;
  email?: string;
  subject?: string;
}

/** An account as the agency sees it (nothing secret is kept on it). */
export type AccountView = StaffAccountEntry;

const logged = (a: StaffAccountEntry) => ({
  subject: a.subject,
  name: a.name,
  roles: a.roles,
  regionId: a.regionId,
  rosterMemberId: a.rosterMemberId,
  enabled: a.enabled,
});

/** The accounts of the configured issuer inside the caller's region. */
export async function listAccounts(
  deps: Pick<StaffAccountDeps, 'accounts' | 'issuer'>,
  inRegion: (regionId: string) => Promise<boolean>,
): Promise<AccountView[]> {
  const all = await deps.accounts.list();
  const mine: AccountView[] = [];
  for (const account of all) {
    if (account.issuer === deps.issuer && (await inRegion(account.regionId))) mine.push(account);
  }
  return mine;
}

export async function createAccount(
  deps: StaffAccountDeps,
  input: NewAccount,
  requireRegion: RequireRegion,
): Promise<AccountView> {
  const issuer = deps.issuer;
  if (!issuer) throw new ValidationFailed({ json: 'no issuer is configured for staff sign-in' });
  const { city, roster } = await deps.catalogue();
  const errors: Record<string, string> = {};
  const regionKnown = city.regions.some((r) => r.id === input.regionId);
  if (!regionKnown) errors['json.regionId'] = `unknown region '${input.regionId}'`;
  const memberId = input.rosterMemberId ?? null;
  if (memberId !== null && !roster.some((m) => m.id === memberId))
    errors['json.rosterMemberId'] = `unknown roster member '${memberId}'`;
  if (memberId === null && input.roles.some((r) => rosterRoles.has(r)))
    errors['json.rosterMemberId'] =
      'required for a role that sits on sessions (mediator, judge, prosecutor, police, legal_advisor, panel_member)';
  if (deps.directory.kind === 'cognito') {
    if (!input.email) errors['json.email'] = 'required: Cognito sends the sign-in to this address';
    if (input.subject)
      errors['json.subject'] = 'Cognito assigns the subject: give the e-mail instead';
  } else if (!input.subject) {
    errors['json.subject'] = 'required: the user’s `sub` at the agency’s issuer';
  }
  if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
  // An admin gives no one more than their own region.
  await requireRegion(input.regionId);

  let subject = input.subject ?? '';
  let username: string | undefined;
  if (deps.directory.kind === 'cognito') {
    ({ subject, username } = await deps.directory.createUser({
      email: input.email!,
      name: input.name,
    }));
  }
  const at = toBusinessIso(deps.clock.now());
  const account: StaffAccountEntry = {
    issuer,
    subject,
    name: input.name,
    roles: input.roles,
    regionId: input.regionId,
    rosterMemberId: memberId,
    enabled: true,
    ...(input.email ? { email: input.email } : {}),
    ...(username ? { username } : {}),
    createdAt: at,
    updatedAt: at,
  };
  const entry = deps.audit({
    target: { type: 'staff_account', id: subject },
    before: null,
    after: logged(account),
  });
  if (!(await deps.accounts.create(account, entry.items))) {
    throw new ValidationFailed({
      [input.subject ? 'json.subject' : 'json.email']: 'an account exists for this sign-in',
    });
  }
  entry.written();
  return account;
}

export async function setAccountEnabled(
  deps: StaffAccountDeps,
  input: { subject: string; enabled: boolean; self: { issuer: string; subject: string } },
  requireRegion: RequireRegion,
): Promise<AccountView> {
  const issuer = deps.issuer;
  const account = issuer ? await deps.accounts.entry(issuer, input.subject) : undefined;
  if (!issuer || !account) throw new NotFound();
  await requireRegion(account.regionId);
  if (!input.enabled && issuer === input.self.issuer && input.subject === input.self.subject) {
    throw new ValidationFailed({ 'param.subject': 'an admin does not disable their own account' });
  }
  if (account.enabled === input.enabled) return account;
  // The sign-in first: a disabled user gets no new token; the table refuses the current one.
  if (account.username) {
    if (input.enabled) await deps.directory.enableUser(account.username);
    else await deps.directory.disableUser(account.username);
  }
  const entry = deps.audit({
    target: { type: 'staff_account', id: input.subject },
    before: { enabled: account.enabled },
    after: { enabled: input.enabled },
  });
  const now = await deps.accounts.setEnabled(
    issuer,
    input.subject,
    input.enabled,
    toBusinessIso(deps.clock.now()),
    entry.items,
  );
  if (!now) throw new NotFound();
  entry.written();
  return now;
}
