// Use case: propose a panel session's times for a case: the earliest at which the mediator, the chosen members and one member of each required kind are free, with a room when in person.
import type { BookingStore } from '../adapters/booking-store.port.ts';
import { roomKey } from '../adapters/dynamo/session-calendar.ts';
import { BUSY_BUCKET_MINUTES } from '../domain/availability.ts';
import type { CaseRecord } from '../domain/case.ts';
import { ValidationFailed } from '../domain/errors.ts';
import {
  type Busy,
  PANEL_KINDS,
  type PanelMember,
  type PanelProposal,
  type PanelRoom,
  panelProposals,
} from '../domain/panel-availability.ts';
import type { RosterKind, ServiceMode } from '../domain/vocabulary.ts';
import type { Catalogue } from './bookings.ts';

export interface PanelDeps {
  catalogue(): Promise<Catalogue>;
  bookings: Pick<BookingStore, 'busy'>;
  clock: { now(): Date };
}

export interface PanelRequest {
  durationMinutes: number;
  mode: ServiceMode;
  /** Members who must sit besides the caller (by roster id). */
  extra: string[];
  /** One seat per entry; defaults to the three officials and the advisor (三官一顾问). */
  kinds?: RosterKind[];
  /** The earliest start wanted; never sooner than an hour from now. */
  from?: Date;
  /** How many days ahead to look (at most 28). */
  days?: number;
  limit?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The case's handling region and every region above it, nearest first. */
function regionChain(catalogue: Catalogue, regionId: string): string[] {
  const parents = new Map(catalogue.city.regions.map((r) => [r.id, r.parentId]));
  const chain: string[] = [];
  for (
    let id: string | undefined = regionId;
    id && !chain.includes(id);
    id = parents.get(id) ?? undefined
  )
    chain.push(id);
  return chain;
}

/**
 * Proposals for a case's next session: the caller (when a roster member) and `extra` always sit;
 * each required kind is drawn, fairly, from the members serving the case's region (whose home
 * region is it or above it), never one recused from the case. In person, a room of a point in
 * the same chain (nearest first) must be free too.
 */
export async function proposePanel(
  deps: PanelDeps,
  record: CaseRecord,
  callerMemberId: string | null | undefined,
  request: PanelRequest,
): Promise<PanelProposal[]> {
  const catalogue = await deps.catalogue();
  const byId = new Map(catalogue.roster.map((m) => [m.id, m]));
  const recused = new Set((record.recusals ?? []).map((r) => r.memberId));
  const unknown = request.extra.filter((id) => !byId.has(id));
  if (unknown.length)
    throw new ValidationFailed({ extra: `not on the roster: ${unknown.join(', ')}` });
  const barred = request.extra.filter((id) => recused.has(id));
  if (barred.length)
    throw new ValidationFailed({ extra: `recused from this case: ${barred.join(', ')}` });

  const asMember = (id: string): PanelMember => {
    const m = byId.get(id)!;
    return {
      id: m.id,
      name: m.name,
      kind: m.kind,
      shifts: m.shifts,
      exceptions: m.exceptions ?? [],
      leave: m.leave ?? [],
    };
  };
  const fixedIds = [
    ...new Set([
      ...(callerMemberId && byId.has(callerMemberId) && !recused.has(callerMemberId)
        ? [callerMemberId]
        : []),
      ...request.extra,
    ]),
  ];
  const fixed = fixedIds.map(asMember);
  const chain = regionChain(catalogue, record.handlingRegionId);
  const serving = catalogue.roster.filter(
    (m) => chain.includes(m.regionId) && !recused.has(m.id) && !fixedIds.includes(m.id),
  );
  // A kind a fixed member already brings needs no seat of its own.
  const brought = new Set(fixed.map((m) => m.kind));
  const kinds = (request.kinds ?? [...PANEL_KINDS]).filter((k, i, all) => all.indexOf(k) === i);
  const seats = kinds
    .filter((kind) => !brought.has(kind))
    .map((kind) => ({
      kind,
      candidates: serving.filter((m) => m.kind === kind).map((m) => asMember(m.id)),
    }));
  const empty = seats.filter((s) => s.candidates.length === 0).map((s) => s.kind);
  if (empty.length)
    throw new ValidationFailed({
      kinds: `no member serves this case's region: ${empty.join(', ')}`,
    });

  const rooms: PanelRoom[] | null =
    request.mode === 'in_person'
      ? chain.flatMap((regionId) =>
          catalogue.city.servicePoints
            .filter((p) => p.regionId === regionId)
            .flatMap((p) =>
              (p.rooms ?? []).map((r) => ({
                key: roomKey(p.id, r.id),
                id: r.id,
                name: `${p.name} ${r.name}`,
                servicePointId: p.id,
              })),
            ),
        )
      : null;
  if (rooms && rooms.length === 0)
    throw new ValidationFailed({ mode: 'no service point serving this case has a mediation room' });

  const now = deps.clock.now().getTime();
  const from = new Date(Math.max(request.from?.getTime() ?? 0, now + HOUR));
  const to = new Date(from.getTime() + Math.min(request.days ?? 14, 28) * DAY);
  // Every calendar the proposals read, one Query each, at once.
  const keys = [
    ...fixed.map((m) => m.id),
    ...seats.flatMap((s) => s.candidates.map((m) => m.id)),
    ...(rooms ?? []).map((r) => r.key),
  ];
  const bucket = BUSY_BUCKET_MINUTES * 60_000;
  const busy = new Map<string, Busy[]>(
    await Promise.all(
      [...new Set(keys)].map(async (key): Promise<[string, Busy[]]> => {
        const held = await deps.bookings.busy(key, new Date(from.getTime() - DAY), to);
        return [
          key,
          [...held.values()]
            .filter((b) => b.count > 0)
            .map((b) => ({ start: b.start.getTime(), end: b.start.getTime() + bucket })),
        ];
      }),
    ),
  );
  return panelProposals({
    fixed,
    seats,
    rooms,
    busy,
    calendar: catalogue.city.calendar,
    from,
    to,
    durationMinutes: request.durationMinutes,
    limit: request.limit ?? 5,
  });
}
