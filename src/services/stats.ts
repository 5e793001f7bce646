import type { ExportKind, ExportPayload, ExportResult, Overview, OverviewPayload } from '../../cloudfunctions/shared/contracts/stats';
import { call, LONG_CALL_MS, type CallOptions } from './call';

export type { ExportKind, ExportResult, Overview, OverviewPayload };

export const overview = (p: OverviewPayload = {}, opts?: CallOptions) => call('stats', 'overview', p, { timeoutMs: LONG_CALL_MS, ...opts });
export const exportCsv = (p: ExportPayload, opts?: CallOptions) => call('stats', 'export', p, { timeoutMs: LONG_CALL_MS, ...opts });
