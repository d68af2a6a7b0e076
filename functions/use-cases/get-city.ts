// Use case: what residents see of the city — its name, regions tree, dispute categories and services.
import type { CityStore } from '../adapters/city-store.port.ts';
import { ServiceUnavailable } from '../domain/errors.ts';
import { buildRegionTree, type RegionNode } from '../domain/region-tree.ts';
import type { ServiceMode } from '../domain/vocabulary.ts';

export interface CityOverview {
  id: string;
  name: string;
  nameEn: string;
  regions: RegionNode[];
  categories: { id: string; name: string; nameEn: string }[];
  services: {
    id: string;
    name: string;
    nameEn: string;
    description: string;
    descriptionEn: string;
    durationMinutes: number;
    capacity: number;
    modes: ServiceMode[];
  }[];
}

export async function getCity(deps: { cities: CityStore }, cityId: string): Promise<CityOverview> {
  const city = await deps.cities.readCity(cityId);
  // Not seeded yet: the deployment is still starting, not a missing resource.
  if (!city) throw new ServiceUnavailable();
  return {
    id: cityId,
    name: city.city.name,
    nameEn: city.city.nameEn,
    regions: buildRegionTree(city.regions),
    categories: city.categories.map(({ id, name, nameEn }) => ({ id, name, nameEn })),
    services: city.services.map((s) => ({
      id: s.id,
      name: s.name,
      nameEn: s.nameEn,
      description: s.description,
      descriptionEn: s.descriptionEn,
      durationMinutes: s.durationMinutes,
      capacity: s.capacity,
      modes: [...s.modes],
    })),
  };
}
