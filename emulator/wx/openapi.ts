// WeChat open APIs (云调用) as CloudBase serves them to wx-server-sdk's `cloud.openapi.*`: the
// `wx.openApi` action, a multipart body whose `requestData` is a protobuf CommApiData holding the
// request's fields, answered with a protobuf CommOpenApiResp wrapping WeChat's JSON reply (see
// protobuf.ts and README.md beside this file). Only what the product uses: content security 2.0
// and subscribe messages; the verdicts come from a local checker, so the product's handling of
// pass / review / risky can be exercised offline.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AdminReply, EmulatedDatabase } from '../db';
import type { FunctionRunner } from '../functions';
import { API_TYPE, decodeCommApiData, encodeCommOpenApiResp } from './protobuf';
import type { WxApiTokens } from './tokens';

/**
 * The local text checker: words that WeChat's checker would flag. Deliberately small and obvious
 * (risky: gambling, drugs, weapons, fraud, porn; review: solicitations to move off-platform).
 */
const RISKY: Array<[RegExp, number]> = [
  [/赌博|博彩|赌场|六合彩/, 20006],
  [/毒品|冰毒|大麻|海洛因/, 20006],
  [/枪支|弹药|管制刀具/, 20006],
  [/代开发票|办假证|洗钱|刷单返利/, 20008],
  [/色情|裸聊|约炮/, 20002],
  [/傻逼|操你/, 20003],
];
const REVIEW: Array<[RegExp, number]> = [[/加微信|私聊|扫码领红包/, 10001]];

export function checkTextLocally(content: string): { suggest: 'pass' | 'review' | 'risky'; label: number } {
  for (const [re, label] of RISKY) if (re.test(content)) return { suggest: 'risky', label };
  for (const [re, label] of REVIEW) if (re.test(content)) return { suggest: 'review', label };
  return { suggest: 'pass', label: 100 };
}

/**
 * The local image checker cannot look at pixels; it judges by name so tests can choose the outcome:
 * a file whose path contains `risky` is risky, `review` needs review, anything else passes.
 */
export function checkImageLocally(mediaUrl: string): { suggest: 'pass' | 'review' | 'risky'; label: number } {
  const p = decodeURIComponent(mediaUrl.split('?')[0]).toLowerCase();
  if (p.includes('risky')) return { suggest: 'risky', label: 20002 };
  if (p.includes('review')) return { suggest: 'review', label: 21000 };
  return { suggest: 'pass', label: 100 };
}

export const OUTBOX_COLLECTION = '_outbox';
/** The function the mini-program's message push is configured to (media check verdicts arrive there). */
export const MESSAGE_PUSH_FUNCTION = 'wxmessage';

/** CommOpenApiResp.errorCode when the calling function's config.json does not list the API. */
export const NO_PERMISSION = -604101;

export interface WxOpenApiOptions {
  db: EmulatedDatabase;
  functions: FunctionRunner;
  tokens: WxApiTokens;
  /** Delay before an async media verdict is pushed (WeChat: up to 30 minutes). */
  mediaVerdictDelayMs?: number;
  log?: boolean;
}

/** A `wx.openApi` answer: protobuf bytes on success, a CloudBase JSON error otherwise. */
export type WxOpenApiReply = { protobuf: Buffer } | AdminReply;

export class WxOpenApi {
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly opts: WxOpenApiOptions) {
    opts.db.ensureCollection(OUTBOX_COLLECTION);
  }

  /** The `wx.openApi` action: `body` holds the multipart fields (`requestData` as bytes). */
  async handleOpenApi(body: Record<string, unknown>): Promise<WxOpenApiReply> {
    const apiName = typeof body.apiName === 'string' ? body.apiName : '';
    const fn = this.opts.tokens.functionOf(body.wxCloudApiToken);
    // Outside a cloud function there is no WeChat API token: CloudBase refuses the source.
    if (!fn) return { code: 'INVALID_REQUEST_SOURCE', message: 'wx.openApi is only available inside a cloud function (no WeChat API token)' };
    if (!this.permitted(fn, apiName)) return { protobuf: encodeCommOpenApiResp({ errorCode: NO_PERMISSION }) };
    if (!Buffer.isBuffer(body.requestData)) return { code: 'INVALID_PARAM', message: 'requestData must be a protobuf part' };
    let req: Record<string, unknown>;
    try {
      const data = decodeCommApiData(body.requestData);
      if (data.apiType !== API_TYPE.OPEN_API) return { code: 'INVALID_PARAM', message: `apiType ${data.apiType} is not emulated` };
      // Each field's value is its JSON text (wx-server-sdk JSON-encodes every request field).
      req = Object.fromEntries((data.pairs ?? []).map((p) => [p.key, JSON.parse(p.value.toString('utf8')) as unknown]));
    } catch (err) {
      return { code: 'INVALID_PARAM', message: `requestData is not a CommApiData message: ${(err as Error).message}` };
    }
    const result = await this.call(apiName, req);
    return { protobuf: encodeCommOpenApiResp({ respData: Buffer.from(JSON.stringify(result)), contentType: 'application/json; charset=utf-8', httpCode: 200 }) };
  }

  /** `permissions.openapi` of the calling function's config.json, read per call (deploys change it). */
  private permitted(fn: string, apiName: string): boolean {
    try {
      const config = JSON.parse(readFileSync(path.join(this.opts.functions.functionsDir, fn, 'config.json'), 'utf8')) as { permissions?: { openapi?: unknown } };
      const list = config.permissions?.openapi;
      return Array.isArray(list) && list.includes(apiName);
    } catch {
      return false;
    }
  }

  private async call(apiName: string, req: Record<string, unknown>): Promise<Record<string, unknown>> {
    switch (apiName) {
      case 'security.msgSecCheck': {
        if (req.version !== 2) return { errcode: 40097, errmsg: 'invalid args: only version 2 is emulated' };
        const content = typeof req.content === 'string' ? req.content : '';
        if (!req.openid || !content) return { errcode: 40097, errmsg: 'invalid args: openid and content are required' };
        if (![1, 2, 3, 4].includes(req.scene as number)) return { errcode: 40097, errmsg: 'invalid args: scene must be 1-4' };
        if (content.length > 2500) return { errcode: 87014, errmsg: 'content too long' };
        const verdict = checkTextLocally(content);
        return { errcode: 0, errmsg: 'ok', trace_id: randomUUID(), result: verdict, detail: [{ strategy: 'content_model', errcode: 0, ...verdict, prob: 90 }] };
      }
      case 'security.mediaCheckAsync': {
        const mediaUrl = typeof req.media_url === 'string' ? req.media_url : '';
        if (req.version !== 2 || !req.openid || !mediaUrl || ![1, 2].includes(req.media_type as number)) return { errcode: 40097, errmsg: 'invalid args' };
        const traceId = randomUUID();
        this.pushMediaVerdict(traceId, mediaUrl, String(req.openid));
        return { errcode: 0, errmsg: 'ok', trace_id: traceId };
      }
      case 'subscribeMessage.send': {
        if (!req.touser || !req.template_id) return { errcode: 40003, errmsg: 'invalid touser or template_id' };
        await this.opts.db.handle({
          action: 'database.insertDocument',
          collectionName: OUTBOX_COLLECTION,
          data: [JSON.stringify({ kind: 'subscribeMessage', touser: req.touser, template_id: req.template_id, page: req.page ?? '', data: req.data ?? {}, miniprogram_state: req.miniprogram_state ?? 'formal', lang: req.lang ?? 'zh_CN', at: { $date: new Date().toISOString() } })],
        });
        return { errcode: 0, errmsg: 'ok', msgid: Date.now() };
      }
      default:
        return { errcode: -1, errmsg: `${apiName} is not emulated locally` };
    }
  }

  /** The verdict arrives later through message push, as in WeChat: an event to the push function. */
  private pushMediaVerdict(traceId: string, mediaUrl: string, openid: string): void {
    const verdict = checkImageLocally(mediaUrl);
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      const event = {
        ToUserName: 'gh_local',
        FromUserName: openid,
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: 'event',
        Event: 'wxa_media_check',
        appid: 'wx-local',
        trace_id: traceId,
        version: 2,
        detail: [{ strategy: 'content_model', errcode: 0, ...verdict, prob: 90 }],
        errcode: 0,
        errmsg: 'ok',
        result: verdict,
      };
      if (!this.opts.functions.has(MESSAGE_PUSH_FUNCTION)) {
        if (this.opts.log) console.log(`[wx] media verdict ${traceId} dropped: no ${MESSAGE_PUSH_FUNCTION} function`);
        return;
      }
      const push = this.opts.functions.invoke(MESSAGE_PUSH_FUNCTION, event, { source: 'wx_message_push' }).catch(() => undefined);
      this.inFlight.add(push);
      void push.finally(() => this.inFlight.delete(push));
    }, this.opts.mediaVerdictDelayMs ?? 50);
    timer.unref();
    this.pending.add(timer);
  }

  /** Resolves once every verdict asked for so far has been pushed and handled (tests count writes after it). */
  async whenIdle(): Promise<void> {
    while (this.pending.size > 0 || this.inFlight.size > 0) {
      if (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
      else await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}
