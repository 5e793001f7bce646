// WeChat open APIs reached through CloudBase (`callWxOpenApi`; each function lists the APIs it uses
// under permissions.openapi in its config.json). Locally the emulator answers them.
import { getApp } from '../runtime/app';
import { tempUrls } from './files';

export type Verdict = 'pass' | 'review' | 'risky';

/** msgSecCheck 2.0 scenes. */
export const SCENE = { profile: 1, comment: 2, forum: 3, social: 4 } as const;
export type Scene = (typeof SCENE)[keyof typeof SCENE];

interface WxResult {
  errcode?: number;
  errmsg?: string;
  trace_id?: string;
  result?: { suggest?: string; label?: number };
}

async function callOpenApi(apiName: string, requestData: Record<string, unknown>): Promise<WxResult> {
  const res = (await getApp().callWxOpenApi({ apiName, requestData })) as { result?: unknown; code?: string; message?: string };
  if (res.code) return { errcode: -1, errmsg: `${res.code}: ${res.message ?? ''}` };
  return (typeof res.result === 'object' && res.result ? res.result : {}) as WxResult;
}

const MAX_CHECK_CHARS = 2500;
const SEVERITY: Record<Verdict, number> = { pass: 0, review: 1, risky: 2 };

/**
 * Checks user text before anyone else sees it (msgSecCheck 2.0: errcode 0 even for risky text, the
 * verdict is result.suggest). Long text is checked in pieces and the worst verdict wins. When the
 * check cannot answer (quota, the user not active in the last 2 hours), the text is held for review
 * rather than shown unchecked.
 */
export async function checkText(input: { openid: string; scene: Scene; content: string }): Promise<{ verdict: Verdict; label?: number }> {
  const text = input.content.trim();
  if (!text) return { verdict: 'pass' };
  let worst: { verdict: Verdict; label?: number } = { verdict: 'pass' };
  for (let i = 0; i < text.length; i += MAX_CHECK_CHARS) {
    const r = await callOpenApi('security.msgSecCheck', { version: 2, openid: input.openid, scene: input.scene, content: text.slice(i, i + MAX_CHECK_CHARS) });
    const suggest = r.errcode === 0 ? (r.result?.suggest as Verdict | undefined) : undefined;
    const verdict: Verdict = suggest && suggest in SEVERITY ? suggest : 'review';
    if (SEVERITY[verdict] > SEVERITY[worst.verdict]) worst = { verdict, label: r.result?.label };
    if (worst.verdict === 'risky') break;
  }
  return worst;
}

/**
 * Asks for an asynchronous image check (mediaCheckAsync 2.0). The verdict is pushed later to the
 * message-push function with the same trace id; until then the image counts as pending. Returns
 * null when the request itself was refused, so the caller keeps the image pending for staff review.
 */
export async function requestImageCheck(input: { openid: string; scene: Scene; fileID: string }): Promise<{ traceId: string } | null> {
  // A partner's photo (Open311 media_url) is a link WeChat fetches itself; a stored file gets a temp URL.
  const url = /^https?:\/\//i.test(input.fileID) ? input.fileID : (await tempUrls([input.fileID]))[input.fileID];
  if (!url) return null;
  const r = await callOpenApi('security.mediaCheckAsync', { version: 2, openid: input.openid, scene: input.scene, media_type: 2, media_url: url });
  return r.errcode === 0 && r.trace_id ? { traceId: r.trace_id } : null;
}

/**
 * Sends a subscribe message; best effort by design: a user who did not subscribe (errcode 43101)
 * or a template change must never fail the action that triggered it. Returns whether it was sent.
 */
export async function sendSubscribeMessage(input: { touser: string; templateId: string; page: string; data: Record<string, { value: string }> }): Promise<boolean> {
  if (!input.templateId) return false;
  try {
    const r = await callOpenApi('subscribeMessage.send', { touser: input.touser, template_id: input.templateId, page: input.page, data: input.data, miniprogram_state: 'formal', lang: 'zh_CN' });
    return r.errcode === 0;
  } catch {
    return false;
  }
}
