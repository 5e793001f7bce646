// WeChat open APIs (云调用), the documented way: wx-server-sdk's `cloud.openapi.<category>.<method>`,
// which the platform authorizes per function from `permissions.openapi` in its config.json (an API
// missing there fails with -604101). This file is the only one that knows which SDK answers: the
// database and storage stay on @cloudbase/node-sdk (runtime/app.ts). wx-server-sdk finds its
// environment, endpoint and credentials in what the runtime injects (TCB_ENV, TCB_CONTEXT_CNFG,
// TENCENTCLOUD_SECRETID…, WX_API_TOKEN), so the same code talks to CloudBase or the local emulator.
import type WxServerSdk from 'wx-server-sdk';
import { tempUrls } from './files';

export type Verdict = 'pass' | 'review' | 'risky';

/** msgSecCheck 2.0 scenes. */
export const SCENE = { profile: 1, comment: 2, forum: 3, social: 4 } as const;
export type Scene = (typeof SCENE)[keyof typeof SCENE];

let cloud: typeof WxServerSdk | undefined;
/**
 * cloud.openapi, initialized once per warm instance for the function's own environment. Loaded on
 * first use: most actions never call an open API, and a cold instance should not pay for the SDK then.
 */
function openapi(): Record<string, Record<string, (data: Record<string, unknown>) => Promise<Record<string, unknown>>>> {
  if (!cloud) {
    cloud = require('wx-server-sdk') as typeof WxServerSdk;
    // DYNAMIC_CURRENT_ENV: the environment the function runs in (its typings predate the symbol).
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  }
  return cloud.openapi as ReturnType<typeof openapi>;
}

const MAX_CHECK_CHARS = 2500;
const SEVERITY: Record<Verdict, number> = { pass: 0, review: 1, risky: 2 };

/** One msgSecCheck 2.0 call. In 2.0 the call succeeds even for risky text: the verdict is result.suggest. */
async function checkPiece(openid: string, scene: Scene, content: string): Promise<{ verdict: Verdict; label?: number }> {
  try {
    const r = (await openapi().security.msgSecCheck({ version: 2, openid, scene, content })) as { result?: { suggest?: string; label?: number } };
    const suggest = r.result?.suggest as Verdict | undefined;
    return suggest && suggest in SEVERITY ? { verdict: suggest, label: r.result?.label } : { verdict: 'review' };
  } catch {
    // The check could not answer (quota, the user not active in the last 2 hours, a network or
    // platform error): hold the text for a person to read rather than fail the user's action or
    // show it unchecked.
    return { verdict: 'review' };
  }
}

/**
 * Checks user text before anyone else sees it. Long text is checked in pieces and the worst verdict
 * wins. Never throws: a check that cannot answer counts as `review` (held back from others).
 */
export async function checkText(input: { openid: string; scene: Scene; content: string }): Promise<{ verdict: Verdict; label?: number }> {
  const text = input.content.trim();
  if (!text) return { verdict: 'pass' };
  let worst: { verdict: Verdict; label?: number } = { verdict: 'pass' };
  for (let i = 0; i < text.length; i += MAX_CHECK_CHARS) {
    const r = await checkPiece(input.openid, input.scene, text.slice(i, i + MAX_CHECK_CHARS));
    if (SEVERITY[r.verdict] > SEVERITY[worst.verdict]) worst = r;
    if (worst.verdict === 'risky') break;
  }
  return worst;
}

/**
 * Asks for an asynchronous image check (mediaCheckAsync 2.0). The verdict is pushed later to the
 * message-push function with the same trace id; until then the image counts as pending. Returns
 * null when the request itself failed, so the caller keeps the image pending for staff review.
 */
export async function requestImageCheck(input: { openid: string; scene: Scene; fileID: string }): Promise<{ traceId: string } | null> {
  try {
    // A partner's photo (Open311 media_url) is a link WeChat fetches itself; a stored file gets a temp URL.
    const url = /^https?:\/\//i.test(input.fileID) ? input.fileID : (await tempUrls([input.fileID]))[input.fileID];
    if (!url) return null;
    const r = (await openapi().security.mediaCheckAsync({ version: 2, openid: input.openid, scene: input.scene, mediaType: 2, mediaUrl: url })) as { traceId?: string };
    return r.traceId ? { traceId: r.traceId } : null;
  } catch {
    return null;
  }
}

/**
 * Sends a subscribe message; best effort by design: a user who did not subscribe (errcode 43101)
 * or a template change must never fail the action that triggered it. Returns whether it was sent.
 */
export async function sendSubscribeMessage(input: { touser: string; templateId: string; page: string; data: Record<string, { value: string }> }): Promise<boolean> {
  if (!input.templateId) return false;
  try {
    await openapi().subscribeMessage.send({ touser: input.touser, templateId: input.templateId, page: input.page, data: input.data, miniprogramState: 'formal', lang: 'zh_CN' });
    return true;
  } catch {
    return false;
  }
}
