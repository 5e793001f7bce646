import { getDb } from '../shared/runtime/app';
import { onMediaVerdict, type MediaCheckEvent } from '../shared/usecases/snapshot-media';

/**
 * The mini-program's message-push target. Push events carry no `action` (they are not calls from
 * the app), so this is its own entry rather than createFunction. Today it handles the verdicts of
 * async image checks; anything else is acknowledged and ignored, as WeChat expects.
 */
export async function main(event: unknown): Promise<string> {
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
