// Use case: seed a city's run-time configuration into the table once; later starts leave it alone.
import type { CityStore } from '../adapters/city-store.port.ts';
import type { CityConfig } from '../config/city-schema.ts';
import { type Clock, toBusinessIso } from '../domain/time.ts';

export interface SeedResult {
  seeded: boolean;
}

/** Idempotent: the table stays the source of truth once seeded (agency admins edit it there). */
export async function seedCity(
  deps: { cities: CityStore; clock: Clock },
  city: CityConfig,
): Promise<SeedResult> {
  const seeded = await deps.cities.writeSeed(
    city.id,
    city.runtime,
    toBusinessIso(deps.clock.now()),
  );
  return { seeded };
}
