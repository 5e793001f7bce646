import type { TemplateKey } from '../contracts/snapshot';
import { shanghaiDateTime } from '../isomorphic/time';
import type { ReportDoc } from './report';
import { STATUS_LABELS, type TransitionAction } from './report-lifecycle';

/** One in-app message (the 消息 list). Other modules may write their own kinds. */
export interface MessageDoc {
  _id: string;
  openid: string;
  kind: 'report' | 'system';
  title: string;
  body: string;
  reportId: string | null;
  read: boolean;
  createdAt: Date;
}

export interface TransitionFacts {
  /** Points actually paid (after the daily cap), for accept / verify. */
  points?: number;
  /** The name of the staff member or grid worker acting. */
  actorName: string;
  reason?: string;
  comment?: string;
  assigneeName?: string;
}

/** Who hears about a transition, and what they read. The reporter always does; the grid worker when work lands on them. */
export function messagesFor(report: ReportDoc, action: TransitionAction, facts: TransitionFacts, now: Date): MessageDoc[] {
  const seq = report.timeline.length;
  const title = report.kind === 'volunteer' ? `志愿服务「${report.activity}」` : `随手拍「${report.categoryName}」`;
  const msg = (openid: string, suffix: string, head: string, body: string): MessageDoc => ({
    _id: `m-${report._id}-${seq}-${suffix}`,
    openid,
    kind: 'report',
    title: head,
    body: body.slice(0, 200),
    reportId: report._id,
    read: false,
    createdAt: now,
  });
  const toReporter = (head: string, body: string) => msg(report.reporter, 'r', head, body);
  const where = report.address ? `（${report.address}）` : '';
  switch (action) {
    case 'accept':
      return [toReporter(`${title}已受理`, `${report.route.communityName || '街道'}已受理你的上报${where}${facts.points ? `，获得 ${facts.points} 积分` : ''}。感谢你做城市的“流动哨兵”！`)];
    case 'reject':
      return [toReporter(`${title}未通过审核`, `原因：${facts.reason ?? '未说明'}`)];
    case 'duplicate':
      return [toReporter(`${title}与已有上报重复`, `这个问题已有人上报，社区会一并处理。${facts.reason ? `说明：${facts.reason}` : ''}`)];
    case 'verify':
      return [toReporter(`${title}已认定`, `服务时长 ${report.hours ?? 0} 小时已认定${facts.points ? `，获得 ${facts.points} 积分` : ''}。谢谢你的付出！`)];
    case 'dispatch': {
      const out = [toReporter(`${title}已派单`, `已派给网格员${facts.assigneeName ?? ''}处理${where}。`)];
      if (report.assignee) out.push(msg(report.assignee, 'a', '新的待办工单', `${report.categoryName}${where}：${report.description}`));
      return out;
    }
    case 'resolve':
      return [toReporter(`${title}已处理完成`, `网格员${facts.actorName}已处理完成，请查看处理结果并评价。`)];
    case 'close':
      return [toReporter(`${title}已办结`, '感谢你的评价，这条上报已办结。')];
    case 'reopen': {
      const out = [toReporter(`${title}已退回重新处理`, '你反馈问题未解决，已退回网格员重新处理。')];
      if (report.assignee) out.push(msg(report.assignee, 'a', '工单被退回', `上报人反馈「${report.categoryName}」未解决${facts.comment ? `：${facts.comment}` : ''}${where}`));
      return out;
    }
  }
}

/** Which subscribe-message template announces a transition to the reporter (their own steps announce nothing). */
export function templateFor(action: TransitionAction): TemplateKey | null {
  switch (action) {
    case 'accept':
    case 'reject':
    case 'duplicate':
    case 'verify':
      return 'review';
    case 'dispatch':
      return 'progress';
    case 'resolve':
      return 'resolved';
    default:
      return null;
  }
}

/** Subscribe messages cut `thing` values at 20 characters and `phrase` at 5. */
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);


/**
 * The template data. Keys follow the keywords of the templates configured in SUBSCRIBE_TEMPLATES
 * (事项 thing1, 状态 phrase2, 时间 time3, 备注 thing4): pick templates with these keywords.
 */
export function subscribeData(report: ReportDoc, note: string, now: Date): Record<string, { value: string }> {
  return {
    thing1: { value: cut(report.kind === 'volunteer' ? `志愿服务 ${report.activity}` : report.categoryName, 20) },
    phrase2: { value: cut(STATUS_LABELS[report.status], 5) },
    time3: { value: shanghaiDateTime(now) },
    thing4: { value: cut(note || '点击查看详情', 20) },
  };
}

/**
 * Subscribe-message template ids, from SUBSCRIBE_TEMPLATES ("review=<id>,progress=<id>,resolved=<id>",
 * set in cloudbaserc.json per environment). Until real ids are configured the placeholders stand in:
 * WeChat refuses them (best effort, nothing fails) and the emulator records them in its outbox.
 */
export const TEMPLATE_PLACEHOLDERS: Record<TemplateKey, string> = {
  review: 'TEMPLATE_ID_REVIEW',
  progress: 'TEMPLATE_ID_PROGRESS',
  resolved: 'TEMPLATE_ID_RESOLVED',
};

export function templateIds(env: string | undefined): Record<TemplateKey, string> {
  const out = { ...TEMPLATE_PLACEHOLDERS };
  for (const pair of (env ?? '').split(',')) {
    const [k, v] = pair.split('=').map((s) => s.trim());
    if (v && (k === 'review' || k === 'progress' || k === 'resolved')) out[k] = v;
  }
  return out;
}
