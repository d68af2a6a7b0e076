// Use cases: the agency edits the city's run-time config and roster — validated as the config is, written under its version with the audit entry, seen by the next query on every instance.
import type { CityCatalogue, CityStore } from '../adapters/city-store.port.ts';
import {
  type Category,
  type HolidayCalendarConfig,
  type Region,
  type RosterMember,
  RuntimeConfig,
  type Service,
  type ServicePoint,
} from '../config/city-schema.ts';
import type { AuditEntry } from '../domain/audit.ts';
import { PreconditionFailed, ServiceUnavailable, ValidationFailed } from '../domain/errors.ts';
import { type Clock, toBusinessIso } from '../domain/time.ts';

type AuditItems = Parameters<CityStore['writeChange']>[3];

export interface SetupDeps {
  cities: CityStore;
  cityId: string;
  clock: Clock;
  /** The audit entry of a change, for its transaction (none outside an audited request). */
  audit(change: Pick<AuditEntry, 'target' | 'before' | 'after'>): {
    items: AuditItems;
    written(): void;
  };
}

/** The caller's region check: 404 for an unknown region, 403 outside the caller's. */
export type RequireRegion = (regionId: string) => Promise<void>;

export type Policy = Pick<RuntimeConfig, 'sla' | 'reminders' | 'bookings' | 'retentionDays'>;

/** The parts an admin replaces whole (PUT /api/admin/setup/{part}). */
export interface Parts {
  regions: Region[];
  categories: Category[];
  services: Service[];
  calendar: HolidayCalendarConfig;
  policy: Policy;
}
export type Part = keyof Parts;
export const parts = ['regions', 'categories', 'services', 'calendar', 'policy'] as const;

export type Setup = { version: number } & Omit<CityCatalogue['city'], 'city'>;

/** A consequence of the edit elsewhere that the config tolerates (slots take the narrower of the two). */
export interface SetupWarning {
  path: string;
  message: string;
}

async function current(deps: SetupDeps): Promise<CityCatalogue> {
  const catalogue = await deps.cities.readCatalogue(deps.cityId);
  // Not seeded yet: the deployment is still starting.
  if (!catalogue) throw new ServiceUnavailable();
  return catalogue;
}

function checkVersion(catalogue: CityCatalogue, version: number) {
  if (catalogue.version !== version) {
    throw new PreconditionFailed({
      'If-Match': `the setup moved on: it is at version ${catalogue.version}`,
    });
  }
}

export async function readSetup(deps: SetupDeps): Promise<Setup> {
  const { version, city } = await current(deps);
  const { city: _names, ...rest } = city;
  return { version, ...rest };
}

export async function readRoster(
  deps: SetupDeps,
): Promise<{ version: number; members: RosterMember[] }> {
  const { version, roster } = await current(deps);
  return { version, members: roster };
}

/** What was edited: its issues are the body's; issues elsewhere name the entry they are in. */
type Edited =
  | { kind: 'part'; part: Part }
  | { kind: 'servicePoint'; id: string }
  | { kind: 'member'; id: string };

const policyKeys = new Set(['sla', 'reminders', 'bookings', 'retentionDays']);
const lists = new Set(['regions', 'categories', 'services', 'servicePoints', 'roster']);

/** A config issue, keyed by the body's field for the edited entry, by the entry's id elsewhere. */
interface Issue {
  key: string;
  message: string;
  /** Another member's shift outside a point's hours (or overlapping): a consequence, not a typo. */
  otherShift: boolean;
}

function issuesOf(catalogue: Omit<CityCatalogue, 'version'>, edited: Edited): Issue[] {
  const config = { ...catalogue.city, roster: catalogue.roster };
  const result = RuntimeConfig.safeParse(config);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    const [head, index, ...rest] = path;
    const entryId =
      head && lists.has(head) && index !== undefined
        ? (config[head as 'regions'] as { id: string }[])[Number(index)]?.id
        : undefined;
    const inBody =
      (edited.kind === 'part' &&
        (edited.part === 'policy' ? policyKeys.has(head ?? '') : head === edited.part)) ||
      (edited.kind === 'servicePoint' && head === 'servicePoints' && entryId === edited.id) ||
      (edited.kind === 'member' && head === 'roster' && entryId === edited.id);
    const within =
      edited.kind !== 'part' ? rest : edited.part === 'policy' ? path : [index, ...rest];
    const key = (inBody ? ['json', ...within] : [head, entryId ?? index, ...rest])
      .filter((p) => p !== undefined)
      .join('.');
    const otherShift = head === 'roster' && !inBody && rest.length === 2 && rest[0] === 'shifts';
    return { key, message: issue.message, otherShift };
  });
}

/**
 * Checks the whole config after the edit with the city schema (RuntimeConfig: the same checks as a
 * city file at synth). An issue the edit brings is an error (400, nothing written), but one:
 * another member's shift left outside a point's hours, which only narrows that member's slots
 * (slots are hours ∩ shifts) — a warning, as is an issue the config already had.
 */
function validate(
  before: Omit<CityCatalogue, 'version'>,
  after: Omit<CityCatalogue, 'version'>,
  edited: Edited,
): SetupWarning[] {
  const issues = issuesOf(after, edited);
  if (issues.length === 0) return [];
  const known = new Set(issuesOf(before, edited).map((i) => `${i.key}\n${i.message}`));
  const errors: Record<string, string> = {};
  const warnings: SetupWarning[] = [];
  for (const issue of issues) {
    if (issue.otherShift || known.has(`${issue.key}\n${issue.message}`))
      warnings.push({ path: issue.key, message: issue.message });
    else errors[issue.key] ??= issue.message;
  }
  if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
  return warnings;
}

/** Entries of a list that differ, by id (what the audit entry shows of a list part). */
function changedEntries<T extends { id: string }>(before: readonly T[], after: readonly T[]) {
  const was = new Map(before.map((v) => [v.id, v]));
  const now = new Map(after.map((v) => [v.id, v]));
  const ids = [...new Set([...was.keys(), ...now.keys()])].filter(
    (id) => JSON.stringify(was.get(id)) !== JSON.stringify(now.get(id)),
  );
  return {
    before: Object.fromEntries(ids.map((id) => [id, was.get(id) ?? null])),
    after: Object.fromEntries(ids.map((id) => [id, now.get(id) ?? null])),
  };
}

async function write(
  deps: SetupDeps,
  before: CityCatalogue,
  after: Omit<CityCatalogue, 'version'>,
  audit: Pick<AuditEntry, 'target' | 'before' | 'after'>,
): Promise<number> {
  const entry = deps.audit({
    target: audit.target,
    before: { version: before.version, ...audit.before },
    after: { version: before.version + 1, ...audit.after },
  });
  const version = await deps.cities.writeChange(
    deps.cityId,
    before,
    after,
    entry.items,
    toBusinessIso(deps.clock.now()),
  );
  if (version === undefined) {
    throw new PreconditionFailed({ 'If-Match': 'the setup moved on meanwhile: read it again' });
  }
  entry.written();
  return version;
}

export async function putServicePoint(
  deps: SetupDeps,
  input: { version: number; point: ServicePoint; requireRegion: RequireRegion },
): Promise<{ version: number; servicePoint: ServicePoint; warnings: SetupWarning[] }> {
  const before = await current(deps);
  const { point } = input;
  const points = before.city.servicePoints;
  const existing = points.find((p) => p.id === point.id);
  // Both where the point was and where it goes lie in the caller's region.
  if (existing) await input.requireRegion(existing.regionId);
  if (before.city.regions.some((r) => r.id === point.regionId))
    await input.requireRegion(point.regionId);
  checkVersion(before, input.version);
  const after = {
    city: {
      ...before.city,
      servicePoints: existing
        ? points.map((p) => (p.id === point.id ? point : p))
        : [...points, point],
    },
    roster: before.roster,
  };
  const warnings = validate(before, after, { kind: 'servicePoint', id: point.id });
  const version = await write(deps, before, after, {
    target: { type: 'service_point', id: point.id },
    before: { servicePoint: existing ?? null },
    after: { servicePoint: point },
  });
  return { version, servicePoint: point, warnings };
}

export async function putPart<P extends Part>(
  deps: SetupDeps,
  input: { version: number; part: P; value: Parts[P]; requireRegion: RequireRegion },
): Promise<{ version: number; warnings: SetupWarning[] } & Pick<Parts, P>> {
  const before = await current(deps);
  // The city-wide parts are for an admin of the whole city (the root region).
  const root = before.city.regions.find((r) => r.parentId === null);
  if (!root) throw new ServiceUnavailable();
  await input.requireRegion(root.id);
  checkVersion(before, input.version);
  const { part, value } = input;
  const city =
    part === 'policy'
      ? { ...before.city, ...(value as Policy) }
      : { ...before.city, [part]: value as Parts[Exclude<P, 'policy'>] };
  const after = { city, roster: before.roster };
  const warnings = validate(before, after, { kind: 'part', part });
  const was =
    part === 'policy'
      ? {
          sla: before.city.sla,
          reminders: before.city.reminders,
          bookings: before.city.bookings,
          retentionDays: before.city.retentionDays,
        }
      : before.city[part as Exclude<Part, 'policy'>];
  const diff =
    part === 'regions' || part === 'categories' || part === 'services'
      ? changedEntries(was as { id: string }[], value as { id: string }[])
      : { before: { [part]: was }, after: { [part]: value } };
  const version = await write(deps, before, after, {
    target: { type: 'city_config', id: part },
    before: diff.before,
    after: diff.after,
  });
  return { version, warnings, [part]: value } as {
    version: number;
    warnings: SetupWarning[];
  } & Pick<Parts, P>;
}

export async function putRosterMember(
  deps: SetupDeps,
  input: { version: number; member: RosterMember; requireRegion: RequireRegion },
): Promise<{ version: number; member: RosterMember; warnings: SetupWarning[] }> {
  const before = await current(deps);
  const { member } = input;
  const existing = before.roster.find((m) => m.id === member.id);
  if (existing) await input.requireRegion(existing.regionId);
  if (before.city.regions.some((r) => r.id === member.regionId))
    await input.requireRegion(member.regionId);
  checkVersion(before, input.version);
  const after = {
    city: before.city,
    roster: existing
      ? before.roster.map((m) => (m.id === member.id ? member : m))
      : [...before.roster, member],
  };
  const warnings = validate(before, after, { kind: 'member', id: member.id });
  const version = await write(deps, before, after, {
    target: { type: 'roster_member', id: member.id },
    before: { member: existing ?? null },
    after: { member },
  });
  return { version, member, warnings };
}
