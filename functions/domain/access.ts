// Who may do what: staff callers, route rules, and the region-scope check (CONTRACT.md roles).
import { z } from 'zod';
import { StaffRole } from './vocabulary.ts';

/** A signed-in staff member, as the account record in the table describes them. */
export interface Caller {
  issuer: string;
  subject: string;
  name: string;
  roles: StaffRole[];
  /** Home region: the caller acts on this region and everything under it. */
  regionId: string;
  /** The roster member this login is; null for agency admins and grid workers. */
  rosterMemberId: string | null;
}

/** A staff account as the table must hold it; anything else is treated as no account. */
export const StaffAccountRecord = z.object({
  issuer: z.string().min(1),
  subject: z.string().min(1),
  name: z.string(),
  roles: z.array(StaffRole).min(1),
  regionId: z.string().min(1),
  rosterMemberId: z.string().nullable(),
  enabled: z.boolean(),
});

/**
 * - `public`: anyone;
 * - `resident`: a resident with the reference's tracking code (X-Tracking-Code);
 * - `own-region`: staff of the listed roles, on resources inside their region subtree
 *   (an agency admin's region is the root, so the whole city);
 * - `city`: staff of the listed roles, whatever the resource's region (e.g. their own account).
 */
export type AccessScope = 'public' | 'resident' | 'own-region' | 'city';

export interface AccessRule {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route's path as the app registers it (`/api/staff/regions/:regionId`). */
  path: string;
  scope: AccessScope;
  /** Staff roles allowed (own-region and city scopes). */
  roles?: readonly StaffRole[];
  /** A path parameter naming the region the request acts on, checked before the handler. */
  regionParam?: string;
}

/** Minimal region shape for scope checks. */
export interface RegionLink {
  id: string;
  parentId: string | null;
}

/** Is `regionId` the caller's region or inside it? Unknown regions are outside everyone's. */
export function isWithinRegion(
  regionId: string,
  ancestorId: string,
  regions: ReadonlyMap<string, RegionLink>,
): boolean {
  if (!regions.has(regionId)) return false;
  let current: string | null = regionId;
  for (let steps = 0; current !== null && steps <= regions.size; steps++) {
    if (current === ancestorId) return true;
    current = regions.get(current)?.parentId ?? null;
  }
  return false;
}

export function hasAnyRole(caller: Caller, roles: readonly StaffRole[]): boolean {
  return caller.roles.some((role) => roles.includes(role));
}
