import type { ExportKind, ExportPayload, ExportResult, Overview, OverviewPayload } from '../../cloudfunctions/shared/contracts/stats';
import { call, type CallOptions } from './call';

export type { ExportKind, ExportResult, Overview, OverviewPayload };

export const overview = (p: OverviewPayload = {}, opts?: CallOptions) => call('stats', 'overview', p, opts);
export const exportCsv = (p: ExportPayload, opts?: CallOptions) => call('stats', 'export', p, opts);
