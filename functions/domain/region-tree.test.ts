import { describe, expect, it } from 'vitest';
import { buildRegionTree } from './region-tree.ts';

describe('buildRegionTree', () => {
  it('nests regions under their parents in the order given', () => {
    const tree = buildRegionTree([
      { id: 'c', name: '市', nameEn: 'City', level: 'city', parentId: null },
      { id: 'd', name: '区', nameEn: 'District', level: 'county', parentId: 'c' },
      { id: 't2', name: '镇二', nameEn: 'Town 2', level: 'town', parentId: 'd' },
      { id: 't1', name: '镇一', nameEn: 'Town 1', level: 'town', parentId: 'd' },
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0]?.children[0]?.children.map((t) => t.id)).toEqual(['t2', 't1']);
    expect(tree[0]?.children[0]?.children[0]?.children).toEqual([]);
  });

  it('refuses a region whose parent is missing', () => {
    expect(() =>
      buildRegionTree([{ id: 'x', name: 'x', nameEn: 'x', level: 'town', parentId: 'nope' }]),
    ).toThrow(/unknown parent nope/);
  });
});
