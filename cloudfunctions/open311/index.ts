import { httpReply, parseHttpEvent, renderErrors, type HttpReply } from '../shared/domain/open311';
import { getDb } from '../shared/runtime/app';
import { serveOpen311 } from '../shared/usecases/open311';

/**
 * Open311 GeoReport v2, served by CloudBase's HTTP access service at /open311 (cloudbaserc.json
 * `httpServices`). The event is the access service's integration request and the reply its
 * integration response. There is no WeChat caller here: partners authenticate with an api_key
 * and public reads are limited per client address, so this is not a createFunction entry.
 */
export async function main(event: unknown): Promise<HttpReply> {
  try {
    return await serveOpen311(getDb(), parseHttpEvent(event));
  } catch (err) {
    console.error('[open311] could not serve', err);
    return httpReply(500, renderErrors('json', 500, ['the server could not answer; try again later']));
  }
}
