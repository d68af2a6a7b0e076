// Port: staff accounts, keyed by token issuer and subject; the table authorizes what a token only authenticates.
import type { z } from 'zod';
import type { StaffAccountRecord } from '../domain/access.ts';

/** Roles, home region, roster member (null for agency admins and grid workers), enabled. */
export type StaffAccount = z.infer<typeof StaffAccountRecord>;

export interface StaffAccountStore {
  /** Whose account is this token's (issuer, sub)? */
  find(issuer: string, subject: string): Promise<StaffAccount | undefined>;
  /** Creates or replaces an account (admin edits). */
  put(account: StaffAccount): Promise<void>;
  /** Creates an account unless one exists for (issuer, sub); false when it did. */
  createIfAbsent(account: StaffAccount): Promise<boolean>;
}
