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

/** 「已超时」, or with how long (「已超时 2 天」) where the page has room for it. */
export function LateChip({ text = '已超时' }: { text?: string }) {
  return (
    <Text className="st-chip st-chip--late" data-testid="late-chip">
      {text}
    </Text>
  );
}
