import { Text } from '@tarojs/components';
import type { ReportStatus } from '../../../../cloudfunctions/shared/contracts/snapshot';
import { STATUS_LABELS, STATUS_TONE } from '../../../constants/snapshot';
import './parts.css';

export default function StatusChip({ status, overdue = false }: { status: ReportStatus; overdue?: boolean }) {
  return (
    <Text className={`st-chip st-chip--${STATUS_TONE[status]}`} data-testid="status-chip">
      {STATUS_LABELS[status]}
      {overdue ? ' · 已超时' : ''}
    </Text>
  );
}

export function LateChip() {
  return <Text className="st-chip st-chip--late">已超时</Text>;
}
