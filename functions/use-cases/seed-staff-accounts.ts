// Use case: seed staff accounts once (local mode's demo accounts); later starts keep any edits.
import type { StaffAccount, StaffAccountStore } from '../adapters/staff-account-store.port.ts';

export async function seedStaffAccounts(
  deps: { accounts: StaffAccountStore },
  accounts: readonly StaffAccount[],
): Promise<{ created: number }> {
  const results = await Promise.all(accounts.map((a) => deps.accounts.createIfAbsent(a)));
  return { created: results.filter(Boolean).length };
}
