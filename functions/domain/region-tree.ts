// Builds the regions tree (city → county → town → village → grid) from the flat list the table holds.
import type { RegionLevel } from './vocabulary.ts';

export interface FlatRegion {
  id: string;
  name: string;
  nameEn: string;
  level: RegionLevel;
  parentId: string | null;
}

export interface RegionNode {
  id: string;
  name: string;
  nameEn: string;
  level: RegionLevel;
  children: RegionNode[];
}

/** Roots first, children in the order given; a region whose parent is unknown is an error. */
export function buildRegionTree(regions: readonly FlatRegion[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  for (const r of regions) {
    nodes.set(r.id, { id: r.id, name: r.name, nameEn: r.nameEn, level: r.level, children: [] });
  }
  const roots: RegionNode[] = [];
  for (const r of regions) {
    const node = nodes.get(r.id)!;
    if (r.parentId === null) {
      roots.push(node);
      continue;
    }
    const parent = nodes.get(r.parentId);
    if (!parent) throw new Error(`region ${r.id} names an unknown parent ${r.parentId}`);
    parent.children.push(node);
  }
  return roots;
}
