import { z } from 'zod';

const isoDate = z.string().datetime({ offset: true, message: '日期格式应为 ISO 8601' });
const communityId = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, '社区编号格式不正确');

const range = {
  communityId: communityId.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};

function rangeOk(p: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (p.from && p.to && Date.parse(p.from) >= Date.parse(p.to)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: '结束时间必须晚于开始时间' });
}

export const overviewPayload = z.object(range).strict().superRefine(rangeOk);
export type OverviewPayload = z.infer<typeof overviewPayload>;

export const EXPORT_KINDS = ['reports', 'places', 'redemptions', 'ledger'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export { EXPORT_LABELS } from '../isomorphic/labels';

export const exportPayload = z
  .object({ kind: z.enum(EXPORT_KINDS), ...range })
  .strict()
  .superRefine(rangeOk);
export type ExportPayload = z.infer<typeof exportPayload>;

export interface CountByKey {
  key: string;
  name: string;
  submitted: number;
  resolved: number;
  overdue: number;
}

export interface Overview {
  scope: { label: string; communities: Array<{ id: string; name: string }> };
  range: { from: string; to: string };
  workers: { registered: number; active30d: number };
  reports: {
    submitted: number;
    accepted: number;
    resolved: number;
    overdue: number;
    rejected: number;
    medianHoursToAccept: number | null;
    medianHoursToResolve: number | null;
    rated: number;
    /** Share of rated reports the reporter called 已解决, 0–1. */
    fixedShare: number | null;
    avgStars: number | null;
  };
  byCategory: CountByKey[];
  byCommunity: CountByKey[];
  /** Monday-based Shanghai weeks, oldest first, every week of the range present. */
  byWeek: Array<{ week: string; submitted: number; resolved: number }>;
  volunteer: { records: number; verified: number; hours: number };
  points: { issued: number; redeemed: number; expired: number };
  places: Record<'merchant' | 'station', Record<'approved' | 'pending' | 'rejected' | 'suspended', number>>;
  redemptions: { issued: number; fulfilled: number; cancelled: number; expired: number; active: number };
  generatedAt: string;
}

export interface ExportResult {
  fileID: string;
  url: string;
  fileName: string;
  rows: number;
}

export interface StatsActions {
  overview: { payload: OverviewPayload; data: Overview };
  export: { payload: ExportPayload; data: ExportResult };
}
