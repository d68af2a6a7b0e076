// The staff portal's dependencies, built once per app from its route context: stores, the catalogue, the city's video rooms.
import { dynamoStaffWorkStore } from '#adapters/dynamo/staff-work-store.ts';
import { videoRoomsFromEnvironment } from '#adapters/video/jitsi-links.ts';
import type { StaffWorkDeps } from '#use-cases/staff-work.ts';
import type { RouteContext } from '../route-context.ts';
import { bookingDepsOf, caseDepsOf } from '../route-deps.ts';
import type { SessionRoomReader } from './staff-cases.ts';

/** Read on the first request that needs them, like the routes' (staff-work.ts). */
const work = () => import('#use-cases/staff-work.ts');

export function staffWorkDepsOf(
  context: RouteContext,
): StaffWorkDeps & { room: SessionRoomReader } {
  const video = videoRoomsFromEnvironment(process.env);
  const deps: StaffWorkDeps = {
    cases: caseDepsOf(context).cases,
    work: dynamoStaffWorkStore(context.deps.table),
    bookings: bookingDepsOf(context).bookings,
    catalogue: context.catalogue,
    clock: context.deps.clock,
    inbox: caseDepsOf(context).inbox,
    ...(video ? { video } : {}),
  };
  return {
    ...deps,
    room: {
      sessions: async (record) => (await work()).sessionRooms(deps, record),
      draft: async (caseNumber, sessionId) =>
        (await work()).minutesDraft(deps, caseNumber, sessionId),
    },
  };
}
