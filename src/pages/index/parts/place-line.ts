import type { ReportSummary } from '../../../../cloudfunctions/shared/contracts/snapshot';

/** Where a report is, as people say it: 荷城一网格 · 荷城路 102 号门口. */
export function placeLine(item: Pick<ReportSummary, 'region' | 'address'>): string {
  const area = item.region.gridName || item.region.communityName || (item.region.level === 'district' ? '区级待分派' : '');
  return [area, item.address].filter(Boolean).join(' · ');
}
