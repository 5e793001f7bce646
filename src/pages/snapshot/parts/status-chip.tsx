import { Text } from '@tarojs/components';
import type { ReportStatus } from '../../../../cloudfunctions/shared/contracts/snapshot';
import { statusLabel, STATUS_TONE } from '../../../constants/snapshot';
import './parts.css';

export default function StatusChip({ status, kind = 'issue', overdue = false }: { status: ReportStatus; kind?: 'issue' | 'volunteer'; overdue?: boolean }) {
  return (
    <Text className={`st-chip st-chip--${STATUS_TONE[status]}`} data-testid="status-chip">
      {statusLabel(status, kind)}
      {overdue ? ' · 已超时' : ''}
    </Text>
  );
}

export function LateChip() {
  return <Text className="st-chip st-chip--late">已超时</Text>;
}
