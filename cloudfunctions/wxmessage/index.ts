import { callerOpenid, getDb } from '../shared/runtime/app';
import { onMediaVerdict, type MediaCheckEvent } from '../shared/usecases/snapshot-media';

/**
 * The mini-program's message-push target. Push events carry no `action` (they are not calls from
 * the app), so this is its own entry rather than createFunction. Today it handles the verdicts of
 * async image checks; anything else is acknowledged and ignored, as WeChat expects.
 *
 * Only WeChat's push may reach it: its invoke rule (database/function-rules.json) refuses every
 * client, and a push carries no caller, so an invocation whose runtime names a user is a client
 * that got past the rule (or a misconfigured environment) and is refused without reading the event.
 */
export async function main(event: unknown): Promise<string> {
  if (callerOpenid()) {
    console.warn('[wxmessage] refused an invocation with a caller openid: only message push may call this function');
    return 'forbidden';
  }
  const e = (event ?? {}) as MediaCheckEvent;
  try {
    if (e.MsgType === 'event' && e.Event === 'wxa_media_check') await onMediaVerdict(getDb(), e);
  } catch (err) {
    // WeChat retries a push that fails; a verdict we cannot apply now is better retried than lost.
    console.error('[wxmessage] could not apply media verdict', err);
    throw err;
  }
  return 'success';
}
