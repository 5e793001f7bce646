// The WeChat API token a cloud function's runtime carries (WX_API_TOKEN; the SDK sends it as
// `wxCloudApiToken` with every `wx.openApi` call). CloudBase uses it to know which function calls,
// and so which `permissions.openapi` apply. The emulator issues one unguessable token per function
// and maps it back; a call without a known token did not come from a function.
import { randomBytes } from 'node:crypto';

export class WxApiTokens {
  private readonly byFunction = new Map<string, string>();
  private readonly byToken = new Map<string, string>();

  /** The token every instance of `fn` is started with. */
  issue(fn: string): string {
    let token = this.byFunction.get(fn);
    if (!token) {
      token = randomBytes(24).toString('base64url');
      this.byFunction.set(fn, token);
      this.byToken.set(token, fn);
    }
    return token;
  }

  /** The function a token was issued to, or null. */
  functionOf(token: unknown): string | null {
    return typeof token === 'string' && token ? this.byToken.get(token) ?? null : null;
  }
}
