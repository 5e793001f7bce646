// What a request to the CloudBase API must carry: the TC3-HMAC-SHA256 signature headers that
// @cloudbase/node-sdk (3.18.3, and the 3.17.2 inside wx-server-sdk) adds to every call in
// src/utils/tcbapirequester.ts getHeaders(): `Authorization: TC3-HMAC-SHA256 Credential=<secretId>/
// <date>/tcb/tc3_request, SignedParams=…, SignedHeaders=…, Signature=<64 hex>`, `X-Timestamp` (unix
// seconds) and `X-Signature-Expires` (600). The emulator does not know the caller's key pair (any
// dummy pair works), so it checks that the signature is there, well formed and not expired — which is
// what keeps a web page on another origin out: a browser cannot send these headers cross-origin
// without a preflight, and /admin grants none.
import type { IncomingHttpHeaders } from 'node:http';

const TC3 = /^TC3-HMAC-SHA256 Credential=[^/\s,]+\/\d{4}-\d{2}-\d{2}\/tcb\/tc3_request,(?: SignedParams=[^,]*,)? SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/;
/** Clock skew tolerated on top of the signature's own lifetime. */
const SKEW_S = 300;

function one(h: string | string[] | undefined): string {
  return (Array.isArray(h) ? h[0] : h) ?? '';
}

/** null when the request carries a usable SDK signature, else CloudBase's refusal. */
export function hasSdkSignature(headers: IncomingHttpHeaders, nowS = Math.floor(Date.now() / 1000)): { code: string; message: string } | null {
  const auth = one(headers.authorization);
  if (!TC3.test(auth)) return { code: 'SIGN_PARAM_INVALID', message: 'missing or malformed request signature (Authorization)' };
  const ts = Number(one(headers['x-timestamp']));
  const expires = Number(one(headers['x-signature-expires']) || 600);
  if (!Number.isInteger(ts) || !Number.isFinite(expires)) return { code: 'SIGN_PARAM_INVALID', message: 'missing X-Timestamp' };
  if (ts > nowS + SKEW_S || ts + expires + SKEW_S < nowS) return { code: 'SIGN_EXPIRED_ERROR', message: 'request signature expired' };
  return null;
}
