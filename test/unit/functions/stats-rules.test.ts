import { parse as parseCsv } from 'csv-parse/sync';
import { csvField, csvRow, medianOf, medianWindow, summarizePoints, summarizeStatusRows, weekIndex, weekOfDay, weekStart } from '../../../cloudfunctions/shared/domain/stats';

describe('Shanghai weeks', () => {
  it('start on Monday in Shanghai time', () => {
    // Sunday 2026-11-22 23:30 in Shanghai is still that week; 00:30 Monday is the next one.
    expect(weekStart(weekIndex(new Date('2026-11-22T15:30:00Z')))).toBe('2026-11-16');
    expect(weekStart(weekIndex(new Date('2026-11-22T16:30:00Z')))).toBe('2026-11-23');
    expect(weekStart(weekOfDay('2026-11-22'))).toBe('2026-11-16');
  });
});

describe('medians from a sorted window', () => {
  it('takes the middle one of an odd count and averages the middle two of an even count', () => {
    expect(medianWindow(0)).toBeNull();
    expect(medianWindow(5)).toEqual({ skip: 2, take: 1 });
    expect(medianWindow(6)).toEqual({ skip: 2, take: 2 });
    expect(medianOf([3, 4])).toBe(3.5);
    expect(medianOf([])).toBeNull();
  });
});

describe('totals from status rows', () => {
  it('counts accepted, resolved, refused, overdue, ratings and volunteer hours', () => {
    const t = summarizeStatusRows([
      { _id: { kind: 'issue', status: 'submitted', late: true }, n: 2 },
      { _id: { kind: 'issue', status: 'submitted', late: false }, n: 3 },
      { _id: { kind: 'issue', status: 'closed', fixed: true, late: true }, n: 4, stars: 18 },
      { _id: { kind: 'issue', status: 'reopened', fixed: false, late: true }, n: 1, stars: 1 },
      { _id: { kind: 'issue', status: 'duplicate', late: false }, n: 1 },
      { _id: { kind: 'volunteer', status: 'verified', late: false }, n: 2, hours: 5 },
    ]);
    expect(t).toMatchObject({ submitted: 11, accepted: 5, resolved: 4, rejected: 1, overdue: 3, rated: 5, fixed: 4, stars: 19, volunteerRecords: 2, volunteerVerified: 2, volunteerHours: 5 });
  });
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
