// The city's run-time config and roster for every request of a process: kept in memory, checked against the table's version on each use, so an agency edit is seen at once on every instance.
import type { CityCatalogue, CityStore } from '#adapters/city-store.port.ts';
import type { RegionLink } from '#domain/access.ts';
import { ServiceUnavailable } from '#domain/errors.ts';

export type Catalogue = Omit<CityCatalogue, 'version'>;

export interface VersionedCatalogue {
  /** The catalogue as of now: one GetItem of the version, a reload only when it moved. */
  (): Promise<Catalogue>;
  /** The city's regions by id, for the region-scope checks (the same version check). */
  regions(): Promise<ReadonlyMap<string, RegionLink>>;
}

export function versionedCatalogue(cities: CityStore, cityId: string): VersionedCatalogue {
  type Loaded = { version: number; value: Catalogue; regions: ReadonlyMap<string, RegionLink> };
  let cached: Loaded | undefined;
  /** One reload per version, shared by the requests that found it moved at the same time. */
  let loading: { version: number; promise: Promise<Loaded> } | undefined;

  async function current(): Promise<Loaded> {
    const version = await cities.readVersion(cityId);
    // Not seeded yet: a passing state, not an empty city to cache.
    if (version === undefined) throw new ServiceUnavailable();
    if (cached?.version === version) return cached;
    if (loading?.version === version) return loading.promise;
    // Read after the version: what it reads is that version or a later one (whose bump the next
    // use sees), never an older one. It is kept under the version read before it.
    const promise = cities.readCatalogue(cityId).then((read) => {
      if (!read) throw new ServiceUnavailable();
      const loaded: Loaded = {
        version,
        value: { city: read.city, roster: read.roster },
        regions: new Map(read.city.regions.map((r) => [r.id, r] as const)),
      };
      if (!cached || cached.version <= version) cached = loaded;
      return loaded;
    });
    loading = { version, promise };
    promise.then(
      () => {
        if (loading?.promise === promise) loading = undefined;
      },
      () => {
        if (loading?.promise === promise) loading = undefined;
      },
    );
    return promise;
  }

  const catalogue = (async () => (await current()).value) as VersionedCatalogue;
  catalogue.regions = async () => (await current()).regions;
  return catalogue;
}
