import type { RegionView } from '../../services/admin';
import { listRegions } from '../../services/admin';
import { naturalCompare } from '../../../cloudfunctions/shared/isomorphic/order';

export interface RegionNode extends RegionView {
  children: RegionNode[];
}

/** The district tree from the flat list; orphans (a parent not in the list) become roots. */
export function buildTree(regions: RegionView[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>(regions.map((r) => [r.id, { ...r, children: [] }]));
  const roots: RegionNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  // Numbered names in their natural order (一, 二, 三 … 十; 9 before 10), not by the pinyin of the numeral.
  const sort = (list: RegionNode[]) => {
    list.sort((a, b) => naturalCompare(a.name, b.name) || a.id.localeCompare(b.id));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

// The region list changes only by import: one fetch per visit to the workbench is plenty.
let cache: Promise<RegionView[]> | null = null;

export function cachedRegions(): Promise<RegionView[]> {
  cache ??= listRegions({ silent: true }).catch((e) => {
    cache = null;
    throw e;
  });
  return cache;
}

export function forgetRegions(): void {
  cache = null;
}

export const regionNames = (regions: RegionView[]) => new Map(regions.map((r) => [r.id, r.name]));
