// Collective availability against brute force: random shifts, date exceptions, leave, holidays and busy calendars for a panel of five; the first proposal is the first minute-checked common time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Busy, fairMembers, type PanelMember, panelProposals } from './panel-availability.ts';
import type { RosterKind } from './vocabulary.ts';

const MINUTE = 60_000;
const KINDS: RosterKind[] = [
  'people_mediator',
  'judge',
  'prosecutor',
  'police_officer',
  'legal_advisor',
];
/** Monday 2027-03-01 00:00 business time (UTC+8). */
const MONDAY = Date.parse('2027-02-28T16:00:00Z');
const DAYS = 10;

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const dateOf = (day: number) =>
  new Date(MONDAY + day * 1440 * MINUTE + 8 * 60 * MINUTE).toISOString().slice(0, 10);

/** Shifts in quarter hours between 08:00 and 18:00. */
const shift = fc
  .record({
    weekday: fc.integer({ min: 1, max: 7 }),
    from: fc.integer({ min: 32, max: 68 }),
    length: fc.integer({ min: 2, max: 16 }),
  })
  .map(({ weekday, from, length }) => ({
    weekday,
    startMin: from * 15,
    endMin: Math.min(72, from + length) * 15,
  }));
const member = fc.record({
  shifts: fc.array(shift, { minLength: 1, maxLength: 5 }),
  leaveDays: fc.uniqueArray(fc.integer({ min: 0, max: DAYS - 1 }), { maxLength: 3 }),
  // Date exceptions: that day's shifts replace the weekly ones (none: away that day).
  exceptions: fc.uniqueArray(
    fc.record({
      day: fc.integer({ min: 0, max: DAYS - 1 }),
      shifts: fc.array(shift, { maxLength: 2 }),
    }),
    { maxLength: 3, selector: (e) => e.day },
  ),
  // Held intervals: day, start minute (any, not only quarter hours), length.
  busy: fc.array(
    fc.record({
      day: fc.integer({ min: 0, max: DAYS - 1 }),
      start: fc.integer({ min: 7 * 60, max: 18 * 60 }),
      length: fc.integer({ min: 5, max: 180 }),
    }),
    { maxLength: 8 },
  ),
});

describe('panelProposals', () => {
  it('proposes exactly the first time (15-minute grid) every one of 5 required members is free, by brute force', () => {
    fc.assert(
      fc.property(
        fc.array(member, { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 30, max: 120 }).map((n) => Math.ceil(n / 15) * 15),
        fc.uniqueArray(fc.integer({ min: 0, max: DAYS - 1 }), { maxLength: 2 }),
        (generated, duration, holidayDays) => {
          const members: PanelMember[] = generated.map((g, i) => ({
            id: `m${i}`,
            name: `m${i}`,
            kind: KINDS[i]!,
            shifts: g.shifts.map((s) => ({
              weekday: s.weekday,
              start: hhmm(s.startMin),
              end: hhmm(s.endMin),
            })),
            leave: g.leaveDays.map((d) => ({ from: dateOf(d), to: dateOf(d) })),
            exceptions: g.exceptions.map((e) => ({
              date: dateOf(e.day),
              shifts: e.shifts.map((s) => ({ start: hhmm(s.startMin), end: hhmm(s.endMin) })),
            })),
          }));
          const busy = new Map<string, Busy[]>(
            generated.map((g, i) => [
              `m${i}`,
              g.busy.map((b) => {
                const start = MONDAY + (b.day * 1440 + b.start) * MINUTE;
                return { start, end: start + b.length * MINUTE };
              }),
            ]),
          );
          const calendar = {
            holidays: holidayDays.map((d) => ({ date: dateOf(d) })),
            makeupWorkdays: [],
          };
          const proposals = panelProposals({
            fixed: [members[0]!],
            seats: members.slice(1).map((m) => ({ kind: m.kind, candidates: [m] })),
            rooms: null,
            busy,
            calendar,
            from: new Date(MONDAY),
            to: new Date(MONDAY + DAYS * 1440 * MINUTE),
            durationMinutes: duration,
            limit: 1,
          });

          // Brute force: every quarter hour of every day, every member checked minute by minute.
          let expected: number | undefined;
          search: for (let day = 0; day < DAYS; day++) {
            if (holidayDays.includes(day)) continue;
            const weekday = (day % 7) + 1;
            for (let q = 0; q * 15 + duration <= 1440; q++) {
              const startMin = q * 15;
              const ok = generated.every((g) => {
                if (g.leaveDays.includes(day)) return false;
                const exception = g.exceptions.find((e) => e.day === day);
                const onShift = (exception ? exception.shifts : g.shifts).some(
                  (s) =>
                    (exception || s.weekday === weekday) &&
                    s.startMin <= startMin &&
                    startMin + duration <= s.endMin,
                );
                if (!onShift) return false;
                for (let m = startMin; m < startMin + duration; m++) {
                  const t = MONDAY + (day * 1440 + m) * MINUTE;
                  if (
                    g.busy.some((b) => {
                      const s = MONDAY + (b.day * 1440 + b.start) * MINUTE;
                      return s <= t && t < s + b.length * MINUTE;
                    })
                  )
                    return false;
                }
                return true;
              });
              if (ok) {
                expected = MONDAY + (day * 1440 + startMin) * MINUTE;
                break search;
              }
            }
          }
          expect(proposals[0]?.start.getTime()).toBe(expected);
          if (proposals[0])
            expect(proposals[0].members.map((m) => m.id)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('draws the least-loaded member of a kind, so equals take turns', () => {
    const judge = (id: string): PanelMember => ({ id, name: id, kind: 'judge', shifts: [] });
    const judges = [judge('a'), judge('b'), judge('c')];
    expect(
      fairMembers(judges, (id) => (id === 'a' ? 2 : id === 'b' ? 0 : 1)).map((m) => m.id),
    ).toEqual(['b', 'c', 'a']);
    // Each draw adds to the drawn member's load: three sessions in a row seat three judges.
    const load = new Map<string, number>();
    const drawn = [0, 1, 2].map(() => {
      const pick = fairMembers(judges, (id) => load.get(id) ?? 0)[0]!.id;
      load.set(pick, (load.get(pick) ?? 0) + 1);
      return pick;
    });
    expect(new Set(drawn).size).toBe(3);
  });

  it('needs a free room for an in-person session, and skips to the next when the first is held', () => {
    const m: PanelMember = {
      id: 'm',
      name: 'm',
      kind: 'people_mediator',
      shifts: [{ weekday: 1, start: '09:00', end: '12:00' }],
    };
    const rooms = [
      { key: 'room.p.r1', id: 'r1', name: 'R1', servicePointId: 'p' },
      { key: 'room.p.r2', id: 'r2', name: 'R2', servicePointId: 'p' },
    ];
    const nine = MONDAY + 9 * 60 * MINUTE;
    const query = {
      fixed: [m],
      seats: [],
      rooms,
      calendar: { holidays: [], makeupWorkdays: [] },
      from: new Date(MONDAY),
      to: new Date(MONDAY + 1440 * MINUTE),
      durationMinutes: 60,
      limit: 1,
    };
    const held = (keys: string[]) =>
      new Map(keys.map((k) => [k, [{ start: nine, end: nine + 120 * MINUTE }]]));
    expect(panelProposals({ ...query, busy: held(['room.p.r1']) })[0]).toMatchObject({
      start: new Date(nine),
      room: { id: 'r2' },
    });
    expect(panelProposals({ ...query, busy: held(['room.p.r1', 'room.p.r2']) })[0]).toMatchObject({
      start: new Date(nine + 120 * MINUTE),
      room: { id: 'r1' },
    });
  });
});
