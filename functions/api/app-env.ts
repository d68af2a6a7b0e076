// The Hono environment every route sees: the request id, the resolved caller and, on Lambda, the raw event.
import type { Caller } from '#domain/access.ts';

/** What the authorization middleware leaves for handlers of staff routes. */
export interface StaffAccess {
  caller: Caller;
  /** Refuses (403) a region outside the caller's subtree, 404 for an unknown region. */
  requireRegion(regionId: string): Promise<void>;
  /** Whether a region lies in the caller's subtree (for filtering lists). */
  inRegion(regionId: string): Promise<boolean>;
}

/** What the tracking-code middleware leaves for handlers of residents' routes. */
export interface ResidentAccess {
  reference: string;
  partyId: string;
}

export interface AppEnv {
  Variables: { requestId: string; staff: StaffAccess; resident: ResidentAccess };
  Bindings: { event?: { requestContext?: { requestId?: string } } };
}
