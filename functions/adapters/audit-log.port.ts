// Port: the audit log — append-only entries of staff actions, read by business date, target or actor.
import type { AuditEntry } from '../domain/audit.ts';
import type { ExtraItem } from './dynamo/case-store.ts';

export interface AuditQuery {
  /** Business date `YYYY-MM-DD`; absent with a target: that target's entries of every day. */
  date?: string;
  /** `case:WZ-2026-000001`, `contact:PC…`, `booking:…`, `roster_member:…`. */
  target?: string;
  /** An actor's `sub` (or `party:<partyId>`). */
  actor?: string;
  /** Where the previous page stopped (opaque). */
  cursor?: string;
  limit: number;
}

export interface AuditLog {
  /** The transaction item appending `entry`, for a change that writes it in its own transaction. */
  item(entry: AuditEntry): ExtraItem;
  /** Appends one entry (never overwrites one). */
  append(entry: AuditEntry): Promise<void>;
  /** One page of a day's (or a target's) entries, newest first; `next` is null on the last page. */
  list(query: AuditQuery): Promise<{ entries: AuditEntry[]; next: string | null }>;
}
