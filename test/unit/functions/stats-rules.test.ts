import { parse as parseCsv } from 'csv-parse/sync';
import { bucketOf, dayDocId, diff, HOUR_EDGES, histogramMedian, markAt, nest, reportCounters, RollupChanges } from '../../../cloudfunctions/shared/domain/rollups';
import { csvField, csvRow, summarizePoints, weekIndex, weekOfDay, weekStart } from '../../../cloudfunctions/shared/domain/stats';

describe('Shanghai weeks', () => {
  it('start on Monday in Shanghai time', () => {
    // Sunday 2026-11-22 23:30 in Shanghai is still that week; 00:30 Monday is the next one.
    expect(weekStart(weekIndex(new Date('2026-11-22T15:30:00Z')))).toBe('2026-11-16');
    expect(weekStart(weekIndex(new Date('2026-11-22T16:30:00Z')))).toBe('2026-11-23');
    expect(weekStart(weekOfDay('2026-11-22'))).toBe('2026-11-16');
  });
});

describe('medians from hour histograms', () => {
  it('is the mean of the bucket(s) holding the middle value(s): exact for equal values, within a bucket otherwise', () => {
    expect(histogramMedian({})).toBeNull();
    const c = new RollupChanges();
    const report = (h: number) => ({ kind: 'issue' as const, category: 'x', categoryName: 'X', status: 'accepted' as const, rating: null, hours: null, createdAt: new Date(0), day: '1970-01-01', communityId: 'c', timeline: [{ action: 'accept', at: new Date(h * 3_600_000) }] as any });
    for (const h of [1, 2, 2, 5, 30]) c.report(null, report(h));
    const doc = nest(c.targets.get(dayDocId('1970-01-01', 'c'))!.counters) as any;
    expect(histogramMedian(doc.toAccept)).toBe(2);
    c.report(null, report(40));
    expect(histogramMedian((nest(c.targets.get(dayDocId('1970-01-01', 'c'))!.counters) as any).toAccept)).toBe(3.5);
    expect(bucketOf(0.5)).toBe(0);
    expect(bucketOf(71.9)).toBe(71);
    expect(bucketOf(10_000)).toBe(HOUR_EDGES.length);
  });
});

describe('a report\'s contribution', () => {
  it('moves between counters with its status; a transition adds after − before', () => {
    const base = { kind: 'issue' as const, category: 'road', categoryName: '道路', rating: null, hours: null, createdAt: new Date(0), day: '1970-01-01', communityId: 'c', timeline: [] as any[] };
    const submitted = { ...base, status: 'submitted' as const, overdueCounted: true };
    const rejected = { ...base, status: 'rejected' as const, overdueCounted: false };
    expect(reportCounters(submitted)).toEqual({ 'issues.road.submitted': 1, 'issues.road.overdue': 1 });
    expect(diff(reportCounters(submitted), reportCounters(rejected))).toEqual({ 'issues.road.overdue': -1, 'issues.road.rejected': 1 });
    const closed = { ...base, status: 'closed' as const, rating: { score: 4, fixed: true, comment: '', at: new Date() }, timeline: [{ action: 'resolve', at: new Date(5 * 3_600_000) }] as any[] };
    expect(reportCounters(closed)).toMatchObject({ 'issues.road.resolved': 1, 'rating.n': 1, 'rating.fixed': 1, 'rating.stars': 4, 'toResolve.b5.n': 1, 'toResolve.b5.h': 5 });
  });
});

describe('activity marks', () => {
  it('hold the start of the Shanghai day of a report', () => {
    // 10:00 and 18:00 in Shanghai on 1 December: the same mark.
    expect(markAt(new Date('2026-12-01T02:00:00Z')).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(markAt(new Date('2026-12-01T10:00:00Z')).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    // 23:30 UTC is 07:30 the next day in Shanghai.
    expect(markAt(new Date('2026-12-01T23:30:00Z')).toISOString()).toBe('2026-12-01T16:00:00.000Z');
  });
});

describe('totals from rollups', () => {
  it('nets refunds out of redeemed points', () => {
    expect(summarizePoints([{ _id: 'award', delta: 30 }, { _id: 'redeem', delta: -60 }, { _id: 'refund', delta: 20 }, { _id: 'expire', delta: -5 }])).toEqual({ issued: 30, redeemed: 40, expired: 5 });
  });
});

describe('CSV for Excel', () => {
  it('quotes what needs quoting and defuses formulas, and parses back', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField(-12)).toBe('-12');
    expect(csvField(new Date('2026-11-22T01:30:00Z'))).toBe('2026-11-22 09:30');
    const row = ['编号', 'a,b', '多行\n文本', '"引号"'];
    // Read back by a maintained CSV parser, as Excel-compatible tools would.
    expect(parseCsv('\uFEFF' + csvRow(row) + csvRow(['=1+1', ' 空格 ', '', 42]), { bom: true, record_delimiter: '\r\n' })).toEqual([row, ["'=1+1", ' 空格 ', '', '42']]);
  });
});
