// Port: where a city's run-time configuration lives (the table is its source of truth after seeding), and the agency's edits of it.
import type { RuntimeConfig } from '#config/city-schema.ts';
import type { ExtraItem } from './dynamo/case-store.ts';

export type CityRuntime = RuntimeConfig;

/** The city's configuration and roster as one version of them: every edit bumps the version. */
export interface CityCatalogue {
  /** 1 after seeding (0 for a city seeded before versions), +1 per edit. */
  version: number;
  city: Omit<CityRuntime, 'roster'>;
  roster: CityRuntime['roster'];
}

export interface CityStore {
  /** Has this city's run-time configuration been seeded? */
  isSeeded(cityId: string): Promise<boolean>;
  /**
   * Writes the run-time configuration as the first seed. Returns false, writing nothing more,
   * when the city was already seeded (by an earlier start or a concurrent seeder).
   */
  writeSeed(cityId: string, runtime: CityRuntime, seededAt: string): Promise<boolean>;
  /** The city's run-time configuration but its roster, as the table holds it now; undefined before seeding. */
  readCity(cityId: string): Promise<Omit<CityRuntime, 'roster'> | undefined>;
  /** The city's roster members with their weekly shifts. */
  readRoster(cityId: string): Promise<CityRuntime['roster']>;
  /** The configuration's version now (a strongly consistent read); undefined before seeding. */
  readVersion(cityId: string): Promise<number | undefined>;
  /** The configuration and roster, read strongly consistent; undefined before seeding. */
  readCatalogue(cityId: string): Promise<CityCatalogue | undefined>;
  /**
   * Writes what differs between `before` and `after` in one transaction with `extra` (the audit
   * entry), bumping the version from `before.version`. Returns the new version, or undefined when
   * the version moved on meanwhile (nothing written).
   */
  writeChange(
    cityId: string,
    before: CityCatalogue,
    after: Omit<CityCatalogue, 'version'>,
    extra: readonly ExtraItem[],
    at: string,
  ): Promise<number | undefined>;
}
