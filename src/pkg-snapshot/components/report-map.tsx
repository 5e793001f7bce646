import type { ReportView } from '../../../cloudfunctions/shared/contracts/snapshot';
import LocationPreview from '../../components/location-preview';

/** Where the report is, for the staff and grid workers who go there (the map preview, in words too). */
export default function ReportMap({ report }: { report: ReportView }) {
  const area = [report.region.communityName, report.region.gridName].filter(Boolean).join(' · ');
  const label = report.address || area || report.categoryName;
  return <LocationPreview location={report.location} label={label} area={area} title="现场位置" centerLabel="问题位置" testId="detail-map" />;
}
