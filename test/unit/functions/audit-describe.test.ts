// The audit screen reads as sentences and tables in Chinese: every field an entry's before/after can
// hold has a Chinese label (no 「placeName」 row), and a report is named, never shown by its id.
import type { Scopes } from '../../../cloudfunctions/shared/contracts/user';
import type { WeeklyHours } from '../../../cloudfunctions/shared/contracts/place';
import type { Category } from '../../../cloudfunctions/shared/domain/categories';
import type { PendingChange, PlaceDoc } from '../../../cloudfunctions/shared/domain/place';
import type { RewardDoc } from '../../../cloudfunctions/shared/domain/rewards';
import { reportAuditName } from '../../../cloudfunctions/shared/domain/report';
import type { AuditEntryView } from '../../../cloudfunctions/shared/contracts/admin';
import { auditSentence, changeRows } from '../../../src/pkg-admin/audit/describe';

// Every field of the stored documents whose fields reach an audit entry (a reward's fields on create,
// a place's changed fields, a category before and after …). `Record<keyof …>` makes the typecheck fail
// when a document gains a field this list does not name, so a new field cannot slip past unlabelled.
const REWARD: Record<keyof RewardDoc, true> = {
  _id: true, title: true, description: true, image: true, imageCheck: true, cost: true, stock: true, issued: true, perUserLimit: true, placeId: true,
  placeName: true, communityId: true, validDays: true, activeFrom: true, activeTo: true, status: true, reviewNote: true, proposedBy: true, createdBy: true,
  createdAt: true, updatedAt: true,
};
const PLACE: Record<keyof PlaceDoc, true> = {
  _id: true, type: true, name: true, status: true, ownerOpenid: true, communityId: true, gridId: true, location: true, address: true, phone: true,
  services: true, offers: true, hours: true, openWeek: true, photos: true, licencePhoto: true, imageChecks: true, createdAt: true, updatedAt: true,
  createdBy: true, reviewedBy: true, reviewedAt: true, rejectReason: true, suspendReason: true, pendingChange: true, reviewQueue: true,
  reviewQueuedAt: true, lastReview: true, contentFlag: true, applicant: true, requestId: true,
};
const PENDING_CHANGE: Record<keyof PendingChange, true> = { name: true, address: true, location: true, photos: true, licencePhoto: true, offers: true, communityId: true, gridId: true, submittedAt: true };
const HOURS: Record<keyof WeeklyHours, true> = { weekly: true, is24h: true, closedDays: true };
const CATEGORY: Record<keyof Category, true> = { code: true, name: true, kind: true, points: true, slaHours: true, photoRequired: true, routing: true, enabled: true, order: true, glyph: true };
const SCOPES: Record<keyof Scopes, true> = { staff: true, gridworker: true, merchant: true };

/** The fields the use-cases write by name into before/after (see every appendAudit call). */
const WRITTEN = [
  // admin: roles, bans, names, region import
  'roles', 'scopes', 'status', 'reason', 'name', 'nameCheck', 'byLevel', 'district', 'street', 'community', 'grid', 'ids',
  // snapshot transitions and image review
  'assignee', 'note', 'fileID', 'check', 'waitingForStaff',
  // places
  'decision', 'kind', 'merchant', 'queuedForReview',
  // points, rewards, redemptions
  'balance', 'delta', 'entry', 'dailyCap', 'perVolunteerHour', 'expiryMonths', 'rewardId',
  // exports, open311 keys and calls, jobs, a person's own data
  'rows', 'communities', 'from', 'to', 'prefix', 'ratePerMinute', 'dailyLimit', 'publicRead', 'service_code', 'count', 'startedAt', 'erased', 'counts',
  // lastReview's own fields
  'at', 'by',
];

/** Bookkeeping no audit entry carries: the use-cases leave these out of before/after. */
const NEVER_AUDITED = new Set(['_id', 'createdAt', 'updatedAt', 'createdBy', 'openWeek', 'reviewQueue', 'reviewQueuedAt', 'contentFlag', 'imageChecks', 'imageCheck', 'issued', 'proposedBy', 'requestId']);

const rowLabel = (key: string, targetType = 'place') => changeRows({ target: { type: targetType, id: 'x' }, before: null, after: { [key]: 'v' } }, new Map())[0]?.label;

test('every field a change table can show has a Chinese label, never the stored key', () => {
  const keys = new Set([REWARD, PLACE, PENDING_CHANGE, HOURS, CATEGORY, SCOPES].flatMap((o) => Object.keys(o)).concat(WRITTEN));
  const unlabelled = [...keys].filter((k) => !NEVER_AUDITED.has(k)).filter((k) => !/^[\u4e00-\u9fff（）0-9 ]+$/.test(rowLabel(k) ?? ''));
  expect(unlabelled).toEqual([]);
});

test('a new reward’s table names its place once, in Chinese', () => {
  const rows = changeRows(
    { target: { type: 'reward', id: 'rw_1' }, before: null, after: { title: '牛腩粉一碗', placeId: 'place-1', placeName: '荷城粉店', cost: 30 } },
    new Map([['place-1', '荷城粉店']]),
  );
  expect(rows.map((r) => r.label)).toEqual(['标题', '地点', '所需积分']);
  expect(rows[1].after).toBe('荷城粉店');
  // With no place id beside it (an older entry), the copied name still reads in Chinese.
  expect(changeRows({ target: { type: 'reward', id: 'rw_1' }, before: null, after: { placeName: '荷城粉店' } }, new Map())).toEqual([{ label: '地点名称', before: '—', after: '荷城粉店' }]);
});

const entry = (action: string, names: Record<string, string>): AuditEntryView =>
  ({ id: 'a1', actor: { openid: 'demo-staff', name: '韦强' }, action, target: { type: 'report', id: 'seed-report-108' }, before: { status: 'submitted' }, after: { status: 'accepted' }, at: '2026-03-02T02:00:00.000Z', names }) as AuditEntryView;

test('a report step names the report by its category and where it is', () => {
  const name = reportAuditName({ categoryName: '占道经营', placeName: '', address: '荷城路 130 号门口' });
  expect(name).toBe('占道经营 · 荷城路 130 号门口');
  expect(auditSentence(entry('snapshot.accept', { 'seed-report-108': name }), new Map(Object.entries({ 'seed-report-108': name })))).toBe('韦强 受理了上报「占道经营 · 荷城路 130 号门口」');
  // A place's name wins over the address; a long address is cut, not the category.
  expect(reportAuditName({ categoryName: '服务站点反馈', placeName: '荷城骑手驿站', address: '港北区荷城路 102 号' })).toBe('服务站点反馈 · 荷城骑手驿站');
  expect(reportAuditName({ categoryName: '道路破损', placeName: '', address: '港北区荷城街道荷城西路与民主路交叉口往北五十米处' })).toBe('道路破损 · 港北区荷城街道荷城西路与民主路交…');
});

test('an entry written before reports had names reads 一条上报, not an id', () => {
  const s = auditSentence(entry('snapshot.verify', {}), new Map());
  expect(s).toBe('韦强 认定了一条上报');
  expect(s).not.toContain('seed-report');
});

test('an image review and a name review read their outcome in words', () => {
  const image = changeRows({ target: { type: 'report', id: 'r1' }, before: { check: 'pending', waitingForStaff: true }, after: { check: 'approved' } }, new Map());
  expect(image).toEqual([
    { label: '图片审核', before: '待检查', after: '已通过' },
    { label: '等待人工审核', before: '是', after: '—' },
  ]);
  const name = changeRows({ target: { type: 'user', id: 'u1' }, before: { nameCheck: 'review' }, after: { nameCheck: 'pass' } }, new Map());
  expect(name).toEqual([{ label: '姓名审核', before: '待审核', after: '已通过' }]);
});
