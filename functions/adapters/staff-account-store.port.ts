// Port: staff accounts, keyed by token issuer and subject; the table authorizes what a token only authenticates.
import type { z } from 'zod';
import type { StaffAccountRecord } from '../domain/access.ts';
import type { ExtraItem } from './dynamo/case-store.ts';

/** Roles, home region, roster member (null for agency admins and grid workers), enabled. */
export type StaffAccount = z.infer<typeof StaffAccountRecord>;

/** An account as the agency's list shows it: with how it was made and last changed. */
export type StaffAccountEntry = StaffAccount & {
  /** Where the issuer is Cognito: the user's e-mail and user name in the pool. */
  email?: string;
  username?: string;
  createdAt?: string;
  updatedAt?: string;
};

export interface StaffAccountStore {
  /** Whose account is this token's (issuer, sub)? */
  find(issuer: string, subject: string): Promise<StaffAccount | undefined>;
  /** Creates or replaces an account (admin edits). */
  put(account: StaffAccount): Promise<void>;
  /** Creates an account unless one exists for (issuer, sub); false when it did. */
  createIfAbsent(account: StaffAccount): Promise<boolean>;
  /** Every account, oldest first by issuer and subject (the agency's list; hundreds, not millions). */
  list(): Promise<StaffAccountEntry[]>;
  /** One account with its bookkeeping, for the agency. */
  entry(issuer: string, subject: string): Promise<StaffAccountEntry | undefined>;
  /** Creates an account in one transaction with `extra` (its audit entry); false when one exists. */
  create(account: StaffAccountEntry, extra: readonly ExtraItem[]): Promise<boolean>;
  /** Enables or disables an existing account with `extra`; the account as it is now, or undefined when there is none. */
  setEnabled(
    issuer: string,
    subject: string,
    enabled: boolean,
    at: string,
    extra: readonly ExtraItem[],
  ): Promise<StaffAccountEntry | undefined>;
}
