import { EXPORT_LABELS, type ExportPayload, type ExportResult, type Overview, type OverviewPayload } from '../contracts/stats';
import { PLACE_STATUS_LABELS, PLACE_TYPE_LABELS } from '../contracts/place';
import { REDEMPTION_STATUS_LABELS } from '../contracts/points';
import { LEDGER_KIND_LABELS, maskedName } from '../domain/points';
import { STATUS_LABELS, statusLabel } from '../domain/report-lifecycle';
import { summarizeRollups } from '../domain/rollups';
import { listScope, viewerOf } from '../domain/scope';
import { csvRow, CSV_BOM, defaultRange, MAX_RANGE_DAYS, overlongRangeField, weekIndex, weekStart } from '../domain/stats';
import { shanghaiDay, shanghaiStamp } from '../isomorphic/time';
import { AppError } from '../errors';
import { appendAudit } from '../repositories/audit';
import { dropExport, storeExport, txRecordExport } from '../repositories/exports';
import { regionsRepo } from '../repositories/regions';
import { rollupsRepo } from '../repositories/rollups';
import { exportPages } from '../repositories/stats-export';
import { usersRepo } from '../repositories/users';
import { inTransaction, type Db } from '../repositories/transactions';
import type { Caller } from '../domain/user';

/** Staff see their communities (or one of them); admins the district or any one community. */
const communitiesFor = (caller: Caller, communityId?: string) => listScope(viewerOf(caller), communityId, '只能查看本社区的数据');

interface StatsScope {
  /** null = every community (admin, district-wide). */
  communities: string[] | null;
  from: Date;
  to: Date;
  now: Date;
}

function scopeFor(caller: Caller, p: { communityId?: string; from?: string; to?: string }, now: Date): StatsScope {
  const communities = communitiesFor(caller, p.communityId);
  const range = defaultRange(now);
  const from = p.from ? new Date(p.from) : range.from;
  const to = p.to ? new Date(p.to) : now;
  const field = overlongRangeField({ from, to }, p);
  if (field) {
    const named = field === 'payload.from' ? '开始时间（from）' : '结束时间（to）';
    throw new AppError('INPUT.INVALID', `${named}超出范围：统计时间跨度最长两年（${MAX_RANGE_DAYS} 天）`, field);
  }
  return { communities, from, to, now };
}

/**
 * The dashboard from rollups: the day documents of the range and scope (one per day and community),
 * the places documents of the scope, and two indexed counts (people registered, people active in 30
 * days) — a few hundred small documents whatever the number of reports. The range is whole Shanghai
 * days: from the day holding `from` to the day holding the instant before `to`.
 */
export async function overview(db: Db, caller: Caller, p: OverviewPayload, now = new Date()): Promise<Overview> {
  const s = scopeFor(caller, p, now);
  const repo = rollupsRepo(db);
  const fromDay = shanghaiDay(s.from);
  const toDay = shanghaiDay(new Date(Math.max(s.from.getTime(), s.to.getTime() - 1)));
  const [days, placeDocs, registered, active, regions] = await Promise.all([
    repo.days(fromDay, toDay, s.communities),
    repo.places(s.communities),
    usersRepo(db).countInCommunities(s.communities),
    repo.activeSince(s.communities, new Date(s.now.getTime() - 30 * 86_400_000)),
    regionsRepo(db).listAll(),
  ]);
  const names = new Map(regions.map((r) => [r._id, r.name]));
  const f = summarizeRollups(days, placeDocs, (id) => (id ? names.get(id) ?? id : '街道统筹'));

  const weeks: Overview['byWeek'] = [];
  for (let w = weekIndex(s.from); w <= weekIndex(new Date(s.to.getTime() - 1)); w++) weeks.push({ week: weekStart(w), ...(f.byWeek.get(w) ?? { submitted: 0, resolved: 0 }) });
  const communityList = s.communities ?? regions.filter((r) => r.level === 'community').map((r) => r._id);
  return {
    scope: {
      label: s.communities === null ? '全区' : s.communities.map((c) => names.get(c) ?? c).join('、'),
      communities: communityList.map((id) => ({ id, name: names.get(id) ?? id })),
    },
    range: { from: s.from.toISOString(), to: s.to.toISOString() },
    workers: { registered, active30d: active },
    reports: f.reports,
    byCategory: f.byCategory,
    byCommunity: f.byCommunity,
    byWeek: weeks,
    volunteer: f.volunteer,
    points: f.points,
    places: f.places,
    redemptions: f.redemptions,
    generatedAt: now.toISOString(),
  };
}

// ---- exports ---------------------------------------------------------------------------------

const HEADERS = {
  reports: ['编号', '类型', '分类', '状态', '描述', '地址', '社区', '网格', '上报人', '提交时间', '截止时间', '评分', '是否解决', '服务时长', '积分'],
  places: ['编号', '名称', '类型', '状态', '社区', '地址', '电话', '服务', '经度', '纬度', '创建时间'],
  redemptions: ['编号', '奖励', '积分', '状态', '兑换人', '地点', '兑换时间', '核销时间', '有效期至'],
  ledger: ['时间', '用户', '变动', '类型', '原因', '变动后余额'],
};

export async function exportCsv(db: Db, caller: Caller, p: ExportPayload, now = new Date()): Promise<ExportResult> {
  const s = scopeFor(caller, p, now);
  const pages = exportPages(db, s);
  const names = new Map((await regionsRepo(db).listAll()).map((r) => [r._id, r.name]));
  const region = (id: unknown) => (typeof id === 'string' ? names.get(id) ?? id : '');
  const chunks: string[] = [CSV_BOM, csvRow(HEADERS[p.kind])];
  let rows = 0;
  const push = (values: unknown[]) => {
    chunks.push(csvRow(values));
    rows++;
  };

  if (p.kind === 'reports') {
    for await (const page of pages.reports()) {
      const reporters = await usersRepo(db).names(page.map((r) => r.reporter));
      for (const r of page) {
        push([r._id, r.kind === 'volunteer' ? '志愿服务' : '随手拍', r.categoryName, (STATUS_LABELS[r.status as keyof typeof STATUS_LABELS] ? statusLabel(r.status as keyof typeof STATUS_LABELS, r.kind === 'volunteer' ? 'volunteer' : 'issue') : r.status), r.description, r.address, region(r.communityId), region(r.gridId), maskedName(reporters[r.reporter] ?? ''), r.createdAt, r.dueAt, r.rating?.score ?? '', r.rating ? (r.rating.fixed ? '已解决' : '未解决') : '', r.hours ?? '', r.points ?? 0]);
      }
    }
  } else if (p.kind === 'places') {
    for await (const page of pages.places()) {
      for (const pl of page) {
        const [lng, lat] = pl.location?.coordinates ?? [pl.location?.longitude, pl.location?.latitude];
        push([pl._id, pl.name, PLACE_TYPE_LABELS[pl.type as 'merchant'] ?? pl.type, PLACE_STATUS_LABELS[pl.status as 'approved'] ?? pl.status, region(pl.communityId), pl.address, pl.phone, (pl.services ?? []).join(' '), lng, lat, pl.createdAt]);
      }
    }
  } else if (p.kind === 'redemptions') {
    for await (const page of pages.redemptions()) {
      for (const r of page) push([r._id, r.title, r.cost, REDEMPTION_STATUS_LABELS[r.status as 'issued'] ?? r.status, maskedName(r.holderName ?? ''), r.placeName, r.createdAt, r.fulfilledAt, r.expiresAt]);
    }
  } else {
    // The ledger has no community: people in scope first (in pages), then their entries.
    const people = s.communities ? pages.people() : null;
    const write = async (openids: string[] | null, nameOf: Map<string, string>) => {
      for await (const page of pages.ledger(openids)) {
        for (const e of page) push([e.at, maskedName(nameOf.get(e.openid) ?? ''), e.delta, LEDGER_KIND_LABELS[e.kind as 'award'] ?? e.kind, e.reason, e.balanceAfter]);
      }
    };
    if (people) {
      for await (const group of people) await write(group.map((u) => u._id), new Map(group.map((u) => [u._id, u.profile?.name ?? ''])));
    } else {
      const all = new Map<string, string>();
      for await (const group of pages.people()) for (const u of group) all.set(u._id, u.profile?.name ?? '');
      await write(null, all);
    }
  }

  // Beijing time, as every time on screen: an export made at 08:30 is not named 0030.
  const stamp = shanghaiStamp(now);
  const fileName = `${EXPORT_LABELS[p.kind]}-${stamp}.csv`;
  const { fileID, url, record } = await storeExport({ openid: caller.openid, kind: p.kind, fileName: `${p.kind}-${stamp}.csv`, content: Buffer.from(chunks.join(''), 'utf8'), now });
  await inTransaction(db, async (tx) => {
    await txRecordExport(tx, record);
    await appendAudit(tx, { actor: caller.openid, action: 'stats.export', target: { type: 'export', id: p.kind }, before: null, after: { kind: p.kind, rows, communities: s.communities, from: s.from, to: s.to, fileID }, at: now });
  }).catch(async (err) => {
    await dropExport(fileID);
    throw err;
  });
  return { fileID, url, fileName, rows };
}
