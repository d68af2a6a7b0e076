// Port: where a city's run-time configuration lives (the table is its source of truth after seeding).
import type { RuntimeConfig } from '#config/city-schema.ts';

export type CityRuntime = RuntimeConfig;

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
}
