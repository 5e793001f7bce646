// Demo 随手拍: reports and volunteer records in every state of the lifecycle, with drawn photos,
// timelines, ratings and the in-app messages each step sent. The accepted reports and verified
// volunteer records are the ones whose points the points seed paid (award:seed-report-<n>,
// volunteer:seed-volunteer-<n>), so balance = sum(ledger) holds. Fixed ids; only missing ones are added.
import type tcb from '@cloudbase/node-sdk';
import { DEFAULT_CATEGORIES } from '../../cloudfunctions/shared/domain/categories';
import { messagesFor, type MessageDoc } from '../../cloudfunctions/shared/domain/messages';
import { dueAtFor, uploadDirFor, type ReportDoc, type StoredPhoto, type TimelineEntry } from '../../cloudfunctions/shared/domain/report';
import { mediaPathFor } from '../../cloudfunctions/shared/domain/uploads';
import { TRANSITIONS, type TransitionAction } from '../../cloudfunctions/shared/domain/report-lifecycle';
import { routeLocation, type RoutingRegion } from '../../cloudfunctions/shared/domain/routing';
import { DEFAULT_POINTS_RULES } from '../../cloudfunctions/shared/domain/points';
import { shanghaiDay } from '../../cloudfunctions/shared/isomorphic/time';
import { DEMO_ACCOUNTS } from './accounts';
import { districtRegions } from './district';
import { scenePng } from './report-photos';

type App = ReturnType<typeof tcb.init>;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

type Step =
  | { action: 'accept' | 'verify'; h: number }
  | { action: 'reject'; h: number; reason: string }
  | { action: 'duplicate'; h: number; of: string; reason?: string }
  | { action: 'dispatch'; h: number; note?: string }
  | { action: 'resolve'; h: number; note: string }
  | { action: 'close' | 'reopen'; h: number; score: number; comment?: string };

interface Spec {
  id: string;
  reporter: string;
  category: string;
  /** Days before now the report was filed (at 09:00 + n minutes Shanghai, or earlier today). */
  daysAgo: number;
  description: string;
  address: string;
  lng: number;
  lat: number;
  photos?: number;
  hours?: number;
  activity?: string;
  placeId?: string;
  meToo?: number;
  steps: Step[];
}

const STAFF = 'demo-staff-1';
const GRID = 'demo-gridworker-1';

// Points must equal what the points seed paid: the category's points for awards, hours × 10 for volunteers.
const SPECS: Spec[] = [
  // 李明 (demo-worker-1)
  { id: 'seed-report-101', reporter: 'demo-worker-1', category: 'manhole', daysAgo: 48, description: '荷城路与民主路路口东侧井盖不见了，晚上很危险，已经有电动车差点掉进去。', address: '荷城路与民主路路口东侧', lng: 109.5785, lat: 23.1085, photos: 2, steps: [{ action: 'accept', h: 1 }, { action: 'dispatch', h: 1.5, note: '请尽快设置围挡' }, { action: 'resolve', h: 20, note: '已更换新井盖并加装防坠网。' }, { action: 'close', h: 30, score: 5, comment: '第二天就修好了，点赞！' }] },
  { id: 'seed-report-102', reporter: 'demo-worker-1', category: 'road_damage', daysAgo: 40, description: '荷城西路 60 号门口路面塌了一个坑，下雨积水看不出来。', address: '荷城西路 60 号门口', lng: 109.5702, lat: 23.1052, steps: [{ action: 'accept', h: 2 }, { action: 'dispatch', h: 3 }, { action: 'resolve', h: 50, note: '已联系市政用沥青填补。' }, { action: 'close', h: 60, score: 4 }] },
  { id: 'seed-report-103', reporter: 'demo-worker-1', category: 'fire_hazard', daysAgo: 26, description: '荷城市场二楼楼道堆满纸箱，把消防通道堵死了。', address: '荷城市场二楼东侧楼道', lng: 109.5852, lat: 23.1122, photos: 1, steps: [{ action: 'accept', h: 0.5 }, { action: 'dispatch', h: 1 }, { action: 'resolve', h: 8, note: '已督促商户清理，并张贴消防通道禁止堆放提示。' }, { action: 'close', h: 12, score: 5, comment: '通道已经清出来了' }] },
  { id: 'seed-report-104', reporter: 'demo-worker-1', category: 'need_help', daysAgo: 19, description: '荷城北路公交站有位老人迷路了，说不清家在哪里，我先陪着他。', address: '荷城北路公交站', lng: 109.5771, lat: 23.1185, photos: 0, steps: [{ action: 'accept', h: 0.2 }, { action: 'dispatch', h: 0.3, note: '请马上过去' }, { action: 'resolve', h: 1.5, note: '已联系派出所和家属，老人已平安到家。' }, { action: 'close', h: 3, score: 5, comment: '谢谢网格员' }] },
  { id: 'seed-report-105', reporter: 'demo-worker-1', category: 'streetlight', daysAgo: 9, description: '荷城路 216 号到市场东门这一段路灯一直不亮，晚上送单看不清路。', address: '荷城路 216 号至荷城市场东门', lng: 109.5838, lat: 23.1135, photos: 1, steps: [{ action: 'accept', h: 3 }, { action: 'dispatch', h: 4 }, { action: 'resolve', h: 190, note: '已报修供电部门，更换了两盏灯的镇流器。' }] },
  { id: 'seed-report-106', reporter: 'demo-worker-1', category: 'traffic_hazard', daysAgo: 3, description: '荷城小学门口的斑马线基本看不见了，早上接送孩子车很多。', address: '荷城小学正门', lng: 109.5744, lat: 23.1163, photos: 1, meToo: 2, steps: [{ action: 'accept', h: 2 }, { action: 'dispatch', h: 5, note: '请协调交警重新划线' }] },
  { id: 'seed-report-107', reporter: 'demo-worker-1', category: 'garbage', daysAgo: 0, description: '民主路 41 号旁边的空地有人偷倒建筑垃圾，越堆越多。', address: '民主路 41 号旁空地', lng: 109.5812, lat: 23.1109, photos: 2, meToo: 1, steps: [{ action: 'accept', h: 1 }] },
  { id: 'seed-report-108', reporter: 'demo-worker-1', category: 'occupation', daysAgo: 0, description: '荷城路 130 号药店门口有流动摊贩占了半条非机动车道。', address: '荷城路 130 号门口', lng: 109.5889, lat: 23.1072, photos: 1, steps: [] },
  { id: 'seed-report-109', reporter: 'demo-worker-1', category: 'other', daysAgo: 5, description: '这里的共享单车太多了。', address: '荷城广场', lng: 109.5818, lat: 23.1209, photos: 0, steps: [{ action: 'reject', h: 4, reason: '描述不够具体，请说明具体位置和影响，并补充现场照片后重新上报。' }] },
  { id: 'seed-volunteer-1', reporter: 'demo-worker-1', category: 'vol_traffic', daysAgo: 33, activity: '交通劝导', hours: 3, description: '早高峰在荷城路口协助交警劝导电动车不闯红灯。', address: '荷城路口', lng: 109.5795, lat: 23.1092, photos: 1, steps: [{ action: 'verify', h: 6 }] },
  { id: 'seed-volunteer-2', reporter: 'demo-worker-1', category: 'vol_emergency', daysAgo: 12, activity: '应急救助', hours: 4, description: '暴雨后协助社区清理荷城西路积水，疏通两个下水口。', address: '荷城西路', lng: 109.5699, lat: 23.1049, photos: 1, steps: [{ action: 'verify', h: 5 }] },
  { id: 'seed-volunteer-3', reporter: 'demo-worker-1', category: 'vol_elderly', daysAgo: 1, activity: '助老助残', hours: 2, description: '给荷城社区 3 位独居老人送午餐，顺便帮忙换了灯泡。', address: '荷城社区', lng: 109.5801, lat: 23.1121, photos: 1, steps: [{ action: 'verify', h: 2 }] },
  // 王芳 (demo-worker-2)
  { id: 'seed-report-201', reporter: 'demo-worker-2', category: 'occupation', daysAgo: 20, description: '荷城路 175 号螺蛳粉店门口长期停满汽车，电动车只能走机动车道。', address: '荷城路 175 号', lng: 109.5866, lat: 23.1098, photos: 1, steps: [{ action: 'accept', h: 2 }, { action: 'dispatch', h: 3 }, { action: 'resolve', h: 26, note: '已劝离并设置隔离桩。' }, { action: 'close', h: 40, score: 4 }] },
  { id: 'seed-report-202', reporter: 'demo-worker-2', category: 'road_damage', daysAgo: 4, description: '荷城北路 33 号米粉店前路面裂开一条长缝，骑车颠得厉害。', address: '荷城北路 33 号', lng: 109.5768, lat: 23.1182, photos: 1, steps: [{ action: 'accept', h: 1 }, { action: 'dispatch', h: 2 }, { action: 'resolve', h: 30, note: '已临时用冷补料修补。' }, { action: 'reopen', h: 50, score: 2, comment: '下了一场雨又裂开了，还是很颠。' }] },
  { id: 'seed-report-203', reporter: 'demo-worker-2', category: 'facility', daysAgo: 1, description: '荷城路公交站的座椅断了一块木板，有钉子露出来。', address: '荷城路公交站（往火车站方向）', lng: 109.5826, lat: 23.1068, photos: 1, steps: [{ action: 'accept', h: 3 }] },
  { id: 'seed-report-204', reporter: 'demo-worker-2', category: 'place_feedback', daysAgo: 2, description: '店门口写着骑手免费喝水，中午去的时候店员说没有了，希望能保证供应。', address: '港北区荷城路 102 号', lng: 109.5921, lat: 23.1049, photos: 0, placeId: 'place-demo-merchant-1', steps: [] },
  { id: 'seed-report-205', reporter: 'demo-worker-2', category: 'garbage', daysAgo: 0, description: '民主路那块空地又有人倒垃圾了。', address: '民主路 41 号附近', lng: 109.5813, lat: 23.1111, photos: 1, steps: [{ action: 'duplicate', h: 1, of: 'seed-report-107', reason: '已在处理同一处垃圾堆放' }] },
  { id: 'seed-volunteer-4', reporter: 'demo-worker-2', category: 'vol_civic', daysAgo: 14, activity: '文明宣传', hours: 5, description: '在石羊塘街发放文明骑行宣传单，讲解头盔佩戴。', address: '石羊塘街', lng: 109.6105, lat: 23.1046, photos: 1, steps: [{ action: 'verify', h: 24 }] },
  // 张伟 (demo-worker-3)
  { id: 'seed-report-301', reporter: 'demo-worker-3', category: 'manhole', daysAgo: 16, description: '荷城西路 150 号药店门前的雨水井盖破了一半。', address: '荷城西路 150 号门前', lng: 109.5677, lat: 23.1137, photos: 1, steps: [{ action: 'accept', h: 1 }, { action: 'dispatch', h: 2 }, { action: 'resolve', h: 10, note: '已更换井盖。' }, { action: 'close', h: 20, score: 5 }] },
  { id: 'seed-report-302', reporter: 'demo-worker-3', category: 'streetlight', daysAgo: 2, description: '荷城广场停车场入口的路灯闪个不停。', address: '荷城广场停车场入口', lng: 109.5815, lat: 23.1205, photos: 1, steps: [{ action: 'accept', h: 2 }, { action: 'dispatch', h: 3 }, { action: 'resolve', h: 30, note: '更换了灯管，晚上复查已正常。' }] },
  { id: 'seed-report-303', reporter: 'demo-worker-3', category: 'road_damage', daysAgo: 4, description: '港宁物流园北门出口的路面坑洼很多，货车一过尘土飞扬。', address: '港宁路 178 号物流园北门', lng: 109.5738, lat: 23.0843, photos: 2, steps: [] },
  // 刘洋 (demo-worker-4)
  { id: 'seed-report-401', reporter: 'demo-worker-4', category: 'traffic_hazard', daysAgo: 30, description: '荷城路口的红绿灯被树枝挡住了，开车到跟前才看到。', address: '荷城路与荷城西路交叉口', lng: 109.5732, lat: 23.1061, photos: 1, steps: [{ action: 'accept', h: 2 }, { action: 'dispatch', h: 3 }, { action: 'resolve', h: 24, note: '已协调园林部门修剪树枝。' }, { action: 'close', h: 30, score: 5 }] },
  { id: 'seed-report-402', reporter: 'demo-worker-4', category: 'fire_hazard', daysAgo: 2, description: '荷城北路一栋居民楼下有人私拉电线给电动车充电，线就挂在楼道窗外。', address: '荷城北路 58 号楼下', lng: 109.5759, lat: 23.1201, photos: 1, steps: [{ action: 'accept', h: 1 }, { action: 'dispatch', h: 2, note: '请联系物业一起处理' }] },
  { id: 'seed-report-403', reporter: 'demo-worker-4', category: 'facility', daysAgo: 1, description: '城郊公路 K3 处的护栏被撞倒了一段，晚上开车很危险。', address: '港北区城郊公路 K3 附近', lng: 109.7, lat: 23.1, photos: 1, steps: [] },
  { id: 'seed-volunteer-5', reporter: 'demo-worker-4', category: 'vol_elderly', daysAgo: 22, activity: '助老助残', hours: 6, description: '高考期间参加网约车爱心送考，免费接送考生 9 人次。', address: '港北区各考点', lng: 109.5905, lat: 23.1045, photos: 1, steps: [{ action: 'verify', h: 24 }] },
  { id: 'seed-volunteer-7', reporter: 'demo-worker-4', category: 'vol_traffic', daysAgo: 1, activity: '交通劝导', hours: 2, description: '晚高峰在荷城路口协助疏导网约车临时停靠。', address: '荷城路口', lng: 109.5794, lat: 23.1091, photos: 1, steps: [] },
  // 陈静 (demo-worker-5)
  { id: 'seed-report-501', reporter: 'demo-worker-5', category: 'need_help', daysAgo: 15, description: '荷城市场门口有位外卖小哥摔伤了腿，需要人帮忙。', address: '荷城市场南门', lng: 109.5849, lat: 23.1115, photos: 0, steps: [{ action: 'accept', h: 0.2 }, { action: 'dispatch', h: 0.3 }, { action: 'resolve', h: 1, note: '已送往社区卫生服务站包扎，无大碍。' }, { action: 'close', h: 3, score: 5, comment: '社区反应很快' }] },
  { id: 'seed-report-502', reporter: 'demo-worker-5', category: 'road_damage', daysAgo: 6, description: '荷城西路 9 号修车铺门口的路面下沉了。', address: '荷城西路 9 号', lng: 109.5803, lat: 23.1057, photos: 1, steps: [{ action: 'accept', h: 2 }, { action: 'dispatch', h: 3 }, { action: 'resolve', h: 48, note: '已重新铺设路面。' }, { action: 'close', h: 70, score: 4 }] },
  { id: 'seed-report-503', reporter: 'demo-worker-5', category: 'manhole', daysAgo: 1, description: '荷城北路 33 号旁边的污水井盖松动，一踩就翻。', address: '荷城北路 33 号旁', lng: 109.5766, lat: 23.1179, photos: 1, steps: [{ action: 'accept', h: 1 }, { action: 'dispatch', h: 1.5 }] },
  { id: 'seed-volunteer-6', reporter: 'demo-worker-5', category: 'vol_civic', daysAgo: 28, activity: '文明宣传', hours: 3, description: '在快递员安全培训上当助教，演示电动车安全检查。', address: '港城街道党群服务中心', lng: 109.5976, lat: 23.1018, photos: 1, steps: [{ action: 'verify', h: 24 }] },
  { id: 'seed-volunteer-8', reporter: 'demo-worker-5', category: 'vol_clean', daysAgo: 3, activity: '环境清洁', hours: 4, description: '清理河边垃圾。', address: '荷城河边', lng: 109.5712, lat: 23.1176, photos: 0, steps: [{ action: 'reject', h: 20, reason: '没有现场照片，也没有组织方证明，暂不能认定，请补充后重新提交。' }] },
];

const nameOf = (openid: string) => DEMO_ACCOUNTS.find((a) => a.openid === openid)?.name ?? '';

/** 09:00 Shanghai on the day, plus a few minutes per report so lists have a stable order; never in the future. */
function filedAt(now: Date, daysAgo: number, i: number): Date {
  const day = shanghaiDay(new Date(now.getTime() - daysAgo * DAY));
  const at = new Date(`${day}T09:${String((i * 7) % 60).padStart(2, '0')}:00+08:00`);
  return at.getTime() < now.getTime() - 30 * 60_000 ? at : new Date(now.getTime() - (4 + i) * 60 * 60_000 / 8);
}

function routingRegions(): RoutingRegion[] {
  return districtRegions().map((r) => ({ id: r._id, level: r.level, name: r.name, parentId: r.parentId, geometry: r.geometry as RoutingRegion['geometry'], center: r.center?.coordinates }));
}

interface Built {
  report: ReportDoc;
  messages: MessageDoc[];
  photos: Array<{ cloudPath: string; scene: string }>;
}

/** Stands in for the fileID until the photo is uploaded (storage decides the real one). */
const PENDING = 'pending-upload:';
const fileIdFor = (cloudPath: string) => `${PENDING}${cloudPath}`;

function build(spec: Spec, i: number, now: Date, regions: RoutingRegion[], placeNames: Record<string, { name: string; owner: string | null; communityId: string }>): Built {
  const category = DEFAULT_CATEGORIES.find((c) => c.code === spec.category)!;
  const created = filedAt(now, spec.daysAgo, i);
  const dir = uploadDirFor(spec.reporter);
  const photos: Built['photos'] = [];
  const photoCount = spec.photos ?? 1;
  const stored: StoredPhoto[] = [];
  for (let n = 0; n < photoCount; n++) {
    // As submitted: moved by the function out of the reporter's upload directory.
    const cloudPath = mediaPathFor(`${dir}/${spec.id}-${n + 1}.png`);
    photos.push({ cloudPath, scene: spec.category });
    stored.push({ fileID: fileIdFor(cloudPath), check: 'approved' });
  }
  const place = spec.placeId ? placeNames[spec.placeId] : undefined;
  let route = routeLocation(spec.lng, spec.lat, regions);
  if (place) {
    const community = regions.find((r) => r.id === place.communityId);
    route = { ...route, level: 'community', gridId: null, gridName: '', communityId: place.communityId, communityName: community?.name ?? '' };
  }
  let report: ReportDoc = {
    _id: spec.id,
    kind: category.kind,
    category: category.code,
    categoryName: category.name,
    status: 'submitted',
    description: spec.description,
    textCheck: 'pass',
    photos: stored,
    location: { type: 'Point', coordinates: [spec.lng, spec.lat] },
    coords: { lat: spec.lat, lng: spec.lng },
    address: spec.address,
    placeId: spec.placeId ?? null,
    placeName: place?.name ?? '',
    placeOwner: place?.owner ?? null,
    hours: spec.hours ?? null,
    activity: spec.activity ?? '',
    reporter: spec.reporter,
    route,
    communityId: route.communityId,
    gridId: route.gridId,
    districtId: route.districtId,
    assignee: null,
    assigneeName: '',
    meTooCount: spec.meToo ?? 0,
    reward: category.kind === 'issue' ? category.points : 0,
    points: 0,
    slaHours: category.slaHours,
    dueAt: dueAtFor(created, category.slaHours),
    resolution: null,
    rating: null,
    rejectReason: '',
    duplicateOf: null,
    timeline: [{ at: created, action: 'submit', status: 'submitted', actor: { openid: spec.reporter, role: 'reporter', name: nameOf(spec.reporter) }, note: '' }],
    notify: {},
    requestId: `seed-${spec.id}`,
    day: shanghaiDay(created),
    createdAt: created,
    updatedAt: created,
  };
  const messages: MessageDoc[] = [];
  for (const step of spec.steps) {
    const at = new Date(Math.min(created.getTime() + step.h * HOUR, now.getTime() - 60_000));
    const action: TransitionAction = step.action;
    const to = TRANSITIONS[action].to;
    const actor = action === 'resolve' ? GRID : action === 'close' || action === 'reopen' ? spec.reporter : STAFF;
    const role = action === 'resolve' ? 'gridworker' : action === 'close' || action === 'reopen' ? 'reporter' : 'staff';
    let note = '';
    const patch: Partial<ReportDoc> = {};
    const facts: { points?: number; reason?: string; comment?: string; assigneeName?: string } = {};
    if (step.action === 'accept') {
      patch.points = report.reward;
      facts.points = report.reward;
      note = `奖励 ${report.reward} 积分`;
    } else if (step.action === 'verify') {
      const points = Math.round((report.hours ?? 0) * DEFAULT_POINTS_RULES.perVolunteerHour);
      patch.points = points;
      facts.points = points;
      note = `奖励 ${points} 积分`;
    } else if (step.action === 'reject') {
      patch.rejectReason = step.reason;
      facts.reason = step.reason;
      note = step.reason;
    } else if (step.action === 'duplicate') {
      patch.duplicateOf = step.of;
      facts.reason = step.reason;
      note = `与已有上报重复${step.reason ? `：${step.reason}` : ''}`;
    } else if (step.action === 'dispatch') {
      patch.assignee = GRID;
      patch.assigneeName = nameOf(GRID);
      facts.assigneeName = nameOf(GRID);
      note = `派给网格员${nameOf(GRID)}${step.note ? `：${step.note}` : ''}`;
    } else if (step.action === 'resolve') {
      const cloudPath = mediaPathFor(`${uploadDirFor(GRID)}/${spec.id}-after-${report.timeline.length}.png`);
      photos.push({ cloudPath, scene: `${spec.category}_fixed` });
      patch.resolution = { note: step.note, textCheck: 'pass', photos: [{ fileID: fileIdFor(cloudPath), check: 'approved' }], at, by: GRID, byName: nameOf(GRID) };
      note = step.note;
    } else if (step.action === 'close' || step.action === 'reopen') {
      patch.rating = { score: step.score, fixed: step.action === 'close', comment: step.comment ?? '', at };
      facts.comment = step.comment;
      note = `${step.score} 星 · ${step.action === 'close' ? '已解决' : '未解决'}${step.comment ? `：${step.comment}` : ''}`;
      if (step.action === 'reopen') patch.dueAt = dueAtFor(at, report.slaHours);
    }
    const entry: TimelineEntry = { at, action, status: to, actor: { openid: actor, role, name: nameOf(actor) }, note };
    report = { ...report, ...patch, status: to, timeline: [...report.timeline, entry], updatedAt: at };
    // Older news has been read; the last few days' is still waiting in 消息.
    const read = now.getTime() - at.getTime() > 3 * DAY;
    messages.push(...messagesFor(report, action, { actorName: nameOf(actor), ...facts }, at).map((m) => ({ ...m, read })));
  }
  return { report, messages, photos };
}

export function demoReports(now: Date, places: Record<string, { name: string; owner: string | null; communityId: string }> = DEMO_PLACE_REFS): Built[] {
  const regions = routingRegions();
  return SPECS.map((s, i) => build(s, i, now, regions, places));
}

/** The one place a seeded feedback report is about (places.ts: 黄记牛腩粉 of demo-merchant-1). */
const DEMO_PLACE_REFS: Record<string, { name: string; owner: string | null; communityId: string }> = {
  'place-demo-merchant-1': { name: '黄记牛腩粉', owner: 'demo-merchant-1', communityId: 'community-hecheng' },
};

/** Inserts the demo reports (with their photos and messages) whose ids are not there yet. */
export async function seedReports(app: App, now = new Date()): Promise<number> {
  const db = app.database();
  const _ = db.command;
  const built = demoReports(now);
  const res = await db.collection('reports').where({ _id: _.in(built.map((b) => b.report._id)) }).field({ _id: true }).limit(1000).get();
  const have = new Set((res.data as Array<{ _id: string }>).map((d) => d._id));
  let created = 0;
  for (const b of built) {
    if (have.has(b.report._id)) continue;
    const ids = new Map<string, string>();
    for (const p of b.photos) ids.set(`${PENDING}${p.cloudPath}`, (await app.uploadFile({ cloudPath: p.cloudPath, fileContent: scenePng(p.scene) })).fileID);
    const real = (list: StoredPhoto[]) => list.map((ph) => ({ ...ph, fileID: ids.get(ph.fileID) ?? ph.fileID }));
    const report: ReportDoc = { ...b.report, photos: real(b.report.photos), resolution: b.report.resolution ? { ...b.report.resolution, photos: real(b.report.resolution.photos) } : null };
    await db.collection('reports').add({ ...report, location: new db.Geo.Point(report.coords.lng, report.coords.lat) });
    for (const m of b.messages) await db.collection('messages').add(m);
    created += 1 + b.messages.length;
  }
  return created;
}
